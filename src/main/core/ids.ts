/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits, so ids sort by creation time and
 * rows from different gates never collide. Within one millisecond a counter in the random field keeps
 * ids from one generator strictly increasing even if the wall clock stalls or steps back.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from './clock';
import { systemClock } from './clock';

export type IdGenerator = () => string;

/** Random bytes drawn 4 KiB at a time: one small randomBytes call costs more than the rest of an id. */
function pooledRandom(): (n: number) => Buffer {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return (n) => {
    if (offset + n > pool.length) {
      pool = randomBytes(4096);
      offset = 0;
    }
    const out = Buffer.from(pool.subarray(offset, offset + n));
    offset += n;
    return out;
  };
}

/**
 * `floorMs`, read at the first id: the millisecond of the last id made before this process started.
 * Ids then begin past it, so they keep sorting after the old ones even when the clock now reads
 * earlier (a manager accepted a clock that was set back, decision 0024).
 */
export function uuidv7Generator(
  clock: Clock = systemClock,
  random: (n: number) => Buffer = pooledRandom(),
  floorMs?: () => number,
): IdGenerator {
  let lastMs = -1;
  let counter = 0;
  let floored = floorMs === undefined;
  return () => {
    if (!floored) {
      floored = true;
      const floor = floorMs?.() ?? -1;
      if (Number.isFinite(floor) && floor >= 0) lastMs = floor + 1;
    }
    let ms = clock.now().getTime();
    if (ms <= lastMs) {
      counter += 1;
      // 12-bit counter: on overflow borrow the next millisecond rather than repeat an id.
      if (counter > 0xfff) {
        lastMs += 1;
        counter = 0;
      }
      ms = lastMs;
    } else {
      lastMs = ms;
      counter = random(2).readUInt16BE(0) & 0x7ff;
    }
    const bytes = random(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
