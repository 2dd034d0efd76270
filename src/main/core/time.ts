/** Conversions between instants and the gate's local calendar (Asia/Shanghai by default). */

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant at which local date `yyyyMmDd` begins in `timeZone`. */
export function startOfLocalDay(yyyyMmDd: string, timeZone: string): Date {
  const [y, m, d] = yyyyMmDd.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  // Two passes settle the offset even when the day starts inside a DST change.
  let instant = guess - offsetMs(guess, timeZone);
  instant = guess - offsetMs(instant, timeZone);
  return new Date(instant);
}

export function addDays(yyyyMmDd: string, days: number): string {
  const [y, m, d] = yyyyMmDd.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A formatter of local date and time in `timeZone` as `2026-11-29 19:05:03` (whole seconds). */
export function localDateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
}

/** The zone's UTC offset at `ms` (a whole second: the formatter drops milliseconds), read through `intl`. */
export function zoneOffsetMs(intl: Intl.DateTimeFormat, ms: number): number {
  return Date.parse(`${intl.format(ms).replace(' ', 'T')}Z`) - ms;
}

// Building an Intl.DateTimeFormat costs ~0.2 ms, and the scan path asks for dates: one per zone.
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, f);
  }
  return f.format(instant);
}

/** Local date and time in `timeZone`, e.g. 2026-11-29 19:05:03, for exports. */
export function formatLocal(iso: string, timeZone: string): string {
  return localDateTimeFormat(timeZone).format(new Date(iso));
}
