/**
 * Dual control (issue 6 item 3): an exception needs two distinct people at this kiosk now, each
 * confirming with their own PIN.
 *
 * How to use (reached through `HandlerDeps.dualControl`; put `approval: Approval` from
 * src/shared/staff.ts in your method's input):
 *
 *   const approver = await d.dualControl.confirmSecondPerson({ action: 'end_observation', approval: i.approval, subject: householdId });
 *   d.db.transaction(() => { ...your change...; d.audit.append('observation.ended_early', { actors: [...approver.onDuty, approver.id], ... }) })();
 *
 * Rules (decision 0013): the requester is one of the people on duty and types their PIN; the
 * approver is someone else — on a double-staffed post the other person on duty or a manager, on a
 * single-staffed post a manager or committee admin — named by `staffId` (picked on screen) or `card`
 * (their staff card scanned), and types their own PIN. A PIN on its own proves only that someone
 * knows it; asking for both means one guard alone cannot approve their own exception while the
 * colleague is away. Both PIN checks count towards the lockout.
 *
 * A refusal throws GateError('forbidden', …, { reason }) with reason one of: not_signed_in,
 * requester_not_on_duty, same_person, not_on_duty_or_manager, needs_manager, unknown_staff, or a
 * PIN refusal (bad_pin, locked, inactive) which also says `who` ('requester' | 'approver').
 * Acceptance appends `dual_control.approved` naming both people and returns the approver.
 */
import {
  approverRefusal,
  type Approval,
  type DualControlAction,
  type PairRefusal,
  type StaffBrief,
} from '../../shared/staff';
import type { AuditLog } from '../audit/auditLog';
import { GateError } from '../core/errors';
import type { ShiftBoard } from './shifts';
import { toBrief, type StaffRow, type StaffStore } from './staffStore';

export type ConfirmRequest = {
  action: DualControlAction;
  approval: Approval;
  /** What is being approved (entry id, resident id, household id), for the audit record. */
  subject?: string | null;
  details?: Record<string, unknown>;
};

/** The approver, with the requester and everyone on duty, for the caller's own records. */
export type Approver = StaffBrief & { onDuty: string[]; requester: StaffBrief };

export class DualControl {
  constructor(
    private readonly staff: StaffStore,
    private readonly shifts: ShiftBoard,
    private readonly audit: AuditLog,
  ) {}

  async confirmSecondPerson(req: ConfirmRequest): Promise<Approver> {
    const onDuty = this.shifts.ids();
    if (onDuty.length === 0) throw refuse('not_signed_in');
    const { requester: asked, approver: named } = req.approval;
    const candidate = named.staffId ? this.staff.get(named.staffId) : this.staff.byCard(named.card ?? '');
    if (!candidate)
      throw new GateError('forbidden', 'no such staff member', { reason: 'unknown_staff', who: 'approver' });
    // Who may pair up is settled before any PIN is tried, so a wrong pairing costs nobody an attempt.
    const why = approverRefusal(onDuty, asked.staffId, candidate);
    if (why) throw refuse(why);
    const requester = await this.pinOf('requester', asked.staffId, asked.pin, req.action);
    const approver = await this.pinOf('approver', candidate.id, named.pin, req.action);
    this.audit.append('dual_control.approved', {
      actors: [...new Set([...onDuty, requester.id, approver.id])],
      subject: req.subject ?? null,
      details: {
        action: req.action,
        requester: requester.id,
        approver: approver.id,
        onDuty,
        ...(req.details ?? {}),
      },
    });
    return { ...toBrief(approver), onDuty, requester: toBrief(requester) };
  }

  /** The store's PIN check (lockout, audit of failures), with whose PIN it was on a refusal. */
  private async pinOf(
    who: 'requester' | 'approver',
    id: string,
    pin: string,
    action: DualControlAction,
  ): Promise<StaffRow> {
    try {
      return await this.staff.checkPin(id, pin, `dual_control:${action}:${who}`);
    } catch (err) {
      if (err instanceof GateError)
        throw new GateError(err.code, err.message, { ...(err.details as object | undefined), who });
      throw err;
    }
  }
}

const MESSAGES: Record<PairRefusal, string> = {
  not_signed_in: 'nobody is signed in at this post',
  requester_not_on_duty: 'the person asking must be on duty at this post',
  same_person: 'the second person must be someone else',
  needs_manager: 'one person on duty: a manager must confirm',
  not_on_duty_or_manager: 'the other person on duty, or a manager, must confirm',
};

function refuse(reason: PairRefusal): GateError {
  return new GateError('forbidden', MESSAGES[reason], { reason });
}
