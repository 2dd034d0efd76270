import { useTranslation } from 'react-i18next';
import type { HouseholdPresence } from '../../../shared/passes';
import { useGate } from '../hooks/gateContext';
import { formatDateTime } from '../i18n/format';

/** Who of the household is out now and since when, and the outing count against the quota. */
export function PresenceLines({ presence }: { presence: HouseholdPresence }) {
  const { t } = useTranslation();
  const { info } = useGate();
  return (
    <div className="presence" data-testid="household-presence" data-over-quota={presence.overQuota ? 'true' : 'false'}>
      {presence.outside.length === 0 ? (
        <p className="presence__none">{t('presence.noneOutside')}</p>
      ) : (
        <p className="presence__out">
          <b>{t('presence.outside')}：</b>
          {presence.outside
            .map((o) => t('presence.outsideItem', { name: o.name, since: formatDateTime(o.since, info.timeZone) }))
            .join(t('list.separator'))}
        </p>
      )}
      {presence.quota ? (
        <p className={presence.overQuota ? 'presence__quota presence__quota--over' : 'presence__quota'} data-testid="household-quota">
          {presence.overQuota ? <b>{t('presence.overQuota')} · </b> : null}
          {t('presence.quota', { n: presence.outsInWindow, hours: presence.quota.windowHours, max: presence.quota.maxOuts })}
        </p>
      ) : null}
    </div>
  );
}
