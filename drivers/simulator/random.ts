/**
 * Seeded randomness for the simulator, so a noisy or fragmented session can be replayed exactly.
 */

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough to pick split points and noise bytes. */
export function seededRng(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [min, max]. */
export const randomInt = (rng: Rng, min: number, max: number): number =>
  min + Math.floor(rng() * (max - min + 1));

export function randomBytes(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = randomInt(rng, 0, 255);
  return out;
}

/** Cuts bytes into up to maxPieces non-empty pieces at random points. */
export function splitAtRandom(bytes: Uint8Array, rng: Rng, maxPieces = 3): Uint8Array[] {
  const pieces = Math.min(bytes.length, randomInt(rng, 1, maxPieces));
  const cuts = new Set<number>();
  while (cuts.size < pieces - 1) cuts.add(randomInt(rng, 1, bytes.length - 1));
  const points = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, k) => bytes.subarray(points[k] ?? 0, end));
}
