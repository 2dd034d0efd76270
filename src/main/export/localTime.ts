/**
 * `formatLocal` (core/time.ts) at export speed. formatLocal builds an Intl formatter on every call
 * (~160 µs on the bench machine), which alone would take minutes on a 1,000,000-row export.
 * A zone's offset changes a few times a year at most, and always on a whole minute (every rule in
 * the tz database since 1970), so it is learnt from formatLocal once per UTC hour and then applied
 * by arithmetic. An hour in which the offset changes (a DST switch) is searched for the minute of
 * the switch, so rows on either side of it still take the arithmetic path.
 * Only the instants the gate writes (toISOString, UTC "Z") take the fast paths.
 */
import { formatLocal, localDateTimeFormat, zoneOffsetMs } from '../core/time';

/** ISO instant → `YYYY-MM-DD HH:mm:ss` in the zone, exactly what formatLocal returns. */
export type LocalFormatter = (iso: string) => string;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Enough hours for years of data; cleared rather than evicted, since rows come in time order. */
const MAX_CACHED_HOURS = 50_000;

/** The offsets of one UTC hour: `before` until `switchAt` (ms), `after` from then on. */
type HourOffsets = { before: number; after: number; switchAt: number };

export function localTimeFormatter(timeZone: string): LocalFormatter {
  const hours = new Map<number, HourOffsets>();
  // formatLocal's own formatter, built once: the offsets of a month of hours cost 0.3 s otherwise.
  // The unit test holds the result to formatLocal in zones with and without DST.
  const intl = localDateTimeFormat(timeZone);
  const offsetAt = (ms: number): number => zoneOffsetMs(intl, ms);
  const hourOffsets = (hour: number): HourOffsets => {
    const start = hour * HOUR_MS;
    const before = offsetAt(start);
    const after = offsetAt(start + HOUR_MS - MINUTE_MS);
    if (before === after) return { before, after, switchAt: start + HOUR_MS };
    // Binary search over the hour's minutes for the first one already on the new offset.
    let lo = 0; // on `before`
    let hi = 59; // on `after`
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (offsetAt(start + mid * MINUTE_MS) === before) lo = mid;
      else hi = mid;
    }
    return { before, after, switchAt: start + hi * MINUTE_MS };
  };

  const viaOffset = (iso: string): string => {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return formatLocal(iso, timeZone);
    const hour = Math.floor(ms / HOUR_MS);
    let h = hours.get(hour);
    if (h === undefined) {
      if (hours.size >= MAX_CACHED_HOURS) hours.clear();
      h = hourOffsets(hour);
      hours.set(hour, h);
    }
    const offset = ms < h.switchAt ? h.before : h.after;
    return new Date(ms + offset).toISOString().slice(0, 19).replace('T', ' ');
  };

  // Rows arrive in time order, many per minute. Offsets change only on whole minutes, so within
  // one UTC minute only the seconds change: the local minute is reused and the seconds copied.
  let lastMinute = '';
  let lastLocalMinute = '';
  return (iso) => {
    const utc = iso.length >= 20 && iso.charCodeAt(iso.length - 1) === 90; /* Z */
    if (utc && lastMinute && iso.startsWith(lastMinute)) return lastLocalMinute + iso.slice(16, 19);
    const local = viaOffset(iso);
    if (utc) {
      lastMinute = iso.slice(0, 17);
      lastLocalMinute = local.slice(0, 16);
    }
    return local;
  };
}
