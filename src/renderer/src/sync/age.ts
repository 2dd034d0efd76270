import type { TFunction } from 'i18next';

/** A duration the way a guard says it: minutes under two hours, hours under two days, then days. */
export function formatAge(t: TFunction, seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 2 * 3600) return t('sync.age.minutes', { n: Math.max(1, Math.floor(s / 60)) });
  if (s < 2 * 86400) return t('sync.age.hours', { n: Math.floor(s / 3600) });
  return t('sync.age.days', { n: Math.floor(s / 86400) });
}

/** Seconds since `iso` at `now`; null when there is no time. */
export function ageS(iso: string | null, now: Date): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.max(0, (now.getTime() - t) / 1000);
}
