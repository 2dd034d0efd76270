import type { TFunction } from 'i18next';
import type { SyncStatusView } from '../../../shared/sync';

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

/**
 * What the guard's strip shows, counted at `now` (not at the last status): a sync loop that has
 * stalled must still turn the roster line amber and the backlog red as time passes.
 */
export function stripState(
  s: Pick<SyncStatusView, 'rosterAsOf' | 'oldestUnsentAt' | 'backlog' | 'limits'>,
  now: Date,
): { rosterAgeS: number | null; stale: boolean; unsentAgeS: number | null; alarm: boolean } {
  const rosterAgeS = ageS(s.rosterAsOf, now);
  const unsentAgeS = s.backlog > 0 ? ageS(s.oldestUnsentAt, now) : null;
  return {
    rosterAgeS,
    stale: rosterAgeS === null || rosterAgeS > s.limits.rosterStaleAfterS,
    unsentAgeS,
    alarm: unsentAgeS !== null && unsentAgeS > s.limits.unsentAlarmAfterS,
  };
}
