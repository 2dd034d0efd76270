/**
 * Staff members and their PINs and cards. Every change is audited in the same transaction as the
 * change; PIN failures count towards a lockout kept in the database, so restarting the kiosk does not
 * hand a guesser a fresh set of tries.
 */
import type { StaffBrief, StaffMember, StaffRole } from '../../shared/staff';
import type { AuditLog } from '../audit/auditLog';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import type { Db } from '../store/db';
import { hashPin, pinMatches } from './pin';

export type StaffRow = {
  id: string;
  name: string;
  role: StaffRole;
  pin_salt: string;
  pin_hash: string;
  card_code: string | null;
  active: number;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
};

export type LockoutPolicy = { maxFailures: number; lockoutMs: number };
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockoutMs: 5 * 60_000 };

/** Why a PIN was refused; the UI words each (staff.refused.<reason>). */
export type PinRefusal = 'bad_pin' | 'locked' | 'inactive' | 'unknown_staff';

export function toBrief(r: StaffRow): StaffBrief {
  return { id: r.id, name: r.name, role: r.role };
}

export class StaffStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly audit: AuditLog,
    readonly lockout: LockoutPolicy = DEFAULT_LOCKOUT,
  ) {}

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM staff').get() as { n: number }).n;
  }

  get(id: string): StaffRow | undefined {
    return this.db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE id = ?').get(id);
  }

  byCard(code: string): StaffRow | undefined {
    return this.db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE card_code = ?').get(normaliseCard(code));
  }

  /** Active staff, for the sign-in tiles. */
  briefs(): StaffBrief[] {
    return this.db.prepare<[], StaffRow>('SELECT * FROM staff WHERE active = 1 ORDER BY role, name').all().map(toBrief);
  }

  list(): StaffMember[] {
    return this.db.prepare<[], StaffRow>('SELECT * FROM staff ORDER BY active DESC, role, name').all().map((r) => this.member(r));
  }

  member(r: StaffRow): StaffMember {
    const locked = r.locked_until && r.locked_until > this.now() ? r.locked_until : null;
    return { ...toBrief(r), active: r.active === 1, hasCard: r.card_code !== null, lockedUntil: locked, createdAt: r.created_at };
  }

  async create(input: { name: string; role: StaffRole; pin: string; card?: string | null }, actors: readonly string[]): Promise<StaffRow> {
    const { salt, hash } = await hashPin(input.pin);
    const now = this.now();
    const id = this.newId();
    const card = input.card ? normaliseCard(input.card) : null;
    this.db.transaction(() => {
      if (card) this.assertCardFree(card, id);
      this.db
        .prepare(
          `INSERT INTO staff (id, name, role, pin_salt, pin_hash, card_code, active, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
        )
        .run(id, input.name, input.role, salt, hash, card, now, now);
      this.audit.append('staff.created', { actors, subject: id, details: { name: input.name, role: input.role, card: card !== null } });
    })();
    return this.get(id)!;
  }

  update(id: string, change: { name?: string; role?: StaffRole; active?: boolean; card?: string | null }, actors: readonly string[]): StaffRow {
    return this.db.transaction(() => {
      const before = this.require(id);
      const card = change.card === undefined ? before.card_code : change.card === null ? null : normaliseCard(change.card);
      if (card && card !== before.card_code) this.assertCardFree(card, id);
      const after = {
        name: change.name ?? before.name,
        role: change.role ?? before.role,
        active: change.active === undefined ? before.active : change.active ? 1 : 0,
        card,
      };
      if (before.active === 1 && after.active === 0 && (before.role === 'committee_admin' || before.role === 'manager')) this.assertNotLastManager(id);
      if ((before.role === 'committee_admin' || before.role === 'manager') && after.role !== 'committee_admin' && after.role !== 'manager') this.assertNotLastManager(id);
      this.db
        .prepare('UPDATE staff SET name = ?, role = ?, active = ?, card_code = ?, updated_at = ? WHERE id = ?')
        .run(after.name, after.role, after.active, after.card, this.now(), id);
      const changed: Record<string, unknown> = {};
      if (after.name !== before.name) changed.name = { from: before.name, to: after.name };
      if (after.role !== before.role) changed.role = { from: before.role, to: after.role };
      if (after.active !== before.active) changed.active = after.active === 1;
      if (after.card !== before.card_code) changed.card = after.card === null ? 'removed' : 'set';
      this.audit.append('staff.updated', { actors, subject: id, details: changed });
      return this.get(id)!;
    })();
  }

  /** A reset also lifts a lockout: the manager has just confirmed who this is. */
  async resetPin(id: string, pin: string, actors: readonly string[]): Promise<StaffRow> {
    this.require(id);
    const { salt, hash } = await hashPin(pin);
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE staff SET pin_salt = ?, pin_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?')
        .run(salt, hash, this.now(), id);
      this.audit.append('staff.pin_reset', { actors, subject: id });
    })();
    return this.get(id)!;
  }

  /**
   * Checks a PIN against the lockout. The attempt is counted before the (slow) hash runs, so
   * many attempts fired at once cannot all slip in under the limit; a match clears the count.
   * Refusals throw GateError('forbidden', …, { reason, lockedUntil }) and are audited.
   */
  async checkPin(id: string, pin: string, purpose: string): Promise<StaffRow> {
    const row = this.get(id);
    if (!row) throw refusal('unknown_staff', null);
    if (row.active !== 1) {
      this.audit.append('staff.pin_refused', { actors: [id], subject: id, details: { purpose, reason: 'inactive' } });
      throw refusal('inactive', null);
    }
    const now = this.now();
    if (row.locked_until && row.locked_until > now) throw refusal('locked', row.locked_until);
    const attempt = this.db
      .prepare<[string, string], { failed_attempts: number }>(
        'UPDATE staff SET failed_attempts = failed_attempts + 1, updated_at = ? WHERE id = ? RETURNING failed_attempts',
      )
      .get(now, id)!.failed_attempts;
    if (attempt > this.lockout.maxFailures) throw refusal('locked', this.lockUntilNowIfNeeded(id));
    if (await pinMatches(pin, row.pin_salt, row.pin_hash)) {
      this.db.prepare('UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(id);
      return this.get(id)!;
    }
    let lockedUntil: string | null = null;
    this.db.transaction(() => {
      if (attempt >= this.lockout.maxFailures) lockedUntil = this.lockUntilNowIfNeeded(id);
      this.audit.append('staff.pin_refused', {
        actors: [id],
        subject: id,
        details: { purpose, reason: 'bad_pin', attempt, ...(lockedUntil ? { lockedUntil } : {}) },
      });
    })();
    throw refusal(lockedUntil ? 'locked' : 'bad_pin', lockedUntil, Math.max(0, this.lockout.maxFailures - attempt));
  }

  private lockUntilNowIfNeeded(id: string): string {
    const until = new Date(this.clock.now().getTime() + this.lockout.lockoutMs).toISOString();
    this.db.prepare('UPDATE staff SET locked_until = ?, failed_attempts = 0 WHERE id = ?').run(until, id);
    return until;
  }

  private require(id: string): StaffRow {
    const row = this.get(id);
    if (!row) throw new GateError('not_found', 'no such staff member');
    return row;
  }

  private assertCardFree(card: string, id: string): void {
    const holder = this.db.prepare<[string, string], { id: string }>('SELECT id FROM staff WHERE card_code = ? AND id <> ?').get(card, id);
    if (holder) throw new GateError('conflict', 'that staff card is already given to someone else');
  }

  private assertNotLastManager(id: string): void {
    const others = this.db
      .prepare<[string], { n: number }>("SELECT count(*) AS n FROM staff WHERE active = 1 AND role IN ('manager','committee_admin') AND id <> ?")
      .get(id)!.n;
    if (others === 0) throw new GateError('conflict', 'this is the last active manager; appoint another first');
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

export function normaliseCard(code: string): string {
  return code.trim().toUpperCase();
}

function refusal(reason: PinRefusal, lockedUntil: string | null, attemptsLeft?: number): GateError {
  const message =
    reason === 'locked'
      ? 'too many wrong PINs; locked for now'
      : reason === 'inactive'
        ? 'this staff member is disabled'
        : reason === 'unknown_staff'
          ? 'no such staff member'
          : 'wrong PIN';
  return new GateError('forbidden', message, { reason, lockedUntil, ...(attemptsLeft === undefined ? {} : { attemptsLeft }) });
}
