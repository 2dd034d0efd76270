/**
 * Fuzzing the codecs: for each, random byte streams (random bytes mixed with valid, corrupted and
 * truncated frames, cut into random chunks) never throw and never yield a reading outside the
 * device's physical range; and a valid frame after arbitrary garbage is always recovered. The
 * "no valid frame inside the garbage" preconditions use small reference predicates written from
 * hardware.md, independent of the decoders (thermometerCases.ts).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createHidPosDecoder, encodeHidPosReports, parseHidPosReport } from '../../drivers/scanner/hidPos';
import { createSerialLineDecoder, encodeScanLine } from '../../drivers/scanner/serialLine';
import { lineTokens, report64, scan, scanOk } from './scannerArbitraries';
import { AT, bytes, concat, cut, cutPoints, feedAll, matches, tokenStream } from './streams';
import { THERMOMETERS } from './thermometerCases';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const TIMEOUT = 120_000;

type Checked = { stream: number; recovery: number };
const report = (codec: string, n: Checked) =>
  console.log(
    `fuzz ${codec}: ${n.stream + n.recovery} runs (${n.stream} random streams, ${n.recovery} garbage + frame)`,
  );

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

describe('scanner codecs under fuzzing', () => {
  it(
    'serial-line: never throws, emits only well-formed codes; recovers a line after garbage',
    () => {
      const n: Checked = { stream: 0, recovery: 0 };
      fc.assert(
        fc.property(lineTokens, cutPoints, (stream, points) => {
          n.stream++;
          return feedAll(
            createSerialLineDecoder({ deviceId: 'f', maxLineBytes: 24 }),
            cut(stream, points),
          ).every(scanOk(24, /[\r\n]/));
        }),
        { numRuns: RUNS },
      );
      fc.assert(
        fc.property(
          bytes(24),
          scan,
          fc.constantFrom<'\r' | '\r\n' | '\n'>('\r', '\r\n', '\n'),
          cutPoints,
          (garbage, [code, symbology], terminator, points) => {
            n.recovery++;
            const line = encodeScanLine(
              code,
              symbology === undefined ? { terminator } : { symbology, terminator },
            );
            const readings = feedAll(
              createSerialLineDecoder({ deviceId: 'f' }),
              cut(concat([garbage, Uint8Array.of(0x0d), line]), points),
            );
            const last = readings.at(-1);
            return last?.code === code && last.symbology === symbology;
          },
        ),
        { numRuns: RUNS },
      );
      report('serial-line', n);
    },
    TIMEOUT,
  );

  it(
    'hid-pos: never throws, emits only well-formed codes; recovers a code after garbage reports',
    () => {
      const n: Checked = { stream: 0, recovery: 0 };
      fc.assert(
        fc.property(
          fc.array(report64, { maxLength: 5 }),
          fc.array(fc.nat(3000), { maxLength: 5 }),
          (reports, gaps) => {
            n.stream++;
            const d = createHidPosDecoder({ deviceId: 'f', maxCodeBytes: 100 });
            let t = AT.getTime();
            return reports.every((r, k) =>
              d.push(r, new Date((t += gaps[k] ?? 0))).every(scanOk(100, /[\r\n]$/)),
            );
          },
        ),
        { numRuns: RUNS },
      );
      fc.assert(
        fc.property(fc.array(report64, { maxLength: 3 }), scan, (garbage, [code, symbology]) => {
          fc.pre(!/[\r\n]$/.test(code) && garbage.every((r) => parseHidPosReport(r) === undefined));
          n.recovery++;
          const d = createHidPosDecoder({ deviceId: 'f' });
          const readings = [
            ...garbage,
            ...encodeHidPosReports(code, { symbology: symbology ?? ']Q1' }),
          ].flatMap((r) => d.push(r, AT));
          return (
            readings.length === 1 &&
            readings[0]?.code === code &&
            readings[0].symbology === (symbology ?? ']Q1')
          );
        }),
        { numRuns: RUNS },
      );
      report('hid-pos', n);
    },
    TIMEOUT,
  );
});
