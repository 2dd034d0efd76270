import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DualControlAction, StaffSession } from '../../../shared/staff';
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

/**
 * The second person confirms on this kiosk with their own PIN. Who may confirm follows the core's
 * rule (the other person on duty, or a manager; alone on duty, a manager), so only they are offered;
 * the core checks again.
 */
export function ApprovalDialog({ session, action, needsReason, attempt, onDone }: Props) {
  const { t } = useTranslation();
  const { info } = useGate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const [approver, setApprover] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const onDuty = session.onDuty.map((p) => p.id);
  const eligible = session.staff.filter((s) => approverRefusal(onDuty, s) === null);
  const ready = (!needsReason || reason.trim().length > 0) && approver !== null && pin.length >= 4;
  const submit = async () => {
    if (!ready || !approver || busy) return;
    setBusy(true);
    setError(null);
    try {
      await attempt({ approval: { staffId: approver, pin }, reason: reason.trim() });
      onDone(true);
    } catch (err) {
      setError(refusalText(t, err, (iso) => formatTime(iso, info.timeZone)));
      setPin('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="approval-title" data-testid="approval-dialog" data-action={action}>
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
        <p className="approval__hint">{t(onDuty.length >= 2 ? 'staff.approval.hintTwo' : 'staff.approval.hintOne')}</p>
        {needsReason ? (
          <label className="approval__reason">
            {t('staff.approval.reason')}
            <input data-testid="approval-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
          </label>
        ) : null}
        <ul className="signin__tiles">
          {eligible.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="signin__tile"
                aria-pressed={approver === s.id}
                data-testid={`approval-tile-${s.id}`}
                onClick={() => setApprover(s.id)}
              >
                <span className="signin__name">{s.name}</span>
                <span className="signin__role">{t(`staff.role.${s.role}`)}</span>
              </button>
            </li>
          ))}
        </ul>
        {approver ? <PinPad value={pin} onChange={setPin} onSubmit={() => void submit()} busy={busy || !ready} testId="approval-pin" /> : null}
      </div>
    </div>
  );
}
