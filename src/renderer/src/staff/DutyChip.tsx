import { useTranslation } from 'react-i18next';
import { openSignIn, openSignOut } from './staffBus';
import { useStaffSession } from './useStaffSession';

/** Who is on duty, in the header: each name signs that person out; "+" adds the second person. */
export function DutyChip() {
  const { t } = useTranslation();
  const { session } = useStaffSession();
  if (!session) return null;
  return (
    <div className="duty" data-testid="duty-chip" aria-label={t('staff.duty.label')}>
      {session.onDuty.map((p) => (
        <button key={p.id} type="button" className="duty__person" data-testid={`duty-${p.id}`} title={t('staff.duty.signOut')} onClick={() => openSignOut(p.id)}>
          {p.name}
          <span className="duty__role">{t(`staff.role.${p.role}`)}</span>
        </button>
      ))}
      {session.onDuty.length > 0 && session.onDuty.length < session.maxOnDuty ? (
        <button type="button" className="duty__add" data-testid="duty-add" onClick={openSignIn}>
          {t('staff.duty.add')}
        </button>
      ) : null}
    </div>
  );
}
