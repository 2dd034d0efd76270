import { useTranslation } from 'react-i18next';
import type { CheckView } from '../../../shared/contract';
import { reasonText } from '../i18n/reasons';
import { useGate } from '../hooks/gateContext';
import { CheckSummary } from './CheckSummary';
import { OverrideButton, WatchNotesOnCard } from '../staff/CheckStaffExtras';
import { ScanCardPresence } from '../passes/ScanCardPresence';

/**
 * Fills the guard screen with one decision at a time. The stage word is the largest thing on the
 * screen and the panel colour repeats it, so it can be read from two metres.
 */
export function DecisionPanel({ check, onDismiss }: { check: CheckView; onDismiss: () => void }) {
  const { t } = useTranslation();
  const { info } = useGate();
  return (
    <section
      className={`decision decision--${check.stage}`}
      data-testid="decision"
      data-stage={check.stage}
      data-check-id={check.checkId}
      aria-live="assertive"
    >
      {check.alert ? (
        <div className="decision__alert" data-testid="alert" role="alert">
          {t('check.alert')}
        </div>
      ) : null}
      <div className="decision__direction">{t(`direction.${check.direction}`)}</div>
      <h1 className="decision__word">{t(`decision.${check.stage}`)}</h1>
      <ul className="decision__reasons" data-testid="reasons">
        {check.reasons.map((code) => (
          <li key={code} data-reason={code}>
            {reasonText(t, code, check.insideSince, info.timeZone)}
          </li>
        ))}
      </ul>
      <CheckSummary check={check} />
      <WatchNotesOnCard check={check} />
      <OverrideButton check={check} />
      <ScanCardPresence check={check} />
      <button type="button" className="decision__dismiss" data-testid="dismiss" onClick={onDismiss}>
        {t('check.dismiss')}
      </button>
    </section>
  );
}
