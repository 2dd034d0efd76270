/** Test helpers: fixtures are written as hex exactly as hardware.md prints them. */
import type { StreamDecoder } from '../../../drivers/types';

/** `'01 03 00×3 0A'` → bytes; `00×n` is n zero bytes, as in hardware.md §3.2. */
export function hex(text: string): Uint8Array {
  const out: number[] = [];
  for (const tok of text.trim().split(/\s+/)) {
    const m = /^([0-9a-f]{2})×(\d+)$/i.exec(tok);
    if (m) out.push(...Array<number>(Number(m[2])).fill(parseInt(m[1] ?? '', 16)));
    else if (/^[0-9a-f]{2}$/i.test(tok)) out.push(parseInt(tok, 16));
    else throw new Error(`bad hex token ${tok}`);
  }
  return Uint8Array.from(out);
}

export const toHex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0').toUpperCase()).join(' ');

export const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
};

export const AT = new Date('2026-03-01T08:00:00Z');

/** Feeds the chunks in order and collects every reading. */
export function feed<T>(decoder: StreamDecoder<T>, ...chunks: Uint8Array[]): T[] {
  return chunks.flatMap((c) => decoder.push(c, AT));
}

/** For every cut point k (0..len), the readings from feeding bytes as [0,k) then [k,len). */
export function everySplit<T>(
  make: () => StreamDecoder<T>,
  bytes: Uint8Array,
): { k: number; readings: T[] }[] {
  return Array.from({ length: bytes.length + 1 }, (_, k) => ({
    k,
    readings: feed(make(), bytes.subarray(0, k), bytes.subarray(k)),
  }));
}

/** Byte by byte, the hardest fragmentation. */
export const oneByteAtATime = <T>(decoder: StreamDecoder<T>, bytes: Uint8Array): T[] =>
  feed(decoder, ...Array.from(bytes, (b) => Uint8Array.of(b)));
