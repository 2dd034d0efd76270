import type { ReactNode } from 'react';
import { useStaffSession } from './useStaffSession';

/**
 * The screens exist only while someone is on duty. Nearly every read names residents, so the core
 * refuses it with nobody signed in (sign-in gating, decision 0013); screens that load on mount or on
 * an event would otherwise fill the kiosk with refusals under the sign-in screen. Unmounting on the
 * last sign-out also clears whatever a half-filled form held about a resident.
 */
export function SignedInOnly({ children }: { children: ReactNode }) {
  const { session } = useStaffSession();
  if (!session || session.onDuty.length === 0) return null;
  return <>{children}</>;
}
