/**
 * Issuing, listing, revoking and checking signed temporary passes. The signed payload is the pass;
 * the temp_pass row is this gate's copy for the list and reprints. Revocation is by pass id in
 * temp_pass_revocation (this gate's and, once synced, other gates'), and in the hub's withdrawn
 * pass list (sync_revocation) so a pass withdrawn at the committee is refused too.
 */
import type { TempPassPurpose, TempPassView } from '../../shared/passes';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import type { Db } from '../store/db';
import type { HouseholdFacts, HouseholdStore } from './households';
import type { PassKeys } from './keyStore';
import { encodePass, isTempPassPayload, peekPassId, verifyPass, type Verdict } from './passCrypto';

type Row = {
  id: string;
  household_id: string;
  household_label: string;
  purpose: TempPassPurpose;
  issued_at: string;
  expires_at: string;
  gate_id: string;
  payload: string;
  revoked_at: string | null;
  reason: string | null;
};

/** What the gate decision needs from a scanned temporary pass. */
export type TempPassCheck = {
  verdict: Verdict | 'unknown_household';
  passId: string | null;
  /** What the entry log records as the credential: the pass id, never the whole payload. */
  credential: string;
  household: HouseholdFacts | null;
};

export class TempPassService {
  private readonly revoked;

  constructor(
    private readonly d: {
      db: Db;
      keys: PassKeys;
      households: HouseholdStore;
      compoundId: string;
      gateId: string;
      clock: Clock;
      newId: IdGenerator;
    },
  ) {
    this.revoked = d.db.prepare<[string, string], { n: number }>(
      `SELECT (SELECT count(*) FROM temp_pass_revocation WHERE pass_id = ?) + (SELECT count(*) FROM sync_revocation WHERE pass_number = ?) AS n`,
    );
  }

  isRevoked(passId: string): boolean {
    return (this.revoked.get(passId, passId)?.n ?? 0) > 0;
  }

  issue(i: { householdId: string; purpose: TempPassPurpose; validHours: number; staff: readonly string[] }): TempPassView {
    const signer = this.d.keys.signer;
    if (!signer) throw new GateError('unavailable', 'this gate has no committee certificate for its signing key; passes cannot be issued');
    const household = this.d.households.household(i.householdId);
    if (!household) throw new GateError('not_found', 'no such household');
    const now = this.d.clock.now();
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + i.validHours * 3600;
    const id = this.d.newId();
    let payload: string;
    try {
      payload = encodePass({ passId: id, householdId: household.id, purpose: i.purpose, issuedAt, expiresAt }, signer.privateKey, signer.cert);
    } catch (err) {
      throw new GateError('unavailable', `the pass cannot be encoded: ${(err as Error).message}`);
    }
    this.d.db
      .prepare(
        `INSERT INTO temp_pass (id, household_id, household_label, purpose, issued_at, expires_at, gate_id, payload, staff_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, household.id, household.label, i.purpose, iso(issuedAt), iso(expiresAt), this.d.gateId, payload, JSON.stringify(i.staff));
    return this.get(id);
  }

  get(id: string): TempPassView {
    const row = this.d.db
      .prepare<[string], Row>(
        `SELECT t.*, r.revoked_at, r.reason FROM temp_pass t LEFT JOIN temp_pass_revocation r ON r.pass_id = t.id WHERE t.id = ?`,
      )
      .get(id);
    if (!row) throw new GateError('not_found', 'no such temporary pass');
    return this.toView(row);
  }

  list(limit: number): TempPassView[] {
    return this.d.db
      .prepare<[number], Row>(
        `SELECT t.*, r.revoked_at, r.reason FROM temp_pass t LEFT JOIN temp_pass_revocation r ON r.pass_id = t.id
          ORDER BY t.issued_at DESC, t.id DESC LIMIT ?`,
      )
      .all(limit)
      .map((r) => this.toView(r));
  }

  /** Withdraws a pass; revoking twice keeps the first time and reason. */
  revoke(id: string, reason: string, staff: readonly string[]): TempPassView {
    this.get(id);
    this.d.db
      .prepare(
        `INSERT INTO temp_pass_revocation (pass_id, revoked_at, reason, gate_id, staff_json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(pass_id) DO NOTHING`,
      )
      .run(id, this.d.clock.now().toISOString(), reason, this.d.gateId, JSON.stringify(staff));
    return this.get(id);
  }

  /** Null when the code is not a temporary-pass payload at all (an ordinary pass number). */
  check(code: string, now: Date): TempPassCheck | null {
    if (!isTempPassPayload(code)) return null;
    const r = verifyPass(code, {
      committeeKey: this.d.keys.committeeKey,
      compoundId: this.d.compoundId,
      now,
      isRevoked: (id) => this.isRevoked(id),
    });
    const passId = r.body?.passId ?? null;
    // A forged pass is logged by the id it claims, marked so nobody mistakes it for a real one.
    const credential = passId ? `temp-pass:${passId}` : `temp-pass-forged:${peekPassId(code)?.slice(0, 40) ?? 'unreadable'}`;
    if (r.verdict === 'forged') return { verdict: 'forged', passId: null, credential, household: null };
    const household = r.body ? this.d.households.household(r.body.householdId) : null;
    if (!household) return { verdict: 'unknown_household', passId, credential, household: null };
    return { verdict: r.verdict, passId, credential, household };
  }

  private toView(r: Row): TempPassView {
    const now = this.d.clock.now().toISOString();
    return {
      id: r.id,
      householdId: r.household_id,
      household: r.household_label,
      purpose: r.purpose,
      issuedAt: r.issued_at,
      expiresAt: r.expires_at,
      gateId: r.gate_id,
      state: r.revoked_at ? 'revoked' : r.expires_at <= now ? 'expired' : 'valid',
      revokedAt: r.revoked_at,
      revokeReason: r.reason,
      payload: r.payload,
    };
  }
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
