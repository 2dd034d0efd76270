/**
 * An export or form with full ID numbers and phones needs a second person's PIN. The PIN is given
 * once, to `privacy:grantUnmasked` (dual control, audited), which hands back a one-time grant; the
 * export request carries the grant, never the PIN, so no export input, log line or audit detail
 * ever holds a PIN. A grant is good for one request of its purpose, for two minutes, in this
 * process only.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';

export type UnmaskedPurpose = 'export' | 'forms';

export const GRANT_TTL_MS = 2 * 60 * 1000;

type Grant = { purpose: UnmaskedPurpose; expiresAt: number; approverId: string; onDuty: string[] };

export class UnmaskedGrants {
  private readonly grants = new Map<string, Grant>();

  constructor(private readonly clock: Clock) {}

  issue(purpose: UnmaskedPurpose, approver: { id: string; onDuty: string[] }): { grant: string; expiresAt: string } {
    this.sweep();
    const grant = randomBytes(18).toString('base64url');
    const expiresAt = this.clock.now().getTime() + GRANT_TTL_MS;
    this.grants.set(grant, { purpose, expiresAt, approverId: approver.id, onDuty: approver.onDuty });
    return { grant, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Uses up the grant; throws a typed refusal when it is missing, spent, expired or for another purpose. */
  consume(grant: string | undefined, purpose: UnmaskedPurpose): { approverId: string; onDuty: string[] } {
    if (!grant) throw refuse('needs_dual_control', 'full ID numbers and phones need a second person to confirm (dual control)');
    const g = this.grants.get(grant);
    this.grants.delete(grant);
    if (!g || g.expiresAt <= this.clock.now().getTime()) throw refuse('grant_invalid', 'the confirmation has expired or was already used; confirm again');
    if (g.purpose !== purpose) throw refuse('grant_invalid', 'the confirmation was given for something else; confirm again');
    return { approverId: g.approverId, onDuty: g.onDuty };
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [k, g] of this.grants) if (g.expiresAt <= now) this.grants.delete(k);
  }
}

function refuse(reason: string, message: string): GateError {
  return new GateError('forbidden', message, { reason });
}
