import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../../../shared/contract';
import { formatDateTime } from '../i18n/format';
import { useGate } from '../hooks/gateContext';

type Props = { alerts: Alert[]; onAck: (id: string) => void };

/** A count that stays on the guard screen until every alert is handled, with the list behind it. */
export function AlertsPanel({ alerts, onAck }: Props) {
  const { t } = useTranslation();
  const { info } = useGate();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={`alerts-badge${alerts.length > 0 ? ' alerts-badge--active' : ''}`}
        data-testid="alerts-open"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {t('alerts.open')}
        <span className="alerts-badge__count" data-testid="alerts-count">
          {alerts.length}
        </span>
      </button>
      {open ? (
        <div
          className="overlay"
          role="dialog"
          aria-modal="true"
          aria-labelledby="alerts-title"
          data-testid="alerts-panel"
        >
          <div className="overlay__panel alerts">
            <header className="overlay__header">
              <h2 id="alerts-title">{t('alerts.title')}</h2>
              <button type="button" data-testid="alerts-close" onClick={() => setOpen(false)}>
                {t('alerts.close')}
              </button>
            </header>
            {alerts.length === 0 ? <p>{t('alerts.none')}</p> : null}
            <ul className="alerts__list">
              {alerts.map((a) => (
                <li
                  key={a.id}
                  className={`alerts__item alerts__item--${a.kind}`}
                  data-testid="alert-item"
                  data-alert-id={a.id}
                >
                  <strong>{t(`alertKind.${a.kind}`)}</strong>
                  <span>{a.household ?? '—'}</span>
                  <span>{a.residentName ?? '—'}</span>
                  <span>{t('alert.raisedAt', { time: formatDateTime(a.raisedAt, info.timeZone) })}</span>
                  <button type="button" data-testid="alert-ack" onClick={() => onAck(a.id)}>
                    {t('alert.ack')}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
    </>
  );
}
