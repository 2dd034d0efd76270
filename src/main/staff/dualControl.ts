/**
 * Dual control (issue 6 item 3): an exception needs a second person to confirm with their own PIN
 * on this kiosk.
 *
 * How to use (reached through `HandlerDeps.dualControl`; put `approval: Approval` from
 * src/shared/staff.ts in your method's input):
 *
 *   const approver = await d.dualControl.confirmSecondPerson({ action: 'end_observation', approval: i.approval, subject: householdId });
 *   d.db.transaction(() => { ...your change...; d.audit.append('observation.ended_early', { actors: [...d.staffOnDuty(), approver.id], ... }) })();
 *
 * Rules: on a double-staffed post the approver is the other person on duty (or a manager); on a
 * single-staffed post it must be a manager or committee admin who is not the person on duty. The
 * approver is named by `staffId` (picked on screen) or `card` (their staff card scanned), and always
 * types their PIN (the PIN lockout applies). A refusal throws GateError('forbidden', …,
 * { reason }) with reason one of: not_signed_in, same_person, not_on_duty_or_manager, needs_manager,
 * bad_pin, locked, inactive, unknown_staff. Acceptance appends `dual_control.approved` naming the
 * people on duty and the approver, and returns the approver.
 */
import { approverRefusal, type Approval, type DualControlAction, type StaffBrief } from '../../shared/staff';
import type { AuditLog } from '../audit/auditLog';
import { GateError } from '../core/errors';
import type { ShiftBoard } from './shifts';
import { toBrief, type StaffStore } from './staffStore';

export type ConfirmRequest = {
  action: DualControlAction;
  approval: Approval;
  /** What is being approved (entry id, resident id, household id), for the audit record. */
  subject?: string | null;
  details?: Record<string, unknown>;
};

export type Approver = StaffBrief & { onDuty: string[] };

export class DualControl {
  constructor(
    private readonly staff: StaffStore,
    private readonly shifts: ShiftBoard,
    private readonly audit: AuditLog,
  ) {}

  async confirmSecondPerson(req: ConfirmRequest): Promise<Approver> {
    const onDuty = this.shifts.ids();
    if (onDuty.length === 0) throw refuse('not_signed_in', 'nobody is signed in at this post');
    const candidate = req.approval.staffId ? this.staff.get(req.approval.staffId) : this.staff.byCard(req.approval.card ?? '');
    if (!candidate) throw refuse('unknown_staff', 'no such staff member');
    const why = approverRefusal(onDuty, candidate);
    if (why) throw refuse(why, MESSAGES[why]);
    // With two on duty, either may tap the screen; the approver's own PIN is what makes it two people.
    const approver = await this.staff.checkPin(candidate.id, req.approval.pin, `dual_control:${req.action}`);
    this.audit.append('dual_control.approved', {
      actors: [...onDuty, approver.id],
      subject: req.subject ?? null,
      details: { action: req.action, approver: approver.id, onDuty, ...(req.details ?? {}) },
    });
    return { ...toBrief(approver), onDuty };
  }
}

const MESSAGES: Record<NonNullable<ReturnType<typeof approverRefusal>>, string> = {
  not_signed_in: 'nobody is signed in at this post',
  same_person: 'the second person must be someone else',
  needs_manager: 'one person on duty: a manager must confirm',
  not_on_duty_or_manager: 'the other person on duty, or a manager, must confirm',
};

function refuse(reason: string, message: string): GateError {
  return new GateError('forbidden', message, { reason });
}
