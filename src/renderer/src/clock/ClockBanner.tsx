import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useGate, useReportError } from '../hooks/gateContext';
import { formatDateTime } from '../i18n/format';
import { useClockStatus } from './useClock';
import './clock.css';

/** A clock difference the way a guard says it: minutes under two hours, hours under two days, then days. */
export function formatClockGap(t: TFunction, ms: number): string {
  const m = Math.abs(ms) / 60_000;
  if (m < 120) return t('clock.gap.minutes', { n: Math.max(1, Math.round(m)) });
  if (m < 48 * 60) return t('clock.gap.hours', { n: Math.round(m / 60) });
  return t('clock.gap.days', { n: Math.round(m / (24 * 60)) });
}

/**
 * One amber line while the kiosk's system clock disagrees with the gate's trusted time (decision
 * 0024). Not an alarm: nothing is wrong with the checks, which go on with the trusted time; someone
 * must look at the system clock, and a manager may accept it once it is right.
 */
export function ClockBanner() {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  const status = useClockStatus();
  const [busy, setBusy] = useState(false);
  if (!status || !status.flagged || status.wallOffsetMs === null) return null;
  const accept = () => {
    setBusy(true);
    client.call('clock:acceptSystem', {}).then(
      () => setBusy(false),
      (err: unknown) => {
        setBusy(false);
        reportError(err);
      },
    );
  };
  return (
    <div className="clock-banner" data-testid="clock-banner" role="status" aria-label={t('clock.label')}>
      <span>
        {t(status.wallOffsetMs > 0 ? 'clock.ahead' : 'clock.behind', {
          gap: formatClockGap(t, status.wallOffsetMs),
          wall: formatDateTime(status.wallTime, info.timeZone),
        })}{' '}
        {t('clock.keepsTrusted', { time: formatDateTime(status.trustedTime, info.timeZone) })}
      </span>
      <button type="button" className="clock-banner__accept" data-testid="clock-accept" disabled={busy} onClick={accept}>
        {t('clock.accept')}
      </button>
    </div>
  );
}
