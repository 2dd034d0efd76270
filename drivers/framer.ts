/**
 * Shared resynchronising framer for the binary thermometer protocols. A protocol describes how to
 * recognise a frame start and check a complete candidate; the framer keeps the unconsumed tail
 * between chunks, and on anything that is not a good frame drops one byte and rescans, so a
 * misaligned start costs at most one frame. Stats are counted here, never thrown.
 *
 * What the counters mean, for every decoder in drivers/: `frames` = frames that produced a
 * reading; `garbageBytes` = bytes dropped (noise, the first byte of a failed candidate, a
 * checksum-valid frame with an impossible value or of a type the driver cannot read);
 * `badChecksums` = complete candidates whose checksum failed; `exceptions` = the device said it
 * could not measure (a Modbus exception reply, or status bits that void the value).
 */
import { emptyStats, type DecoderStats } from './types';

/** frameLength() result: buf[i] cannot start a frame. */
export const NOT_A_FRAME = -1;
/** frameLength() result: more bytes are needed to tell whether / how long a frame starts here. */
export const NEED_MORE = 0;

export type FrameSpec = {
  /** Length of the frame starting at buf[i], or NOT_A_FRAME / NEED_MORE, looking only at buf[i, end). */
  frameLength(buf: Uint8Array, i: number, end: number): number;
  /** Whether the complete candidate buf[i, i+len) passes its checksum. */
  checksumOk(buf: Uint8Array, i: number, len: number): boolean;
  /** Upper bound of frameLength(); bounds the buffer a stalled candidate can hold. */
  maxFrameLength: number;
};

/**
 * What the protocol made of a checksum-valid frame. 'rejected' (e.g. a value outside the device's
 * physical range) is treated as a false start: one byte is dropped and scanning resumes, because a
 * frame that passes a weak sum8 with an impossible value is more likely misaligned than real.
 */
export type FrameOutcome = 'accepted' | 'rejected';

export type Framer = {
  push(chunk: Uint8Array, onFrame: (buf: Uint8Array, i: number, len: number) => FrameOutcome): void;
  readonly stats: DecoderStats;
  reset(): void;
};

export function createFramer(spec: FrameSpec): Framer {
  const stats = emptyStats();
  let pending = new Uint8Array(0);

  const completeFrameAt = (buf: Uint8Array, i: number): number => {
    const len = spec.frameLength(buf, i, buf.length);
    return len > 0 && i + len <= buf.length && spec.checksumOk(buf, i, len) ? len : 0;
  };

  const push: Framer['push'] = (chunk, onFrame) => {
    let buf: Uint8Array;
    if (pending.length === 0) buf = chunk;
    else {
      buf = new Uint8Array(pending.length + chunk.length);
      buf.set(pending);
      buf.set(chunk, pending.length);
    }
    const end = buf.length;
    let i = 0;
    scan: while (i < end) {
      const len = spec.frameLength(buf, i, end);
      if (len === NOT_A_FRAME) {
        stats.garbageBytes++;
        i++;
        continue;
      }
      if ((len === NEED_MORE && end - i >= spec.maxFrameLength) || len > spec.maxFrameLength) {
        // A spec that keeps asking for more than its own bound would grow the buffer forever.
        stats.garbageBytes++;
        i++;
        continue;
      }
      if (len === NEED_MORE || i + len > end) {
        // A stalled candidate must not hide a shorter complete frame behind it (an exception reply
        // after a garbage header would otherwise wait for bytes that never come).
        for (let j = i + 1; j < end; j++) {
          if (completeFrameAt(buf, j) > 0) {
            stats.garbageBytes += j - i;
            i = j;
            continue scan;
          }
        }
        break;
      }
      if (!spec.checksumOk(buf, i, len)) {
        stats.badChecksums++;
        stats.garbageBytes++;
        i++;
        continue;
      }
      if (onFrame(buf, i, len) === 'accepted') i += len;
      else {
        stats.garbageBytes++;
        i++;
      }
    }
    // Copy, so the caller's chunk (often a pooled Buffer) is never retained.
    pending = i >= end ? new Uint8Array(0) : buf.slice(i);
  };

  return {
    push,
    stats,
    reset() {
      pending = new Uint8Array(0);
      Object.assign(stats, emptyStats());
    },
  };
}

/** Two's-complement int16 from a big-endian pair. */
export const int16be = (buf: Uint8Array, i: number): number =>
  (((buf[i] ?? 0) << 24) >> 16) | (buf[i + 1] ?? 0);
/** Unsigned 16-bit from a big-endian pair. */
export const uint16be = (buf: Uint8Array, i: number): number => ((buf[i] ?? 0) << 8) | (buf[i + 1] ?? 0);

/** An inclusive range in °C. */
export type RangeC = { minC: number; maxC: number };
export const inRange = (v: number, r: RangeC): boolean => v >= r.minC && v <= r.maxC;
