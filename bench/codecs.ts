/**
 * `npx tsx bench/codecs.ts`: decode throughput of each driver codec over a large pre-built stream
 * (BENCH_FRAMES frames, default 1e5) fed in seeded random chunk sizes (1–64 bytes, what a serial
 * port or a USB-serial latency timer delivers), clean and with garbage bursts before 10 % of the
 * frames. Every run checks the decoder found every frame, so a fast-but-wrong decoder cannot
 * post a number. Appends a table to bench/RESULTS.md unless BENCH_NO_RECORD=1.
 */
import { appendFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createHidPosDecoder, encodeHidPosReports } from '../drivers/scanner/hidPos';
import { createSerialLineDecoder, encodeScanLine } from '../drivers/scanner/serialLine';
import { randomBytes, randomInt, seededRng, type Rng } from '../drivers/simulator/random';
import { createGyMcu90614Decoder, encodeGyMcu90614Frame } from '../drivers/thermometer/gyMcu90614';
import { createLu90614Decoder, encodeLu90614Reading } from '../drivers/thermometer/lu90614';
import {
  createModbusDecoder,
  encodeReadResponse,
  type ModbusReadRequest,
} from '../drivers/thermometer/modbusRtu';
import type { StreamDecoder } from '../drivers/types';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 100_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const AT = new Date();
const MB_REQ: ModbusReadRequest = { slave: 1, fn: 3, start: 0x12, count: 4 };

type Case = {
  codec: string;
  make: () => StreamDecoder<unknown>;
  frame: (k: number) => Uint8Array[];
  /** Garbage the codec can tell from data; default random bytes. HID has none (whole reports). */
  noise?: (rng: Rng) => Uint8Array;
  noNoise?: boolean;
};

/** A line scanner cannot tell random text from a code, so its noise is never-valid UTF-8 + CR. */
const lineNoise = (rng: Rng): Uint8Array => {
  const n = randomInt(rng, 2, 9);
  return Uint8Array.from({ length: n }, (_, k) => (k === n - 1 ? 0x0d : randomInt(rng, 0xf5, 0xff)));
};

const CASES: Case[] = [
  {
    codec: 'modbus-rtu (4 registers)',
    make: () => createModbusDecoder({ deviceId: 'b', request: MB_REQ }),
    frame: (k) => [encodeReadResponse({ slave: 1, fn: 3, registers: [350 + (k % 30), 351, 248, 0] })],
  },
  {
    codec: 'lu90614',
    make: () => createLu90614Decoder({ deviceId: 'b' }),
    frame: (k) => [encodeLu90614Reading(35 + (k % 300) / 100, 'body')],
  },
  {
    codec: 'gy-mcu90614',
    make: () => createGyMcu90614Decoder({ deviceId: 'b' }),
    frame: (k) => [encodeGyMcu90614Frame(30 + (k % 700) / 100, 25.12)],
  },
  {
    codec: 'serial-line (AIM + ~12 B code)',
    make: () => createSerialLineDecoder({ deviceId: 'b' }),
    frame: (k) => [
      encodeScanLine(`HM${String(k % 100_000).padStart(5, '0')}-${k % 7}`, {
        symbology: k % 2 ? ']Q1' : ']C0',
        terminator: k % 3 ? '\r' : '\r\n',
      }),
    ],
    noise: lineNoise,
  },
  {
    codec: 'hid-pos (64-B reports, 10 % 2-report codes)',
    make: () => createHidPosDecoder({ deviceId: 'b' }),
    frame: (k) =>
      encodeHidPosReports(
        k % 10 === 0 ? `https://gate.example/v/${'x'.repeat(40)}/${k}` : `HM${String(k).padStart(5, '0')}`,
      ),
    noNoise: true,
  },
];

type Input = { chunks: Uint8Array[]; bytes: number };

/** Byte streams are re-cut at random points; HID is fed report by report, as node-hid delivers it. */
function build(c: Case, noisy: boolean, rng: Rng): Input {
  const parts: Uint8Array[] = [];
  for (let k = 0; k < FRAMES; k++) {
    if (noisy && rng() < 0.1) parts.push(c.noise?.(rng) ?? randomBytes(rng, randomInt(rng, 1, 8)));
    parts.push(...c.frame(k));
  }
  const bytes = parts.reduce((n, p) => n + p.length, 0);
  if (c.codec.startsWith('hid-pos')) return { chunks: parts, bytes };
  const all = new Uint8Array(bytes);
  let off = 0;
  for (const p of parts) {
    all.set(p, off);
    off += p.length;
  }
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < all.length;) {
    const n = randomInt(rng, 1, 64);
    chunks.push(all.subarray(i, i + n));
    i += n;
  }
  return { chunks, bytes };
}

function run(c: Case, input: Input): { ms: number; found: number } {
  const d = c.make();
  let found = 0;
  const t0 = performance.now();
  for (const chunk of input.chunks) found += d.push(chunk, AT).length;
  return { ms: performance.now() - t0, found };
}

function main(): void {
  const rows: string[] = [];
  for (const c of CASES) {
    for (const noisy of c.noNoise ? [false] : [false, true]) {
      const input = build(c, noisy, seededRng(42));
      run(c, input); // warm-up: JIT
      const times: number[] = [];
      for (let r = 0; r < REPEATS; r++) {
        const { ms, found } = run(c, input);
        if (found !== FRAMES)
          throw new Error(`${c.codec}${noisy ? ' noisy' : ''}: decoded ${found} of ${FRAMES} frames`);
        times.push(ms);
      }
      const ms = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? NaN;
      const fps = FRAMES / (ms / 1000);
      rows.push(
        `| ${c.codec}${noisy ? ', 10 % garbage bursts' : ''} | ${FRAMES.toLocaleString('en')} | ${input.bytes.toLocaleString('en')} | ${input.chunks.length.toLocaleString('en')} | ${ms.toFixed(1)} | ${Math.round(fps).toLocaleString('en')} | ${(input.bytes / 1e6 / (ms / 1000)).toFixed(1)} |`,
      );
    }
  }
  const cpu = cpus()[0]?.model ?? 'unknown';
  const machine = `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
  const lines = [
    `## Codecs ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${machine}`,
    '',
    `\`npx tsx bench/codecs.ts\`: one decoder per run, byte streams cut into random 1–64 B chunks (seed 42), median of ${REPEATS} runs after a warm-up.`,
    '',
    '| codec | frames | bytes | chunks | ms | frames/s | MB/s |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ];
  console.log(lines.join('\n'));
  if (!process.env.BENCH_NO_RECORD) appendFileSync(join(__dirname, 'RESULTS.md'), `\n${lines.join('\n')}`);
}

main();
