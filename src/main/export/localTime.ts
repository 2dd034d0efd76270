/**
 * `formatLocal` (core/time.ts) at export speed. formatLocal builds an Intl formatter on every call
 * (~160 µs on the bench machine), which alone would take minutes on a 1,000,000-row export.
 * A zone's offset is a whole number of minutes and changes a few times a year at most, so the
 * offset is learnt from formatLocal once per UTC hour and then applied by arithmetic; an hour in
 * which the offset changes (a DST switch) falls back to formatLocal for every row in it.
 * Only the instants the gate writes (toISOString, UTC "Z") take the fast paths.
 */
import { formatLocal } from '../core/time';

/** ISO instant → `YYYY-MM-DD HH:mm:ss` in the zone, exactly what formatLocal returns. */
export type LocalFormatter = (iso: string) => string;

const HOUR_MS = 3_600_000;
/** Enough hours for years of data; cleared rather than evicted, since rows come in time order. */
const MAX_CACHED_HOURS = 50_000;

export function localTimeFormatter(timeZone: string): LocalFormatter {
  const offsets = new Map<number, number | null>();

  const offsetAt = (ms: number): number => {
    const local = formatLocal(new Date(ms).toISOString(), timeZone);
    return Date.parse(`${local.replace(' ', 'T')}Z`) - ms;
  };
  const hourOffset = (hour: number): number | null => {
    const start = offsetAt(hour * HOUR_MS);
    return offsetAt(hour * HOUR_MS + HOUR_MS - 1000) === start ? start : null;
  };

  const viaOffset = (iso: string): string => {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return formatLocal(iso, timeZone);
    const hour = Math.floor(ms / HOUR_MS);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      if (offsets.size >= MAX_CACHED_HOURS) offsets.clear();
      offset = hourOffset(hour);
      offsets.set(hour, offset);
    }
    if (offset === null) return formatLocal(iso, timeZone);
    return new Date(ms + offset).toISOString().slice(0, 19).replace('T', ' ');
  };

  // Rows arrive in time order, many per minute. Offsets are whole minutes, so within one UTC
  // minute only the seconds change: the local minute is reused and the seconds copied across.
  let lastMinute = '';
  let lastLocalMinute = '';
  return (iso) => {
    const utc = iso.length >= 20 && iso.charCodeAt(iso.length - 1) === 90; /* Z */
    if (utc && iso.startsWith(lastMinute) && lastMinute) return lastLocalMinute + iso.slice(16, 19);
    const local = viaOffset(iso);
    if (utc) {
      lastMinute = iso.slice(0, 17);
      lastLocalMinute = local.slice(0, 16);
    }
    return local;
  };
}
