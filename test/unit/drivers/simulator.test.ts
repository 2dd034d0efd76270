import { spawn, spawnSync } from 'node:child_process';
import { MockBinding, type MockPortBinding } from '@serialport/binding-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSerialLineDecoder, encodeScanLine } from '../../../drivers/scanner/serialLine';
import { createDeviceModel } from '../../../drivers/simulator/deviceModel';
import { startPtySimulator, type PtySimulator } from '../../../drivers/simulator/ptySimulator';
import { seededRng, splitAtRandom } from '../../../drivers/simulator/random';
import { createGyMcu90614Decoder, encodeGyMcu90614Command } from '../../../drivers/thermometer/gyMcu90614';
import { encodeLu90614Command } from '../../../drivers/thermometer/lu90614';
import {
  createModbusDecoder,
  encodeReadRequest,
  encodeReadResponse,
  encodeWriteSingleRegister,
} from '../../../drivers/thermometer/modbusRtu';
import { AT, concat, hex, toHex } from './bytes';

// hardware.md §2.1: reply to 01 03 00 12 00 04 E4 0C (filtered 36.5, unfiltered 36.6, sensor 24.8).
const REQ_4 = { slave: 1, fn: 3 as const, start: 0x12, count: 4 };
const REPLY_4 = '01 03 08 01 6D 01 6E 00 F8 00 00 81 34';
const CALEX_SIM = {
  protocol: 'modbus-rtu' as const,
  temperatureC: 36.5,
  ambientC: 24.8,
  extraRegisters: { 0x13: 0x016e },
};

describe('device models (pure)', () => {
  it('Modbus: answers the §2.1 request with the §2.1 reply, even byte by byte', () => {
    const m = createDeviceModel(CALEX_SIM);
    expect(m.onHostBytes(encodeReadRequest(REQ_4)).map(toHex)).toEqual([REPLY_4]);
    const bytes = encodeReadRequest(REQ_4);
    expect(
      Array.from(bytes, (b) => m.onHostBytes(Uint8Array.of(b)))
        .flat()
        .map(toHex),
    ).toEqual([REPLY_4]);
  });

  it('Modbus: ignores other slaves and bad CRCs; answers 255; exception 02 past its registers; echoes writes', () => {
    const m = createDeviceModel(CALEX_SIM);
    const bad = encodeReadRequest(REQ_4);
    bad[7] = (bad[7] ?? 0) ^ 1;
    expect(m.onHostBytes(concat(encodeReadRequest({ ...REQ_4, slave: 2 }), bad))).toEqual([]);
    const any = m.onHostBytes(encodeReadRequest({ ...REQ_4, slave: 255, count: 1 }));
    expect(any.map(toHex)).toEqual([toHex(encodeReadResponse({ slave: 255, fn: 3, registers: [0x016d] }))]);
    expect(m.onHostBytes(encodeReadRequest({ ...REQ_4, start: 0x100 })).map(toHex)).toEqual([
      '01 83 02 C0 F1',
    ]);
    const write = encodeWriteSingleRegister({ slave: 1, register: 0x18, value: 0x2648 });
    expect(m.onHostBytes(write).map(toHex)).toEqual(['01 06 00 18 26 48 13 9B']);
  });

  it('Modbus: a temperature change shows in the next reply', () => {
    const m = createDeviceModel(CALEX_SIM);
    m.setTemperature(-5);
    const reply = m.onHostBytes(encodeReadRequest({ ...REQ_4, count: 1 }))[0];
    expect(reply && toHex(reply)).toBe('01 03 02 FF CE 78 20');
  });

  it('LU90614: mode commands switch the reply mode; measure replies (§2.4 frames)', () => {
    const m = createDeviceModel({ protocol: 'lu90614', temperatureC: 36.75 });
    expect(m.onHostBytes(encodeLu90614Command('measure')).map(toHex)).toEqual(['FE AC 24 4B 00 00 00 00 19']);
    m.setTemperature(23.05);
    expect(
      m.onHostBytes(concat(encodeLu90614Command('objectMode'), encodeLu90614Command('measure'))).map(toHex),
    ).toEqual(['FE AA 17 05 00 00 00 00 C4']);
  });

  it('GY-MCU90614: query answers once; stream turns on continuous frames (§2.3)', () => {
    const m = createDeviceModel({ protocol: 'gy-mcu90614', temperatureC: 36.5, ambientC: 25.12 });
    expect(m.streamFrame()).toBeUndefined();
    expect(m.onHostBytes(encodeGyMcu90614Command('query')).map(toHex)).toEqual([
      '5A 5A 45 04 0E 42 09 D0 26',
    ]);
    expect(m.onHostBytes(encodeGyMcu90614Command('stream'))).toEqual([]);
    expect(m.isStreaming()).toBe(true);
    expect(toHex(m.streamFrame() ?? new Uint8Array())).toBe('5A 5A 45 04 0E 42 09 D0 26');
  });

  it('serial-line scanner: scans on demand, thermometers cannot', () => {
    expect(createDeviceModel({ protocol: 'serial-line', symbology: ']Q1' }).scan('HM00001')).toEqual(
      encodeScanLine('HM00001', { symbology: ']Q1' }),
    );
    expect(createDeviceModel({ protocol: 'lu90614' }).scan('HM00001')).toBeUndefined();
  });

  it('seeded splitting is reproducible and loses no bytes', () => {
    const bytes = hex(REPLY_4);
    const a = splitAtRandom(bytes, seededRng(7), 4);
    expect(a.map(toHex)).toEqual(splitAtRandom(bytes, seededRng(7), 4).map(toHex));
    expect(toHex(concat(...a))).toBe(REPLY_4);
    expect(a.every((p) => p.length > 0)).toBe(true);
  });
});

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('pty simulator over @serialport/binding-mock (hardware.md §4.1)', () => {
  let sim: PtySimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
    MockBinding.reset();
  });

  it('answers a Modbus request with the right frame', async () => {
    MockBinding.createPort('/dev/ttySIM0', { echo: false, record: true });
    sim = await startPtySimulator({ ...CALEX_SIM, path: '/dev/ttySIM0', binding: MockBinding });
    const device = sim.port.port as MockPortBinding;
    device.emitData(Buffer.from(encodeReadRequest(REQ_4)));
    await until(() => device.recording.length >= 13);
    expect(toHex(device.recording)).toBe(REPLY_4);
  });

  it('with noise and split frames the reply still decodes', async () => {
    MockBinding.createPort('/dev/ttySIM1', { echo: false, record: true });
    sim = await startPtySimulator({
      ...CALEX_SIM,
      path: '/dev/ttySIM1',
      binding: MockBinding,
      noise: 1,
      split: true,
      seed: 3,
    });
    const device = sim.port.port as MockPortBinding;
    const request = encodeReadRequest(REQ_4);
    device.emitData(Buffer.from(request.subarray(0, 3)));
    device.emitData(Buffer.from(request.subarray(3)));
    await until(() => device.recording.length > 13);
    await sim.flushed();
    const readings = createModbusDecoder({ deviceId: 'p', request: REQ_4 }).push(device.recording, AT);
    expect(readings.map((r) => [r.objectC, r.ambientC])).toEqual([[36.5, 24.8]]);
  });
  it('a serial-line scanner sends scans on demand; its noise is a garbage line, never a wrong code', async () => {
    MockBinding.createPort('/dev/ttySIM2', { echo: false, record: true });
    sim = await startPtySimulator({
      protocol: 'serial-line',
      symbology: ']Q1',
      path: '/dev/ttySIM2',
      binding: MockBinding,
      noise: 1,
      seed: 5,
    });
    expect(sim.scan('HM00001')).toBe(true);
    expect(sim.emitFrame()).toBe(false);
    await sim.flushed();
    const decoder = createSerialLineDecoder({ deviceId: 's' });
    const device = sim.port.port as MockPortBinding;
    expect(decoder.push(device.recording, AT).map((r) => [r.symbology, r.code])).toEqual([
      [']Q1', 'HM00001'],
    ]);
    expect(decoder.stats().garbageBytes).toBeGreaterThan(0);
  });
});

const hasSocat = spawnSync('socat', ['-V']).status === 0;

describe.skipIf(!hasSocat)('pty simulator over a real socat pty pair', () => {
  it('streams GY-MCU90614 frames the kiosk end decodes', async () => {
    const socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      const paths: string[] = [];
      socat.stderr.setEncoding('utf8');
      socat.stderr.on('data', (t: string) =>
        paths.push(...Array.from(t.matchAll(/PTY is (\S+)/g), (m) => m[1] ?? '')),
      );
      await until(() => paths.length >= 2);
      const [kioskEnd = '', deviceEnd = ''] = paths;
      const sim = await startPtySimulator({
        protocol: 'gy-mcu90614',
        path: deviceEnd,
        temperatureC: 36.5,
        ambientC: 25.12,
        split: true,
        noise: 0.5,
        streamIntervalMs: 20,
      });
      const { SerialPort } = await import('serialport');
      const kiosk = new SerialPort({ path: kioskEnd, baudRate: 9600 });
      const decoder = createGyMcu90614Decoder({ deviceId: 'gy' });
      const readings: number[] = [];
      kiosk.on('data', (b: Buffer) => readings.push(...decoder.push(b, new Date()).map((r) => r.objectC)));
      kiosk.write(Buffer.from(encodeGyMcu90614Command('stream')));
      await until(() => readings.length >= 3, 5000);
      expect(new Set(readings)).toEqual(new Set([36.5]));
      await sim.close();
      await new Promise<void>((r) => kiosk.close(() => r()));
      // Noise was on: every garbage byte is counted, none became a reading.
      expect(decoder.stats().frames).toBe(readings.length);
    } finally {
      socat.kill();
    }
  });
});
