/**
 * Fuzz cases for the thermometer codecs. The frameAt predicates are small references written from
 * hardware.md (independent of the decoders) for the "no valid frame inside the garbage"
 * precondition.
 */
import fc from 'fast-check';
import { hasValidCrc16Modbus, sum8, withCrc16Modbus, withSum8 } from '../../drivers/checksum';
import {
  createGyMcu90614Decoder,
  encodeGyMcu90614Frame,
  GY_MCU90614_RANGES,
} from '../../drivers/thermometer/gyMcu90614';
import {
  createLu90614Decoder,
  encodeLu90614Reading,
  LU90614_RANGES,
} from '../../drivers/thermometer/lu90614';
import {
  CALEX_REGISTER_MAP,
  createModbusDecoder,
  encodeReadResponse,
  type ModbusReadRequest,
} from '../../drivers/thermometer/modbusRtu';
import type { StreamDecoder, TemperatureReading } from '../../drivers/types';
import { within } from './streams';

// --- Modbus RTU ------------------------------------------------------------------------------

const MB_REQ: ModbusReadRequest = { slave: 1, fn: 3, start: 0x12, count: 4 };
const mbFrame = fc.oneof(
  fc
    .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 4, maxLength: 4 })
    .map((registers) => encodeReadResponse({ slave: 1, fn: 3, registers })),
  fc.integer({ min: 0, max: 255 }).map((code) => withCrc16Modbus(Uint8Array.of(1, 0x83, code))),
);
/** Reference: a CRC-valid reply or exception to MB_REQ starts at k. */
const mbFrameAt = (s: Uint8Array, k: number): boolean =>
  s[k] === 1 &&
  ((s[k + 1] === 3 && s[k + 2] === 8 && k + 13 <= s.length && hasValidCrc16Modbus(s, k, k + 13)) ||
    (s[k + 1] === 0x83 && k + 5 <= s.length && hasValidCrc16Modbus(s, k, k + 5)));
const word = (c: number) => Math.round(c * 10) & 0xffff;

// --- LU90614 / GY-MCU90614 -------------------------------------------------------------------

const luFrame = fc
  .tuple(fc.constantFrom(0xaa, 0xac), fc.uint8Array({ minLength: 6, maxLength: 6 }))
  .map(([mode, rest]) => withSum8(Uint8Array.of(0xfe, mode, ...rest)));
const luFrameAt = (s: Uint8Array, k: number): boolean =>
  s[k] === 0xfe &&
  (s[k + 1] === 0xaa || s[k + 1] === 0xac) &&
  k + 9 <= s.length &&
  sum8(s, k, k + 8) === s[k + 8];

const gyFrame = fc
  .tuple(
    fc.constantFrom(0x45, 0x46),
    fc.integer({ min: 1, max: 8 }),
    fc.uint8Array({ minLength: 8, maxLength: 8 }),
  )
  .map(([type, len, data]) => {
    const n = type === 0x45 ? 4 : len;
    return withSum8(Uint8Array.of(0x5a, 0x5a, type, n, ...data.subarray(0, n)));
  });
const gyFrameAt = (s: Uint8Array, k: number): boolean => {
  const n = s[k + 3] ?? 0;
  return (
    s[k] === 0x5a &&
    s[k + 1] === 0x5a &&
    n >= 1 &&
    n <= 8 &&
    k + 5 + n <= s.length &&
    sum8(s, k, k + 4 + n) === s[k + 4 + n]
  );
};

export type ThermoCase = {
  codec: string;
  make: () => StreamDecoder<TemperatureReading>;
  frame: fc.Arbitrary<Uint8Array>;
  inRange: (r: TemperatureReading) => boolean;
  frameAt: (s: Uint8Array, k: number) => boolean;
  /** A valid in-range frame and the reading it must give. */
  good: fc.Arbitrary<{ frame: Uint8Array; expect: Partial<TemperatureReading> }>;
};

const celsius = (min: number, max: number) =>
  fc.integer({ min: min * 100, max: max * 100 }).map((h) => h / 100);

export const THERMOMETERS: ThermoCase[] = [
  {
    codec: 'modbus-rtu',
    make: () => createModbusDecoder({ deviceId: 'f', request: MB_REQ }),
    frame: mbFrame,
    inRange: (r) =>
      within(r.objectC, CALEX_REGISTER_MAP.objectRangeC) &&
      within(r.ambientC, CALEX_REGISTER_MAP.ambientRangeC),
    frameAt: mbFrameAt,
    good: fc
      .tuple(fc.integer({ min: -500, max: 10000 }), fc.integer({ min: -400, max: 1250 }))
      .map(([o, a]) => ({
        frame: encodeReadResponse({ slave: 1, fn: 3, registers: [word(o / 10), 0, word(a / 10), 0] }),
        expect: { objectC: o / 10, ambientC: a / 10 },
      })),
  },
  {
    codec: 'lu90614',
    make: () => createLu90614Decoder({ deviceId: 'f' }),
    frame: luFrame,
    inRange: (r) =>
      r.bodyC === undefined
        ? within(r.objectC, LU90614_RANGES.object)
        : within(r.bodyC, LU90614_RANGES.body) && r.objectC === r.bodyC,
    frameAt: luFrameAt,
    good: fc.oneof(
      celsius(20, 50).map((c) => ({
        frame: encodeLu90614Reading(c, 'body'),
        expect: { objectC: c, bodyC: c },
      })),
      celsius(0, 255).map((c) => ({ frame: encodeLu90614Reading(c, 'object'), expect: { objectC: c } })),
    ),
  },
  {
    codec: 'gy-mcu90614',
    make: () => createGyMcu90614Decoder({ deviceId: 'f' }),
    frame: gyFrame,
    inRange: (r) =>
      within(r.objectC, GY_MCU90614_RANGES.object) &&
      r.ambientC !== undefined &&
      within(r.ambientC, GY_MCU90614_RANGES.ambient),
    frameAt: gyFrameAt,
    good: fc
      .tuple(celsius(-70, 327), celsius(-40, 125))
      .map(([o, a]) => ({ frame: encodeGyMcu90614Frame(o, a), expect: { objectC: o, ambientC: a } })),
  },
];
