/**
 * Numbers and times as the gate shows them: 36.5℃, 24-hour HH:mm in the gate's own time zone
 * (not the kiosk PC's, which may be set to anything).
 */

const FALLBACK_TZ = 'Asia/Shanghai';
const PLACEHOLDER = '—';

export function formatTemperature(celsius: number | null | undefined): string {
  if (celsius === null || celsius === undefined || !Number.isFinite(celsius)) return PLACEHOLDER;
  const rounded = Math.round(celsius * 10) / 10;
  // Avoid "-0.0℃" for values that round to zero from below.
  return `${(rounded === 0 ? 0 : rounded).toFixed(1)}℃`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Numeric parts only, so the result does not depend on the locale's own date style. */
function partsFormatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone: tz,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      // An unknown zone in the gate's config must not blank the screen.
      f = tz === FALLBACK_TZ ? new Intl.DateTimeFormat('en-GB') : partsFormatter(FALLBACK_TZ);
    }
    formatters.set(tz, f);
  }
  return f;
}

type Parts = { year: string; month: string; day: string; hour: string; minute: string; second: string };

function zonedParts(date: Date, tz: string): Parts | null {
  if (Number.isNaN(date.getTime())) return null;
  const out: Record<string, string> = {};
  for (const p of partsFormatter(tz).formatToParts(date)) out[p.type] = p.value;
  const { year, month, day, hour, minute, second } = out;
  if (!year || !month || !day || !hour || !minute || !second) return null;
  // Some engines render midnight as "24" even with h23.
  return { year, month, day, hour: hour === '24' ? '00' : hour, minute, second };
}

function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * 24-hour HH:mm in `tz`. `locale` is accepted so callers need not change when a locale wants a
 * different style; both catalogues currently use the same digits.
 */
export function formatTime(iso: string | Date, tz: string, _locale?: string): string {
  const p = zonedParts(toDate(iso), tz);
  return p ? `${p.hour}:${p.minute}` : PLACEHOLDER;
}

export function formatClock(iso: string | Date, tz: string): string {
  const p = zonedParts(toDate(iso), tz);
  return p ? `${p.hour}:${p.minute}:${p.second}` : PLACEHOLDER;
}

/** YYYY-MM-DD HH:mm in `tz`. */
export function formatDateTime(iso: string | Date, tz: string, _locale?: string): string {
  const p = zonedParts(toDate(iso), tz);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : PLACEHOLDER;
}

/** The gate's calendar date, which is what "today" means in the entry log filter. */
export function todayInZone(tz: string, now: Date = new Date()): string {
  const p = zonedParts(now, tz);
  if (!p) throw new RangeError('invalid clock');
  return `${p.year}-${p.month}-${p.day}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A count as the gate's language writes it (digit grouping: 12,345). */
export function formatCount(n: number, locale: string): string {
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    numberFormats.set(locale, f);
  }
  return f.format(n);
}

/** How far `tz`'s wall clock is ahead of UTC at `date`, in ms (+8 h for Asia/Shanghai). */
function zoneOffsetMs(date: Date, tz: string): number | null {
  const p = zonedParts(date, tz);
  if (!p) return null;
  const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return wall - Math.floor(date.getTime() / 1000) * 1000;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `datetime-local` value read as the gate's wall clock (not the kiosk PC's) → an ISO instant.
 * A wall time skipped by a DST change resolves to the instant just after the gap; null when the
 * value is not a complete date and time.
 */
export function localInputToIso(value: string, tz: string): string | null {
  const m = LOCAL_INPUT.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, s ? +s : 0);
  if (Number.isNaN(wall) || new Date(wall).getUTCDate() !== +d!) return null;
  // Try the offset at the guess, then the offset at that answer; one of them fits unless the
  // wall time falls in a DST gap, where the later instant (clock moved forward) is taken.
  const fits = (instant: number): boolean => instant + (zoneOffsetMs(new Date(instant), tz) ?? NaN) === wall;
  const first = zoneOffsetMs(new Date(wall), tz);
  if (first === null) return null;
  const a = wall - first;
  if (fits(a)) return new Date(a).toISOString();
  const b = wall - (zoneOffsetMs(new Date(a), tz) ?? first);
  if (fits(b)) return new Date(b).toISOString();
  return new Date(Math.max(a, b)).toISOString();
}

/** An instant as a `datetime-local` value on the gate's wall clock (YYYY-MM-DDTHH:mm). */
export function isoToLocalInput(iso: string | Date, tz: string): string {
  const p = zonedParts(toDate(iso), tz);
  return p ? `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}` : '';
}
