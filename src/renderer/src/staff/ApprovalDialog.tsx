import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GateCallError } from '../../../shared/contract';
import type { DualControlAction, StaffBrief, StaffSession } from '../../../shared/staff';
import { approverRefusal } from '../../../shared/staff';
import { PinPad } from './PinPad';
import { useGate } from '../hooks/gateContext';
import { formatTime } from '../i18n/format';
import { refusalText } from './refusal';
import type { Attempt } from './staffBus';

type Props = {
  session: StaffSession;
  action: DualControlAction;
  needsReason: boolean;
  attempt: Attempt;
  onDone: (done: boolean) => void;
};

type Step = 'requester' | 'approver';

/**
 * Dual control on this kiosk, one decision at a time: first the person asking (one of those on duty)
 * taps their name and types their PIN, then the second person does the same. Only the people the
 * core's rule allows are offered (decision 0013); the core checks both PINs and the pairing again.
 */
export function ApprovalDialog({ session, action, needsReason, attempt, onDone }: Props) {
  const { t } = useTranslation();
  const { info } = useGate();
  const onDuty = session.onDuty.map((p) => p.id);
  const [step, setStep] = useState<Step>('requester');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  // Alone on duty, the person asking is known: their tile starts picked.
  const [requester, setRequester] = useState<string | null>(onDuty.length === 1 ? onDuty[0]! : null);
  const [requesterPin, setRequesterPin] = useState('');
  const [approver, setApprover] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const reasonOk = !needsReason || reason.trim().length > 0;
  const eligible = requester
    ? session.staff.filter((s) => approverRefusal(onDuty, requester, s) === null)
    : [];
  const ready =
    reasonOk && requester !== null && requesterPin.length >= 4 && approver !== null && pin.length >= 4;

  const toApprover = () => {
    if (!reasonOk || !requester || requesterPin.length < 4) return;
    setError(null);
    if (approver === requester) setApprover(null);
    setStep('approver');
  };
  const back = () => {
    setError(null);
    setPin('');
    setStep('requester');
  };
  const submit = async () => {
    if (!ready || !requester || !approver || busy) return;
    setBusy(true);
    setError(null);
    try {
      await attempt({
        approval: {
          requester: { staffId: requester, pin: requesterPin },
          approver: { staffId: approver, pin },
        },
        reason: reason.trim(),
      });
      onDone(true);
    } catch (err) {
      const text = refusalText(t, err, (iso) => formatTime(iso, info.timeZone));
      const who = whoseRefusal(err);
      setError(who ? t('staff.approval.whose', { who: t(`staff.approval.${who}`), text }) : text);
      // Send the person whose PIN (or pairing) failed back to their own step, with their PIN cleared.
      if (who === 'requester') {
        setRequesterPin('');
        setPin('');
        setStep('requester');
      } else {
        setPin('');
      }
    } finally {
      setBusy(false);
    }
  };

  const tiles = (
    people: readonly StaffBrief[],
    picked: string | null,
    pick: (id: string) => void,
    prefix: string,
  ) => (
    <ul className="signin__tiles">
      {people.map((s) => (
        <li key={s.id}>
          <button
            type="button"
            className="signin__tile"
            aria-pressed={picked === s.id}
            data-testid={`${prefix}-${s.id}`}
            onClick={() => pick(s.id)}
          >
            <span className="signin__name">{s.name}</span>
            <span className="signin__role">{t(`staff.role.${s.role}`)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
  const requesterName = session.onDuty.find((p) => p.id === requester)?.name ?? '';

  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="approval-title"
      data-testid="approval-dialog"
      data-action={action}
      data-step={step}
    >
      <div className="overlay__panel approval">
        <header className="overlay__header">
          <h2 id="approval-title">{t(`staff.approval.title.${action}`)}</h2>
          <button type="button" data-testid="approval-cancel" onClick={() => onDone(false)}>
            {t('staff.cancel')}
          </button>
        </header>
        {error ? (
          <p className="staff__error" role="alert" data-testid="approval-error">
            {error}
          </p>
        ) : null}
        {step === 'requester' ? (
          <>
            <p className="approval__hint">{t('staff.approval.hintRequester')}</p>
            {needsReason ? (
              <label className="approval__reason">
                {t('staff.approval.reason')}
                <input
                  data-testid="approval-reason"
                  value={reason}
                  maxLength={200}
                  onChange={(e) => setReason(e.target.value)}
                />
              </label>
            ) : null}
            {tiles(
              session.onDuty,
              requester,
              (id) => {
                setRequester(id);
                setRequesterPin('');
              },
              'approval-requester-tile',
            )}
            {requester ? (
              <PinPad
                value={requesterPin}
                onChange={setRequesterPin}
                onSubmit={toApprover}
                busy={!reasonOk}
                testId="approval-requester-pin"
              />
            ) : null}
          </>
        ) : (
          <>
            <p className="approval__who" data-testid="approval-requester">
              {t('staff.approval.requester')}：{requesterName} ✓
              <button type="button" className="approval__back" data-testid="approval-back" onClick={back}>
                {t('staff.approval.back')}
              </button>
            </p>
            <p className="approval__hint">
              {t(onDuty.length >= 2 ? 'staff.approval.hintTwo' : 'staff.approval.hintOne')}
            </p>
            {tiles(eligible, approver, setApprover, 'approval-tile')}
            {approver ? (
              <PinPad
                value={pin}
                onChange={setPin}
                onSubmit={() => void submit()}
                busy={busy || !ready}
                testId="approval-pin"
              />
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}

/** Whose step a refusal belongs to: the core names `who` for PIN refusals; a bad pairing of the asker is theirs. */
function whoseRefusal(err: unknown): 'requester' | 'approver' | null {
  if (!(err instanceof GateCallError)) return null;
  const d = (err.details ?? {}) as { who?: string; reason?: string };
  if (d.who === 'requester' || d.reason === 'requester_not_on_duty') return 'requester';
  if (
    d.who === 'approver' ||
    d.reason === 'same_person' ||
    d.reason === 'needs_manager' ||
    d.reason === 'not_on_duty_or_manager'
  )
    return 'approver';
  return null;
}
