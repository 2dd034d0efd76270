import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isStaffCardCode, type SignInResult, type StaffBrief, type StaffSession } from '../../../shared/staff';
import { useWedgeScanner } from '../scan/useWedgeScanner';
import { useGate } from '../hooks/gateContext';
import { formatTime } from '../i18n/format';
import { PinPad } from './PinPad';
import { refusalText } from './refusal';

type Props = {
  session: StaffSession;
  /** 'required': nobody is on duty and the kiosk waits here; 'add': a second person joins. */
  mode: 'required' | 'add';
  onSignedIn: (r: SignInResult) => void;
  onClose?: () => void;
};

/**
 * One decision at a time: tap your name, type your PIN on the big pad. Scanning a staff card
 * anywhere signs its holder in: while nobody is on duty the screens are not mounted (SignedInOnly),
 * so this screen listens to the wedge scanner itself; with someone on duty the guard screen's
 * scanner routes GS- codes to the sign-in.
 */
export function SignInScreen({ session, mode, onSignedIn, onClose }: Props) {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const [who, setWho] = useState<StaffBrief | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [adminName, setAdminName] = useState('');

  const onDuty = new Set(session.onDuty.map((p) => p.id));

  const onCardScan = useCallback(
    async (code: string) => {
      const trimmed = code.trim();
      // A resident's pass at a kiosk nobody is signed in to: no check, just say why.
      if (!isStaffCardCode(trimmed)) return setError(t('staff.refused.not_signed_in'));
      setError(null);
      try {
        onSignedIn(await client.call('staff:signInCard', { code: trimmed }));
      } catch (err) {
        setError(refusalText(t, err, (iso) => formatTime(iso, info.timeZone)));
      }
    },
    [client, info.timeZone, onSignedIn, t],
  );
  useWedgeScanner((code) => void onCardScan(code), mode === 'required');
  const choices = session.staff.filter((s) => !onDuty.has(s.id));

  const submit = async () => {
    if (!who) return;
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await client.call('staff:signIn', { staffId: who.id, pin }));
    } catch (err) {
      setError(refusalText(t, err, (iso) => formatTime(iso, info.timeZone)));
      setPin('');
    } finally {
      setBusy(false);
    }
  };

  const createFirstAdmin = async () => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await client.call('staff:firstAdmin', { name: adminName.trim(), pin }));
    } catch (err) {
      setError(refusalText(t, err, (iso) => formatTime(iso, info.timeZone)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="overlay signin" role="dialog" aria-modal="true" aria-labelledby="signin-title" data-testid="signin-screen" data-mode={mode}>
      <div className="overlay__panel signin__panel">
        <header className="overlay__header">
          <h2 id="signin-title">{t(session.firstRun ? 'staff.firstRun.title' : mode === 'add' ? 'staff.signIn.addTitle' : 'staff.signIn.title')}</h2>
          {onClose ? (
            <button type="button" data-testid="signin-close" onClick={onClose}>
              {t('staff.cancel')}
            </button>
          ) : null}
        </header>
        {error ? (
          <p className="staff__error" role="alert" data-testid="signin-error">
            {error}
          </p>
        ) : null}
        {session.firstRun ? (
          <div className="signin__first">
            <p>{t('staff.firstRun.hint')}</p>
            <label>
              {t('staff.field.name')}
              <input data-testid="first-admin-name" value={adminName} maxLength={40} onChange={(e) => setAdminName(e.target.value)} />
            </label>
            <PinPad value={pin} onChange={setPin} onSubmit={() => void createFirstAdmin()} busy={busy || !adminName.trim()} testId="first-admin-pin" />
          </div>
        ) : who ? (
          <div className="signin__pin">
            <p className="signin__who" data-testid="signin-who">
              {who.name} · {t(`staff.role.${who.role}`)}
            </p>
            <PinPad value={pin} onChange={setPin} onSubmit={() => void submit()} busy={busy} />
            <button type="button" className="signin__back" data-testid="signin-back" onClick={() => (setWho(null), setPin(''), setError(null))}>
              {t('staff.signIn.notMe')}
            </button>
          </div>
        ) : (
          <>
            <p className="signin__hint">{t('staff.signIn.hint')}</p>
            <ul className="signin__tiles">
              {choices.map((s) => (
                <li key={s.id}>
                  <button type="button" className="signin__tile" data-testid={`signin-tile-${s.id}`} onClick={() => setWho(s)}>
                    <span className="signin__name">{s.name}</span>
                    <span className="signin__role">{t(`staff.role.${s.role}`)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
