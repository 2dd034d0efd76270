import type { TFunction } from 'i18next';
import { GateCallError } from '../../../shared/contract';

const REASONS = [
  'bad_pin',
  'locked',
  'inactive',
  'unknown_staff',
  'unknown_card',
  'post_full',
  'same_person',
  'requester_not_on_duty',
  'needs_manager',
  'not_on_duty_or_manager',
  'not_signed_in',
  'needs_committee_admin',
  'not_first_run',
  'not_denied',
  'already_overridden',
  'already_void',
] as const;
type Reason = (typeof REASONS)[number];

/** A refusal from the staff side in words: why, and for a lockout until when. */
export function refusalText(t: TFunction, err: unknown, formatTime: (iso: string) => string): string {
  if (err instanceof GateCallError) {
    const d = (err.details ?? {}) as { reason?: string; lockedUntil?: string | null; attemptsLeft?: number };
    const reason = REASONS.find((r) => r === d.reason) as Reason | undefined;
    if (reason === 'locked' && d.lockedUntil) return t('staff.refused.lockedUntil', { time: formatTime(d.lockedUntil) });
    if (reason === 'bad_pin' && typeof d.attemptsLeft === 'number') return t('staff.refused.badPinLeft', { n: d.attemptsLeft });
    if (reason) return t(`staff.refused.${reason}`);
    return t(`error.${err.code}`);
  }
  return t('error.internal');
}
