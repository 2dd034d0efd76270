import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../../../shared/contract';
import { formatTime } from '../i18n/format';
import { useGate } from '../hooks/gateContext';

type Props = { alerts: Alert[]; onAck: (id: string) => void };

/**
 * The newest open alert across the top of every screen, with one big button to mark it handled.
 * Rendered into <body> so it shows on whichever tab the guard is on.
 */
export function AlarmBanner({ alerts, onAck }: Props) {
  const { t } = useTranslation();
  const { info } = useGate();
  const [first] = alerts;
  if (!first) return null;
  return createPortal(
    <div className={`alarm alarm--${first.kind}`} role="alert" data-testid="alarm" data-alert-id={first.id} data-kind={first.kind}>
      <strong className="alarm__title">
        {t('alarm.title')} · {t(`alertKind.${first.kind}`)}
      </strong>
      <span className="alarm__who">
        {[first.household, first.residentName].filter(Boolean).join(' · ')} · {formatTime(first.raisedAt, info.timeZone)}
      </span>
      {alerts.length > 1 ? <span className="alarm__more">{t('alarm.more', { count: alerts.length - 1 })}</span> : null}
      <button type="button" className="alarm__ack" data-testid="alarm-ack" onClick={() => onAck(first.id)}>
        {t('alert.ack')}
      </button>
    </div>,
    document.body,
  );
}
