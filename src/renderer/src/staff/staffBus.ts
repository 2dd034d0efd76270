/**
 * The guard screen, the header and the log ask the staff layer for things (two people's PINs for an exception,
 * the sign-in pad, the sign-out dialog) without being its children: a tiny request bus that
 * StaffLayer answers. A request nobody answers (no layer mounted) resolves as cancelled.
 */
import type { Approval, DualControlAction, SignInResult } from '../../../shared/staff';

export type ApprovalAnswer = { approval: Approval; reason: string };
/** Runs the guarded call with the approval; a refusal it throws is shown in the dialog, which stays open. */
export type Attempt = (a: ApprovalAnswer) => Promise<void>;
export type StaffRequest =
  | { kind: 'approval'; action: DualControlAction; needsReason: boolean; attempt: Attempt; resolve: (done: boolean) => void }
  | { kind: 'signIn' }
  | { kind: 'signOut'; staffId: string }
  | { kind: 'signedIn'; result: SignInResult };

type Listener = (r: StaffRequest) => void;
let listener: Listener | null = null;

export function onStaffRequest(l: Listener): () => void {
  listener = l;
  return () => {
    if (listener === l) listener = null;
  };
}

/**
 * Opens the second-person dialog and runs `attempt` with their approval until it succeeds (true) or
 * the dialog is cancelled (false).
 */
export function requestApproval(action: DualControlAction, attempt: Attempt, needsReason = true): Promise<boolean> {
  return new Promise((resolve) => {
    if (!listener) return resolve(false);
    listener({ kind: 'approval', action, needsReason, attempt, resolve });
  });
}

export function openSignIn(): void {
  listener?.({ kind: 'signIn' });
}

export function openSignOut(staffId: string): void {
  listener?.({ kind: 'signOut', staffId });
}

/** A sign-in done elsewhere (a staff card scanned on the guard screen): the layer shows the handover. */
export function announceSignIn(result: SignInResult): void {
  listener?.({ kind: 'signedIn', result });
}
