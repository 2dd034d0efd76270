/**
 * Serial / USB-CDC scanners (hardware.md §3.3): one code per line, ended by CR, CRLF or a lone LF,
 * with an optional AIM symbology prefix. Bytes are framed before UTF-8 decoding so a multi-byte
 * character split across chunks survives.
 */
import { emptyStats, type ScanReading, type StreamDecoder } from '../types';
import { decodeUtf8, splitAim } from './aim';

export const DEFAULT_MAX_LINE_BYTES = 4096;
const CR = 0x0d;
const utf8 = new TextEncoder();
const LF = 0x0a;

export type SerialLineDecoderOptions = {
  deviceId: string;
  /** Longer lines are dropped, up to the next terminator, as garbage. */
  maxLineBytes?: number;
};

/** Device side (simulator, tests): a scan as the scanner sends it. */
export function encodeScanLine(
  code: string,
  opts: { symbology?: string; terminator?: '\r' | '\r\n' | '\n' } = {},
): Uint8Array {
  return utf8.encode(`${opts.symbology ?? ''}${code}${opts.terminator ?? '\r'}`);
}

export function createSerialLineDecoder(opts: SerialLineDecoderOptions): StreamDecoder<ScanReading> {
  const max = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`maxLineBytes must be a positive integer: ${max}`);
  const stats = emptyStats();
  // Grown on demand: most codes are short, and decoders are created per device and per test run.
  let line = new Uint8Array(Math.min(max, 128));
  let len = 0;
  let overflowing = false;

  const endLine = (out: ScanReading[], at: Date): void => {
    if (overflowing) {
      overflowing = false;
      return;
    }
    if (len === 0) return; // the LF of a CRLF, or a blank line
    const text = decodeUtf8(line.subarray(0, len));
    const parsed = text === undefined ? undefined : splitAim(text);
    if (parsed === undefined || parsed.code === '') stats.garbageBytes += len;
    else {
      stats.frames++;
      out.push(
        parsed.symbology === undefined
          ? { kind: 'scan', code: parsed.code, deviceId: opts.deviceId, at }
          : { kind: 'scan', ...parsed, deviceId: opts.deviceId, at },
      );
    }
    len = 0;
  };

  return {
    push(chunk, at) {
      const out: ScanReading[] = [];
      let start = 0;
      while (start <= chunk.length) {
        let j = start;
        while (j < chunk.length && chunk[j] !== CR && chunk[j] !== LF) j++;
        const n = j - start;
        if (overflowing) stats.garbageBytes += n;
        else if (len + n > max) {
          stats.garbageBytes += len + n;
          overflowing = true;
          len = 0;
        } else {
          if (len + n > line.length) {
            const grown = new Uint8Array(Math.min(max, Math.max(line.length * 2, len + n)));
            grown.set(line.subarray(0, len));
            line = grown;
          }
          line.set(chunk.subarray(start, j), len);
          len += n;
        }
        if (j >= chunk.length) break;
        endLine(out, at);
        start = j + 1;
      }
      return out;
    },
    stats: () => ({ ...stats }),
    reset() {
      len = 0;
      overflowing = false;
      Object.assign(stats, emptyStats());
    },
  };
}
