import { useTranslation } from 'react-i18next';
import { useGate } from '../hooks/gateContext';
import { useNow } from '../hooks/useNow';
import { formatDateTime } from '../i18n/format';
import { formatAge, stripState } from './age';
import { useSyncStatus } from './useSyncStatus';
import './sync.css';

/**
 * The guard's line about the committee: "名册更新于 …" (amber once older than the configured limit),
 * and records not yet uploaded (red, as an alert, once the oldest is older than its limit). Ages
 * are counted here every half minute, so a stalled sync still turns the line amber or red. Nothing
 * at all on a gate that is not enrolled: its roster is its own.
 */
export function SyncStrip() {
  const { t } = useTranslation();
  const { info } = useGate();
  const { status } = useSyncStatus();
  const now = useNow(30_000);
  if (!status || !status.enrolled) return null;
  const { rosterAgeS: rosterAge, stale, unsentAgeS: unsentAge, alarm } = stripState(status, now);
  return (
    <div className="sync-strip" data-testid="sync-strip" data-state={status.state} aria-label={t('sync.strip')}>
      <span className={`sync-strip__item${stale ? ' sync-strip__item--amber' : ''}`} data-testid="roster-as-of" data-stale={stale}>
        {status.rosterAsOf ? t('roster.as_of', { time: formatDateTime(status.rosterAsOf, info.timeZone) }) : t('sync.rosterNever')}
        {stale && rosterAge !== null ? ` · ${t('sync.rosterStale', { age: formatAge(t, rosterAge) })}` : null}
      </span>
      {unsentAge !== null ? (
        <span
          className={`sync-strip__item${alarm ? ' sync-strip__item--alarm' : ''}`}
          data-testid="sync-unsent"
          data-alarm={alarm}
          role={alarm ? 'alert' : undefined}
        >
          {t(alarm ? 'sync.unsentAlarm' : 'sync.unsent', { n: status.backlog, age: formatAge(t, unsentAge) })}
        </span>
      ) : null}
      {status.state === 'offline' || status.state === 'unauthorized' ? (
        <span className="sync-strip__item sync-strip__item--amber" data-testid="sync-link">
          {t(status.state === 'offline' ? 'sync.offline' : 'sync.unauthorized')}
        </span>
      ) : null}
      {status.quarantined > 0 ? (
        <span className="sync-strip__item sync-strip__item--amber" data-testid="sync-quarantined">
          {t('sync.quarantinedShort', { n: status.quarantined })}
        </span>
      ) : null}
    </div>
  );
}
