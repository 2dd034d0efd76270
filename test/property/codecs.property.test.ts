/**
 * Fuzzing the codecs: for each, random byte streams (random bytes mixed with valid, corrupted and
 * truncated frames, cut into random chunks) never throw and never yield a reading outside the
 * device's physical range; and a valid frame after arbitrary garbage is always recovered. The
 * "no valid frame inside the garbage" preconditions are checked by small reference predicates
 * written here from hardware.md, independent of the decoders.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { hasValidCrc16Modbus, sum8, withCrc16Modbus, withSum8 } from '../../drivers/checksum';
import { isAimId } from '../../drivers/scanner/aim';
import { createHidPosDecoder, encodeHidPosReports, parseHidPosReport } from '../../drivers/scanner/hidPos';
import { createSerialLineDecoder, encodeScanLine } from '../../drivers/scanner/serialLine';
import { createGyMcu90614Decoder, encodeGyMcu90614Frame, GY_MCU90614_RANGES } from '../../drivers/thermometer/gyMcu90614';
import { createLu90614Decoder, encodeLu90614Reading, LU90614_RANGES } from '../../drivers/thermometer/lu90614';
import { CALEX_REGISTER_MAP, createModbusDecoder, encodeReadResponse, type ModbusReadRequest } from '../../drivers/thermometer/modbusRtu';
import type { RangeC } from '../../drivers/framer';
import type { StreamDecoder, TemperatureReading } from '../../drivers/types';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const AT = new Date('2026-03-01T08:00:00Z');
const TIMEOUT = 120_000;

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
};

/** Cuts bytes at the given (unsorted, possibly repeated or out-of-range) points. */
const cut = (bytes: Uint8Array, points: readonly number[]): Uint8Array[] => {
  const sorted = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...sorted].map((start, k) => bytes.subarray(start, sorted[k] ?? bytes.length));
};

const feedAll = <T>(decoder: StreamDecoder<T>, chunks: readonly Uint8Array[]): T[] => chunks.flatMap((c) => decoder.push(c, AT));

const matches = (actual: object | undefined, expected: object): boolean =>
  actual !== undefined && Object.entries(expected).every(([k, v]) => (actual as Record<string, unknown>)[k] === v);

const within = (v: number | undefined, r: RangeC): boolean => v === undefined || (Number.isFinite(v) && v >= r.minC && v <= r.maxC);

const bytes = (maxLength: number) => fc.uint8Array({ maxLength });
const cutPoints = fc.array(fc.nat(64), { maxLength: 4 });

/** A stream of tokens: random bytes, valid frames (with random raw values), corrupted or cut ones. */
function tokenStream(validFrame: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  const mutated = fc.tuple(validFrame, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([f, i, x]) => {
    const m = f.slice();
    const at = i % m.length;
    m[at] = (m[at] ?? 0) ^ x;
    return m;
  });
  const truncated = fc.tuple(validFrame, fc.nat()).map(([f, n]) => f.subarray(0, n % f.length));
  return fc.array(fc.oneof(bytes(12), validFrame, mutated, truncated), { maxLength: 4 }).map(concat);
}

type Checked = { stream: number; recovery: number };
const report = (codec: string, n: Checked) => console.log(`fuzz ${codec}: ${n.stream + n.recovery} runs (${n.stream} random streams, ${n.recovery} garbage + frame)`);

// --- Modbus RTU ------------------------------------------------------------------------------

const MB_REQ: ModbusReadRequest = { slave: 1, fn: 3, start: 0x12, count: 4 };
const mbFrame = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 4, maxLength: 4 }).map((registers) => encodeReadResponse({ slave: 1, fn: 3, registers })),
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
const luFrameAt = (s: Uint8Array, k: number): boolean => s[k] === 0xfe && (s[k + 1] === 0xaa || s[k + 1] === 0xac) && k + 9 <= s.length && sum8(s, k, k + 8) === s[k + 8];

const gyFrame = fc.tuple(fc.constantFrom(0x45, 0x46), fc.integer({ min: 1, max: 8 }), fc.uint8Array({ minLength: 8, maxLength: 8 })).map(([type, len, data]) => {
  const n = type === 0x45 ? 4 : len;
  return withSum8(Uint8Array.of(0x5a, 0x5a, type, n, ...data.subarray(0, n)));
});
const gyFrameAt = (s: Uint8Array, k: number): boolean => {
  const n = s[k + 3] ?? 0;
  return s[k] === 0x5a && s[k + 1] === 0x5a && n >= 1 && n <= 8 && k + 5 + n <= s.length && sum8(s, k, k + 4 + n) === s[k + 4 + n];
};

type ThermoCase = {
  codec: string;
  make: () => StreamDecoder<TemperatureReading>;
  frame: fc.Arbitrary<Uint8Array>;
  inRange: (r: TemperatureReading) => boolean;
  frameAt: (s: Uint8Array, k: number) => boolean;
  /** A valid in-range frame and the reading it must give. */
  good: fc.Arbitrary<{ frame: Uint8Array; expect: Partial<TemperatureReading> }>;
};

const celsius = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((h) => h / 100);

const THERMOMETERS: ThermoCase[] = [
  {
    codec: 'modbus-rtu',
    make: () => createModbusDecoder({ deviceId: 'f', request: MB_REQ }),
    frame: mbFrame,
    inRange: (r) => within(r.objectC, CALEX_REGISTER_MAP.objectRangeC) && within(r.ambientC, CALEX_REGISTER_MAP.ambientRangeC),
    frameAt: mbFrameAt,
    good: fc.tuple(fc.integer({ min: -500, max: 10000 }), fc.integer({ min: -400, max: 1250 })).map(([o, a]) => ({
      frame: encodeReadResponse({ slave: 1, fn: 3, registers: [word(o / 10), 0, word(a / 10), 0] }),
      expect: { objectC: o / 10, ambientC: a / 10 },
    })),
  },
  {
    codec: 'lu90614',
    make: () => createLu90614Decoder({ deviceId: 'f' }),
    frame: luFrame,
    inRange: (r) => (r.bodyC === undefined ? within(r.objectC, LU90614_RANGES.object) : within(r.bodyC, LU90614_RANGES.body) && r.objectC === r.bodyC),
    frameAt: luFrameAt,
    good: fc.oneof(
      celsius(20, 50).map((c) => ({ frame: encodeLu90614Reading(c, 'body'), expect: { objectC: c, bodyC: c } })),
      celsius(0, 255).map((c) => ({ frame: encodeLu90614Reading(c, 'object'), expect: { objectC: c } })),
    ),
  },
  {
    codec: 'gy-mcu90614',
    make: () => createGyMcu90614Decoder({ deviceId: 'f' }),
    frame: gyFrame,
    inRange: (r) => within(r.objectC, GY_MCU90614_RANGES.object) && r.ambientC !== undefined && within(r.ambientC, GY_MCU90614_RANGES.ambient),
    frameAt: gyFrameAt,
    good: fc.tuple(celsius(-70, 327), celsius(-40, 125)).map(([o, a]) => ({ frame: encodeGyMcu90614Frame(o, a), expect: { objectC: o, ambientC: a } })),
  },
];

describe('thermometer codecs under fuzzing', () => {
  for (const t of THERMOMETERS) {
    it(
      `${t.codec}: never throws, never emits outside the physical range; recovers a frame after garbage`,
      () => {
        const n: Checked = { stream: 0, recovery: 0 };
        fc.assert(
          fc.property(tokenStream(t.frame), cutPoints, (stream, points) => {
            n.stream++;
            const readings = feedAll(t.make(), cut(stream, points));
            return readings.every(t.inRange);
          }),
          { numRuns: RUNS },
        );
        fc.assert(
          fc.property(bytes(24), t.good, cutPoints, (garbage, good, points) => {
            const stream = concat([garbage, good.frame]);
            for (let k = 0; k < garbage.length; k++) fc.pre(!t.frameAt(stream, k));
            n.recovery++;
            const readings = feedAll(t.make(), cut(stream, points));
            // Plain comparisons: vitest's expect() per run would dominate the fuzzing time.
            return readings.length === 1 && matches(readings[0], good.expect);
          }),
          { numRuns: RUNS },
        );
        report(t.codec, n);
      },
      TIMEOUT,
    );
  }
});

// --- Scanners --------------------------------------------------------------------------------

const utf8Length = (s: string) => new TextEncoder().encode(s).length;
/** Serial lines cannot contain a line break; HID POS codes can (multi-line data), but not end in one. */
const scanOk = (max: number, lineBreaks: RegExp) => (r: { code: string; symbology?: string }) =>
  r.code.length > 0 && !lineBreaks.test(r.code) && utf8Length(r.code) <= max && (r.symbology === undefined || isAimId(r.symbology));

const aim = fc.option(fc.tuple(fc.constantFrom('Q', 'C', 'E', 'd', 'e', 'z', 'A'), fc.integer({ min: 0, max: 9 })).map(([c, m]) => `]${c}${m}`), { nil: undefined });
const codeText = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '9', '-', ':', '/', '.', ']', ' ', '张', '栋', '😀', '\u001d'), minLength: 1, maxLength: 40 });
/** Without an AIM id the code itself must not look like one, or the decoder rightly splits it. */
const scan = fc.tuple(codeText, aim).filter(([code, sym]) => sym !== undefined || !isAimId(code.slice(0, 3)));

const lineTokens = fc.array(fc.oneof(bytes(12), fc.constantFrom(Uint8Array.of(0x0d), Uint8Array.of(0x0a), Uint8Array.of(0x0d, 0x0a)), scan.map(([c, s]) => encodeScanLine(c, s === undefined ? {} : { symbology: s }))), { maxLength: 5 }).map(concat);

describe('scanner codecs under fuzzing', () => {
  it(
    'serial-line: never throws, emits only well-formed codes; recovers a line after garbage',
    () => {
      const n: Checked = { stream: 0, recovery: 0 };
      fc.assert(
        fc.property(lineTokens, cutPoints, (stream, points) => {
          n.stream++;
          return feedAll(createSerialLineDecoder({ deviceId: 'f', maxLineBytes: 24 }), cut(stream, points)).every(scanOk(24, /[\r\n]/));
        }),
        { numRuns: RUNS },
      );
      fc.assert(
        fc.property(bytes(24), scan, fc.constantFrom<'\r' | '\r\n' | '\n'>('\r', '\r\n', '\n'), cutPoints, (garbage, [code, symbology], terminator, points) => {
          n.recovery++;
          const line = encodeScanLine(code, symbology === undefined ? { terminator } : { symbology, terminator });
          const readings = feedAll(createSerialLineDecoder({ deviceId: 'f' }), cut(concat([garbage, Uint8Array.of(0x0d), line]), points));
          const last = readings.at(-1);
          return last?.code === code && last.symbology === symbology;
        }),
        { numRuns: RUNS },
      );
      report('serial-line', n);
    },
    TIMEOUT,
  );

  /** Report-shaped noise: random bytes, or a POS-looking header with random fields. */
  const report64 = fc.oneof(
    bytes(70),
    fc
      .tuple(fc.constantFrom(1, 2, 3), fc.integer({ min: 0, max: 64 }), fc.boolean(), fc.boolean(), bytes(64))
      .map(([id, len, withAim, more, body]) => {
        const r = new Uint8Array(64);
        r.set(body);
        r[0] = id;
        r[1] = len;
        if (withAim) r.set([0x5d, 0x51, 0x31], 2);
        r[63] = more ? 1 : 0;
        return r;
      }),
    scan.map(([c, s]) => encodeHidPosReports(c, { symbology: s ?? ']Q1' })[0] ?? new Uint8Array()),
  );

  it(
    'hid-pos: never throws, emits only well-formed codes; recovers a code after garbage reports',
    () => {
      const n: Checked = { stream: 0, recovery: 0 };
      fc.assert(
        fc.property(fc.array(report64, { maxLength: 5 }), fc.array(fc.nat(3000), { maxLength: 5 }), (reports, gaps) => {
          n.stream++;
          const d = createHidPosDecoder({ deviceId: 'f', maxCodeBytes: 100 });
          let t = AT.getTime();
          return reports.every((r, k) => d.push(r, new Date((t += gaps[k] ?? 0))).every(scanOk(100, /[\r\n]$/)));
        }),
        { numRuns: RUNS },
      );
      fc.assert(
        fc.property(fc.array(report64, { maxLength: 3 }), scan, (garbage, [code, symbology]) => {
          fc.pre(!/[\r\n]$/.test(code) && garbage.every((r) => parseHidPosReport(r) === undefined));
          n.recovery++;
          const d = createHidPosDecoder({ deviceId: 'f' });
          const readings = [...garbage, ...encodeHidPosReports(code, { symbology: symbology ?? ']Q1' })].flatMap((r) => d.push(r, AT));
          return readings.length === 1 && readings[0]?.code === code && readings[0].symbology === (symbology ?? ']Q1');
        }),
        { numRuns: RUNS },
      );
      report('hid-pos', n);
    },
    TIMEOUT,
  );
});
