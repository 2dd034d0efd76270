/** Stream-shaping helpers shared by the codec fuzz tests. */
import fc from 'fast-check';
import type { RangeC } from '../../drivers/framer';
import type { StreamDecoder } from '../../drivers/types';

export const AT = new Date('2026-03-01T08:00:00Z');

export const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
};

/** Cuts bytes at the given (unsorted, possibly repeated or out-of-range) points. */
export const cut = (bytes: Uint8Array, points: readonly number[]): Uint8Array[] => {
  const sorted = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...sorted].map((start, k) => bytes.subarray(start, sorted[k] ?? bytes.length));
};

export const feedAll = <T>(decoder: StreamDecoder<T>, chunks: readonly Uint8Array[]): T[] =>
  chunks.flatMap((c) => decoder.push(c, AT));

export const matches = (actual: object | undefined, expected: object): boolean =>
  actual !== undefined &&
  Object.entries(expected).every(([k, v]) => (actual as Record<string, unknown>)[k] === v);

export const within = (v: number | undefined, r: RangeC): boolean =>
  v === undefined || (Number.isFinite(v) && v >= r.minC && v <= r.maxC);

export const bytes = (maxLength: number) => fc.uint8Array({ maxLength });
export const cutPoints = fc.array(fc.nat(64), { maxLength: 4 });

/** A stream of tokens: random bytes, valid frames (with random raw values), corrupted or cut ones. */
export function tokenStream(validFrame: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  const mutated = fc.tuple(validFrame, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([f, i, x]) => {
    const m = f.slice();
    const at = i % m.length;
    m[at] = (m[at] ?? 0) ^ x;
    return m;
  });
  const truncated = fc.tuple(validFrame, fc.nat()).map(([f, n]) => f.subarray(0, n % f.length));
  return fc.array(fc.oneof(bytes(12), validFrame, mutated, truncated), { maxLength: 4 }).map(concat);
}
