import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffBrief } from '../../../shared/staff';

/** Signing out asks for the handover note the next shift will see at sign-in (optional). */
export function SignOutDialog({ person, onConfirm, onClose }: { person: StaffBrief; onConfirm: (note: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="signout-title" data-testid="signout-dialog">
      <div className="overlay__panel signout">
        <header className="overlay__header">
          <h2 id="signout-title">{t('staff.signOut.title', { name: person.name })}</h2>
          <button type="button" data-testid="signout-cancel" onClick={onClose}>
            {t('staff.cancel')}
          </button>
        </header>
        <label className="signout__note">
          {t('staff.signOut.note')}
          <textarea data-testid="handover-input" rows={4} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('staff.signOut.placeholder')} />
        </label>
        <button type="button" className="staff__primary" data-testid="signout-confirm" onClick={() => onConfirm(note)}>
          {t('staff.signOut.confirm')}
        </button>
      </div>
    </div>
  );
}
