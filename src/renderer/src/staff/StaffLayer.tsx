import { useCallback, useEffect, useState } from 'react';
import type { SignInResult } from '../../../shared/staff';
import { useGate, useReportError } from '../hooks/gateContext';
import { ApprovalDialog } from './ApprovalDialog';
import { HandoverPanel } from './HandoverPanel';
import { SignInScreen } from './SignInScreen';
import { SignOutDialog } from './SignOutDialog';
import { onStaffRequest, type StaffRequest } from './staffBus';
import { useStaffSession } from './useStaffSession';
import './staff.css';

/**
 * Everything about who is on duty that floats above the screens: the sign-in screen (which covers
 * the kiosk while nobody is signed in), the handover shown after a sign-in, the sign-out dialog and
 * the second-person dialog. Screens reach it through staffBus.
 */
export function StaffLayer() {
  const { client } = useGate();
  const reportError = useReportError();
  const { session } = useStaffSession();
  const [adding, setAdding] = useState(false);
  const [handover, setHandover] = useState<SignInResult | null>(null);
  const [signingOut, setSigningOut] = useState<string | null>(null);
  const [approval, setApproval] = useState<Extract<StaffRequest, { kind: 'approval' }> | null>(null);

  useEffect(
    () =>
      onStaffRequest((r) => {
        if (r.kind === 'approval') setApproval(r);
        else if (r.kind === 'signIn') setAdding(true);
        else if (r.kind === 'signOut') setSigningOut(r.staffId);
        else setHandover(r.result);
      }),
    [],
  );

  const signedIn = useCallback((r: SignInResult) => {
    setAdding(false);
    setHandover(r);
  }, []);

  const signOut = async (staffId: string, note: string) => {
    try {
      await client.call('staff:signOut', { staffId, ...(note.trim() ? { handoverNote: note.trim() } : {}) });
      setSigningOut(null);
    } catch (err) {
      reportError(err);
    }
  };

  if (!session) return null;
  const nobody = session.onDuty.length === 0;
  const leaving = signingOut ? session.onDuty.find((p) => p.id === signingOut) : undefined;
  return (
    <>
      {nobody || adding ? (
        <SignInScreen session={session} mode={nobody ? 'required' : 'add'} onSignedIn={signedIn} {...(nobody ? {} : { onClose: () => setAdding(false) })} />
      ) : null}
      {handover && !nobody ? <HandoverPanel result={handover} onClose={() => setHandover(null)} /> : null}
      {leaving ? <SignOutDialog person={leaving} onConfirm={(note) => void signOut(leaving.id, note)} onClose={() => setSigningOut(null)} /> : null}
      {approval && !nobody ? (
        <ApprovalDialog
          session={session}
          action={approval.action}
          needsReason={approval.needsReason}
          attempt={approval.attempt}
          onDone={(done) => {
            approval.resolve(done);
            setApproval(null);
          }}
        />
      ) : null}
    </>
  );
}
