import { describe, expect, it } from 'vitest';
import {
  CALEX_REGISTER_MAP,
  createModbusDecoder,
  encodeExceptionResponse,
  encodeReadRequest,
  encodeReadResponse,
  encodeWriteSingleRegister,
  requestForMap,
  type ModbusReadRequest,
} from '../../../drivers/thermometer/modbusRtu';
import { AT, concat, everySplit, feed, hex, oneByteAtATime, toHex } from './bytes';

const ONE_REG: ModbusReadRequest = { slave: 1, fn: 3, start: 0x12, count: 1 };
const FOUR_REGS: ModbusReadRequest = { slave: 1, fn: 3, start: 0x12, count: 4 };
const dec = (request: ModbusReadRequest = FOUR_REGS) => createModbusDecoder({ deviceId: 'pyro-1', request });

// hardware.md §2.1 fixtures
const REPLY_36_5 = hex('01 03 02 01 6D 78 39');
const REPLY_MINUS_5 = hex('01 03 02 FF CE 78 20');
const REPLY_4_REGS = hex('01 03 08 01 6D 01 6E 00 F8 00 00 81 34');
const EXCEPTION_02 = hex('01 83 02 C0 F1');

describe('Modbus RTU request encoding (hardware.md §2.1, §1.1)', () => {
  it.each([
    [ONE_REG, '01 03 00 12 00 01 24 0F'],
    [FOUR_REGS, '01 03 00 12 00 04 E4 0C'],
    [{ ...FOUR_REGS, fn: 4 as const }, '01 04 00 12 00 04 51 CC'],
    [{ ...ONE_REG, slave: 255 }, 'FF 03 00 12 00 01 31 D1'],
    [{ slave: 0x40, fn: 3 as const, start: 0x1006, count: 1 }, '40 03 10 06 00 01 6F DA'],
    [{ slave: 0x40, fn: 3 as const, start: 0x1028, count: 1 }, '40 03 10 28 00 01 0F D3'],
    [{ slave: 1, fn: 3 as const, start: 0, count: 1 }, '01 03 00 00 00 01 84 0A'],
  ])('%o → %s', (req, wire) => {
    expect(toHex(encodeReadRequest(req))).toBe(wire);
  });

  it('write emissivity 0.9800 (0x2648) to 0x18 → 01 06 00 18 26 48 13 9B', () => {
    expect(toHex(encodeWriteSingleRegister({ slave: 1, register: 0x18, value: 0x2648 }))).toBe(
      '01 06 00 18 26 48 13 9B',
    );
  });

  it('the default Calex map reads 0x12..0x15 in one request', () => {
    expect(requestForMap(CALEX_REGISTER_MAP)).toEqual(FOUR_REGS);
  });

  it('refuses requests a device cannot answer', () => {
    expect(() => encodeReadRequest({ ...ONE_REG, slave: 0 })).toThrow(RangeError);
    expect(() => encodeReadRequest({ ...ONE_REG, count: 126 })).toThrow(RangeError);
    expect(() => encodeReadRequest({ ...ONE_REG, start: 0xffff, count: 2 })).toThrow(RangeError);
  });

  it('device-side encoders reproduce the fixture replies', () => {
    expect(toHex(encodeReadResponse({ slave: 1, fn: 3, registers: [0x016d, 0x016e, 0x00f8, 0] }))).toBe(
      toHex(REPLY_4_REGS),
    );
    expect(toHex(encodeExceptionResponse({ slave: 1, fn: 3, code: 2 }))).toBe(toHex(EXCEPTION_02));
  });
});

describe('Modbus RTU reply decoding (hardware.md §2.1)', () => {
  it('01 03 02 01 6D 78 39 → 36.5 °C', () => {
    expect(feed(dec(ONE_REG), REPLY_36_5)).toEqual([
      { kind: 'temperature', objectC: 36.5, deviceId: 'pyro-1', at: AT },
    ]);
  });

  it('01 03 02 FF CE 78 20 → −5.0 °C (signed)', () => {
    expect(feed(dec(ONE_REG), REPLY_MINUS_5).map((r) => r.objectC)).toEqual([-5]);
  });

  it('four registers → filtered object 36.5, ambient 24.8, status 0', () => {
    const d = dec();
    expect(feed(d, REPLY_4_REGS)).toEqual([
      { kind: 'temperature', objectC: 36.5, ambientC: 24.8, deviceId: 'pyro-1', at: AT },
    ]);
    expect(d.stats()).toEqual({ frames: 1, garbageBytes: 0, badChecksums: 0, exceptions: 0 });
  });

  it('the same reply to FC04', () => {
    const reply = encodeReadResponse({ slave: 1, fn: 4, registers: [0x016d, 0x016e, 0x00f8, 0] });
    expect(feed(dec({ ...FOUR_REGS, fn: 4 }), reply).map((r) => r.objectC)).toEqual([36.5]);
  });

  it('a configurable map: Hukseflux hundredths at 0x1006 (40 03 02 08 B1 43 FF → 22.25)', () => {
    const map = {
      ...CALEX_REGISTER_MAP,
      object: 0x1006,
      ambient: undefined,
      status: undefined,
      divisor: 100,
    };
    const d = createModbusDecoder({
      deviceId: 'sr05',
      request: { slave: 0x40, fn: 3, start: 0x1006, count: 1 },
      map,
    });
    expect(feed(d, hex('40 03 02 08 B1 43 FF')).map((r) => r.objectC)).toEqual([22.25]);
  });

  it('a map with unsigned words', () => {
    const map = { ...CALEX_REGISTER_MAP, signed: false, objectRangeC: { minC: 0, maxC: 7000 } };
    expect(
      feed(createModbusDecoder({ deviceId: 'u', request: ONE_REG, map }), REPLY_MINUS_5).map(
        (r) => r.objectC,
      ),
    ).toEqual([6548.6]);
  });

  it('refuses a map whose object register the request does not read', () => {
    expect(() => createModbusDecoder({ deviceId: 'x', request: { ...ONE_REG, start: 0x13 } })).toThrow(
      RangeError,
    );
  });

  it.each([
    ['one register', ONE_REG, REPLY_36_5],
    ['four registers', FOUR_REGS, REPLY_4_REGS],
  ])('a reply (%s) split at every position decodes once', (_name, req, reply) => {
    for (const { k, readings } of everySplit(() => dec(req), reply))
      expect(
        readings.map((r) => r.objectC),
        `split at ${k}`,
      ).toEqual([36.5]);
    expect(oneByteAtATime(dec(req), reply)).toHaveLength(1);
  });

  it('skips leading garbage, including bytes that look like the slave address', () => {
    const d = dec();
    expect(feed(d, hex('00 01 01 03 FF 01 03'), REPLY_4_REGS).map((r) => r.objectC)).toEqual([36.5]);
    expect(d.stats().garbageBytes).toBe(7);
  });

  it('a corrupted CRC is counted and not emitted; the next good reply is', () => {
    const bad = REPLY_4_REGS.slice();
    bad[12] = (bad[12] ?? 0) ^ 0xff;
    const d = dec();
    expect(feed(d, bad, REPLY_4_REGS)).toHaveLength(1);
    expect(d.stats()).toMatchObject({ frames: 1, badChecksums: 1, garbageBytes: 13 });
  });

  it('a truncated reply followed by a full one: the full one is recovered', () => {
    const d = dec();
    expect(feed(d, REPLY_4_REGS.subarray(0, 9), REPLY_4_REGS)).toHaveLength(1);
    expect(d.stats().frames).toBe(1);
  });

  it('replies from the wrong address or function are skipped', () => {
    const wrongSlave = encodeReadResponse({ slave: 2, fn: 3, registers: [0x016d, 0x016e, 0x00f8, 0] });
    const wrongFn = encodeReadResponse({ slave: 1, fn: 4, registers: [0x016d, 0x016e, 0x00f8, 0] });
    const d = dec();
    expect(feed(d, wrongSlave, wrongFn)).toEqual([]);
    expect(d.stats()).toMatchObject({ frames: 0, garbageBytes: 26 });
  });

  it('two replies in one chunk give two readings', () => {
    expect(feed(dec(ONE_REG), concat(REPLY_36_5, REPLY_MINUS_5)).map((r) => r.objectC)).toEqual([36.5, -5]);
  });

  it('exception reply 01 83 02 C0 F1 (illegal data address) is counted, not thrown or emitted', () => {
    const d = dec();
    expect(feed(d, EXCEPTION_02)).toEqual([]);
    expect(d.stats()).toMatchObject({ exceptions: 1, frames: 0, garbageBytes: 0 });
    expect(d.lastExceptionCode()).toBe(2);
  });

  it('an exception after a stalled garbage header is not held back', () => {
    const d = dec();
    expect(feed(d, concat(hex('01 03 08'), EXCEPTION_02))).toEqual([]);
    expect(d.stats()).toMatchObject({ exceptions: 1, garbageBytes: 3 });
  });

  it('an exception split at every position', () => {
    for (let k = 0; k <= EXCEPTION_02.length; k++) {
      const d = dec();
      feed(d, EXCEPTION_02.subarray(0, k), EXCEPTION_02.subarray(k));
      expect(d.stats().exceptions).toBe(1);
    }
  });

  it('status error bits void the reading (counted as an exception)', () => {
    const d = dec();
    expect(
      feed(d, encodeReadResponse({ slave: 1, fn: 3, registers: [0x016d, 0x016e, 0x00f8, 0x0001] })),
    ).toEqual([]);
    expect(d.stats().exceptions).toBe(1);
  });

  it('values outside the physical range are not emitted (CRC-valid, counted as garbage)', () => {
    const d = dec(ONE_REG);
    expect(feed(d, encodeReadResponse({ slave: 1, fn: 3, registers: [0x7fff] }))).toEqual([]);
    expect(d.stats()).toMatchObject({ frames: 0, garbageBytes: 7 });
  });

  it('address 255 accepts the answer of whichever sensor is on the line', () => {
    const d = createModbusDecoder({ deviceId: 'any', request: { ...ONE_REG, slave: 255 } });
    expect(feed(d, REPLY_36_5, encodeReadResponse({ slave: 255, fn: 3, registers: [0x016d] }))).toHaveLength(
      2,
    );
  });

  it('reset clears partial frames and counters', () => {
    const d = dec();
    feed(d, hex('FF'), REPLY_4_REGS.subarray(0, 5));
    d.reset();
    expect(d.stats()).toEqual({ frames: 0, garbageBytes: 0, badChecksums: 0, exceptions: 0 });
    expect(feed(d, REPLY_4_REGS.subarray(5))).toEqual([]);
    expect(feed(d, REPLY_4_REGS)).toHaveLength(1);
  });
});
