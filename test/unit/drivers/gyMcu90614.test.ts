import { describe, expect, it } from 'vitest';
import { withSum8 } from '../../../drivers/checksum';
import {
  createGyMcu90614Decoder,
  encodeGyMcu90614Command,
  encodeGyMcu90614Frame,
} from '../../../drivers/thermometer/gyMcu90614';
import { AT, concat, everySplit, feed, hex, oneByteAtATime, toHex } from './bytes';

const dec = () => createGyMcu90614Decoder({ deviceId: 'gy-1' });

describe('GY-MCU90614 commands (hardware.md §2.3)', () => {
  it.each([
    ['stream', 'A5 45 EA'],
    ['query', 'A5 15 BA'],
    ['baud9600', 'A5 AE 53'],
    ['baud115200', 'A5 AF 54'],
    ['autoOutputOn', 'A5 51 F6'],
    ['autoOutputOff', 'A5 52 F7'],
  ] as const)('%s → %s', (cmd, wire) => {
    expect(toHex(encodeGyMcu90614Command(cmd))).toBe(wire);
  });
});

// hardware.md §2.3 fixtures: [hex, object °C, ambient °C]
const FIXTURES = [
  ['5A 5A 45 04 0E 42 09 D0 26', 36.5, 25.12],
  ['5A 5A 45 04 0D 3B 09 60 AE', 33.87, 24],
  ['5A 5A 45 04 FE 0C 08 66 75', -5, 21.5],
] as const;

describe('GY-MCU90614 frames (hardware.md §2.3)', () => {
  it.each(FIXTURES)('%s → TO %f, TA %f', (frame, objectC, ambientC) => {
    expect(feed(dec(), hex(frame))).toEqual([
      { kind: 'temperature', objectC, ambientC, deviceId: 'gy-1', at: AT },
    ]);
    expect(toHex(encodeGyMcu90614Frame(objectC, ambientC))).toBe(frame);
  });

  it('§2.3: chunks 00 11 | 5A 5A 45 04 0E | 42 09 D0 26 5A 5A 45 04 0D 3B 09 60 AE → 2 frames', () => {
    const d = dec();
    const readings = feed(
      d,
      hex('00 11'),
      hex('5A 5A 45 04 0E'),
      hex('42 09 D0 26 5A 5A 45 04 0D 3B 09 60 AE'),
    );
    expect(readings.map((r) => [r.objectC, r.ambientC])).toEqual([
      [36.5, 25.12],
      [33.87, 24],
    ]);
    expect(d.stats()).toEqual({ frames: 2, garbageBytes: 2, badChecksums: 0, exceptions: 0 });
  });

  it.each(FIXTURES)('%s split at every position decodes once', (frame, objectC) => {
    for (const { k, readings } of everySplit(dec, hex(frame)))
      expect(
        readings.map((r) => r.objectC),
        `split at ${k}`,
      ).toEqual([objectC]);
    expect(oneByteAtATime(dec(), hex(frame))).toHaveLength(1);
  });

  it('a bad checksum is counted and the next frame recovered', () => {
    const d = dec();
    expect(
      feed(d, hex('5A 5A 45 04 0E 42 09 D0 27 5A 5A 45 04 0D 3B 09 60 AE')).map((r) => r.objectC),
    ).toEqual([33.87]);
    expect(d.stats()).toMatchObject({ frames: 1, badChecksums: 1 });
  });

  it('a false 5A 5A header with a long length byte does not hold back a real frame', () => {
    const d = dec();
    expect(feed(d, hex('5A 5A 00 08 01'), hex(FIXTURES[0][0])).map((r) => r.objectC)).toEqual([36.5]);
  });

  it('a valid frame of another type or length (later body-mode firmware) is skipped by its length byte', () => {
    const d = dec();
    const unknown = withSum8(hex('5A 5A 46 05 01 02 03 04 05'));
    expect(unknown).toHaveLength(10);
    expect(feed(d, concat(unknown, hex(FIXTURES[1][0]))).map((r) => r.objectC)).toEqual([33.87]);
    expect(d.stats()).toMatchObject({ frames: 1, garbageBytes: 10, badChecksums: 0 });
  });

  it('values outside the MLX90614 range are not emitted', () => {
    const d = dec();
    // object 0x7FFF = 327.67 °C is inside the object span; ambient 200 °C is not.
    expect(feed(d, encodeGyMcu90614Frame(327.67, 200), encodeGyMcu90614Frame(-100, 20))).toEqual([]);
    expect(d.stats().frames).toBe(0);
  });
});
