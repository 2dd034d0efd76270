import { describe, expect, it } from 'vitest';
import {
  createLu90614Decoder,
  encodeLu90614Command,
  encodeLu90614Reading,
} from '../../../drivers/thermometer/lu90614';
import { AT, concat, everySplit, feed, hex, oneByteAtATime, toHex } from './bytes';

const dec = () => createLu90614Decoder({ deviceId: 'lu-1' });

describe('LU90614 commands (hardware.md §2.4)', () => {
  it.each([
    ['bodyMode', 'FA C5 BF'],
    ['objectMode', 'FA C6 C0'],
    ['measure', 'FA CA C4'],
  ] as const)('%s → %s', (cmd, wire) => {
    expect(toHex(encodeLu90614Command(cmd))).toBe(wire);
  });
});

// hardware.md §2.4 fixtures: [hex, mode, °C]
const FIXTURES = [
  ['FE AA 28 1E 00 00 00 00 EE', 'object', 40.3],
  ['FE AC 28 1E 00 00 00 00 F0', 'body', 40.3],
  ['FE AC 24 4B 00 00 00 00 19', 'body', 36.75],
  ['FE AC 25 1E 00 00 00 00 ED', 'body', 37.3],
  ['FE AA 17 05 00 00 00 00 C4', 'object', 23.05],
] as const;

describe('LU90614 replies (hardware.md §2.4)', () => {
  it.each(FIXTURES)('%s → %s %f °C', (frame, mode, celsius) => {
    const [r] = feed(dec(), hex(frame));
    expect(r).toEqual(
      mode === 'body'
        ? { kind: 'temperature', objectC: celsius, bodyC: celsius, deviceId: 'lu-1', at: AT }
        : { kind: 'temperature', objectC: celsius, deviceId: 'lu-1', at: AT },
    );
    expect(toHex(encodeLu90614Reading(celsius, mode))).toBe(frame);
  });

  it.each(FIXTURES)('%s split at every position decodes once', (frame, _mode, celsius) => {
    for (const { k, readings } of everySplit(dec, hex(frame)))
      expect(
        readings.map((r) => r.objectC),
        `split at ${k}`,
      ).toEqual([celsius]);
    expect(oneByteAtATime(dec(), hex(frame))).toHaveLength(1);
  });

  it('leading garbage, including FE bytes and a false FE AC header', () => {
    const d = dec();
    const readings = feed(d, hex('00 FE FE AC 01'), hex('FE AC 24 4B 00 00 00 00 19'));
    expect(readings.map((r) => r.bodyC)).toEqual([36.75]);
    expect(d.stats()).toMatchObject({ frames: 1, garbageBytes: 5 });
  });

  it('a bad checksum is counted, skipped, and the stream resynchronises', () => {
    const d = dec();
    const readings = feed(d, concat(hex('FE AC 24 4B 00 00 00 00 18'), hex('FE AA 17 05 00 00 00 00 C4')));
    expect(readings.map((r) => r.objectC)).toEqual([23.05]);
    expect(d.stats()).toMatchObject({ frames: 1, badChecksums: 1, garbageBytes: 9 });
  });

  it('hundredths above 99 are not a temperature', () => {
    const d = dec();
    // sum8 is right, DataL = 100.
    expect(feed(d, hex('FE AA 24 64 00 00 00 00 30'))).toEqual([]);
    expect(d.stats()).toMatchObject({ garbageBytes: 9, badChecksums: 0 });
  });

  it('a body value outside the module’s physical range is not emitted', () => {
    const d = dec();
    expect(feed(d, encodeLu90614Reading(5, 'object'), encodeLu90614Reading(5, 'body'))).toHaveLength(1);
    expect(d.stats()).toMatchObject({ frames: 1, garbageBytes: 9 });
  });

  it('two frames in one chunk', () => {
    expect(feed(dec(), concat(hex(FIXTURES[0][0]), hex(FIXTURES[2][0]))).map((r) => r.objectC)).toEqual([
      40.3, 36.75,
    ]);
  });
});
