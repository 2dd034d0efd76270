import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckView } from '../../../shared/contract';
import { reasonText } from '../i18n/reasons';
import { useGate } from '../hooks/gateContext';
import { CheckSummary } from './CheckSummary';
import { OverrideButton, WatchNotesOnCard } from '../staff/CheckStaffExtras';
import { ScanCardPresence } from '../passes/ScanCardPresence';

/** A shape for each stage, so the decision never rests on the panel colour alone. */
const STAGE_ICON: Record<CheckView['stage'], string> = {
  admit: '✓',
  deny: '✕',
  remeasure: '!',
  refer: '?',
  await_reading: '…',
};

/**
 * How wide the word is in ems (a Chinese character is one, a Latin letter about 0.6), so the
 * stylesheet can size it to fill the panel's width on one line, or two for a long English phrase.
 */
export function wordEms(text: string): number {
  let ems = 0;
  for (const ch of text) ems += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 1 : ch === ' ' ? 0.3 : 0.65;
  return Math.max(ems, 3);
}

/**
 * Fills the guard screen with one decision at a time. The stage word is the largest thing on the
 * screen, with a shape beside it and the panel colour repeating it, so it can be read from two
 * metres. The word, the reasons, who it is about and the household's watch notes are sized to always
 * fit; the presence lines take what height is left (and scroll within it), the buttons stay last.
 */
export function DecisionPanel({ check, onDismiss }: { check: CheckView; onDismiss: () => void }) {
  const { t } = useTranslation();
  const { info } = useGate();
  const word = t(`decision.${check.stage}`);
  // The icon and the direction chip sit on the word's line: count them into its width.
  const style = { '--word-ems': wordEms(word) + 2.6 } as CSSProperties;
  return (
    <section
      className={`decision decision--${check.stage}`}
      data-testid="decision"
      data-stage={check.stage}
      data-check-id={check.checkId}
      aria-live="assertive"
      style={style}
    >
      {check.alert ? (
        <div className="decision__alert" data-testid="alert" role="alert">
          {t('check.alert')}
        </div>
      ) : null}
      <div className="decision__head">
        <span className="decision__icon" aria-hidden="true">
          {STAGE_ICON[check.stage]}
        </span>
        <h1 className="decision__word" data-testid="decision-word">
          {word}
        </h1>
        <span className="decision__direction">{t(`direction.${check.direction}`)}</span>
      </div>
      <ul className="decision__reasons" data-testid="reasons">
        {check.reasons.map((code) => (
          <li key={code} data-reason={code}>
            {reasonText(t, code, check.insideSince, info.timeZone)}
          </li>
        ))}
      </ul>
      <CheckSummary check={check} />
      <div className="decision__watch">
        <WatchNotesOnCard check={check} />
      </div>
      <div className="decision__details">
        <ScanCardPresence check={check} />
      </div>
      <div className="decision__actions">
        <OverrideButton check={check} />
        <button type="button" className="decision__dismiss" data-testid="dismiss" onClick={onDismiss}>
          {t('check.dismiss')}
        </button>
      </div>
    </section>
  );
}
