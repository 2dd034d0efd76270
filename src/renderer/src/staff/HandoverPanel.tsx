import { useTranslation } from 'react-i18next';
import type { SignInResult } from '../../../shared/staff';
import { useGate } from '../hooks/gateContext';
import { formatDateTime } from '../i18n/format';

/** Shown once at sign-in: what the last shift handed over, and the households under watch. */
export function HandoverPanel({ result, onClose }: { result: SignInResult; onClose: () => void }) {
  const { t } = useTranslation();
  const { info } = useGate();
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="handover-title" data-testid="handover-panel">
      <div className="overlay__panel handover">
        <header className="overlay__header">
          <h2 id="handover-title">{t('staff.handover.welcome', { name: result.signedIn.name })}</h2>
        </header>
        <section>
          <h3>{t('staff.handover.title')}</h3>
          {result.handover.length === 0 ? (
            <p className="handover__none" data-testid="handover-none">
              {t('staff.handover.none')}
            </p>
          ) : (
            <ul className="handover__notes">
              {result.handover.map((n) => (
                <li key={n.id} data-testid="handover-note">
                  <p className="handover__text">{n.note}</p>
                  <small>
                    {n.by.join(t('list.separator'))} · {formatDateTime(n.writtenAt, info.timeZone)}
                  </small>
                </li>
              ))}
            </ul>
          )}
        </section>
        {result.watchNotes.length > 0 ? (
          <section>
            <h3>{t('staff.watch.title')}</h3>
            <ul className="handover__watch">
              {result.watchNotes.map((n) => (
                <li key={n.id} data-testid="handover-watch">
                  <strong>{n.household}</strong> {n.note}
                  {n.until ? ` · ${t('staff.watch.until', { date: n.until })}` : ''}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <button type="button" className="staff__primary" data-testid="handover-ok" onClick={onClose} autoFocus>
          {t('staff.handover.ok')}
        </button>
      </div>
    </div>
  );
}
