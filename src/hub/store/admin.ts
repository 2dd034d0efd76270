/**
 * Committee set-up: committees, compounds (seeded with the default status schemes), gates, and the
 * one-time enrolment codes a gate trades for its token.
 */
import { enrolmentQr, type EnrolmentIssued, type EnrolResponse } from '../../shared/sync';
import { hashSecret, newEnrolmentCode, newToken, normaliseEnrolmentCode } from '../auth';
import type { HubDb, Queryable } from '../db';
import { HubError, notFound } from '../errors';
import { defaultStatuses } from './statusSeed';

const UNIQUE_VIOLATION = '23505';
const FK_VIOLATION = '23503';

function pgCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** Turns "already there" and "parent missing" into 409 and 404 instead of a 500. */
async function insertOnce(q: Queryable, what: string, parent: string, text: string, params: unknown[]): Promise<void> {
  try {
    await q.query(text, params);
  } catch (err) {
    if (pgCode(err) === UNIQUE_VIOLATION) throw new HubError(409, 'exists', `${what} already exists`);
    if (pgCode(err) === FK_VIOLATION) throw notFound(parent);
    throw err;
  }
}

export async function createCommittee(db: HubDb, id: string, name: string, now: Date): Promise<void> {
  await insertOnce(db, 'committee', '', 'INSERT INTO committee (committee_id, name, created_at) VALUES ($1, $2, $3)', [id, name, now]);
}

export async function createCompound(db: HubDb, c: string, p: string, name: string, scheme: string, now: Date): Promise<void> {
  await db.tx(async (q) => {
    await insertOnce(q, 'compound', 'committee', 'INSERT INTO compound (committee_id, compound_id, name, created_at) VALUES ($1, $2, $3, $4)', [c, p, name, now]);
    await q.query(
      `INSERT INTO status (committee_id, compound_id, code, scheme, label_zh, label_en, colour, gate_rule, severity, sort)
       SELECT $1, $2, s.code, s.scheme, s.label_zh, s.label_en, s.colour, s.gate_rule, s.severity, s.sort
         FROM jsonb_to_recordset($3::jsonb) AS s(code text, scheme text, label_zh text, label_en text, colour text, gate_rule text, severity int, sort int)`,
      [c, p, JSON.stringify(defaultStatuses())],
    );
    await q.query(`INSERT INTO setting (committee_id, compound_id, key, value) VALUES ($1, $2, 'status_scheme', $3)`, [c, p, scheme]);
  });
}

export async function createGate(db: HubDb, c: string, p: string, g: string, name: string, now: Date): Promise<void> {
  await insertOnce(db, 'gate', 'compound', 'INSERT INTO gate (committee_id, compound_id, gate_id, name, created_at) VALUES ($1, $2, $3, $4, $5)', [c, p, g, name, now]);
}

/** A fresh code replaces any unused one for the same gate: only the latest printed QR works. */
export async function issueEnrolment(
  db: HubDb,
  gate: { c: string; p: string; g: string },
  ttlHours: number,
  now: Date,
  hubUrl: string,
): Promise<EnrolmentIssued> {
  const code = newEnrolmentCode();
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  await db.tx(async (q) => {
    const exists = await q.query('SELECT 1 FROM gate WHERE committee_id = $1 AND compound_id = $2 AND gate_id = $3', [gate.c, gate.p, gate.g]);
    if (exists.rows.length === 0) throw notFound('gate');
    await q.query('DELETE FROM enrolment WHERE committee_id = $1 AND compound_id = $2 AND gate_id = $3 AND used_at IS NULL', [gate.c, gate.p, gate.g]);
    await q.query(
      `INSERT INTO enrolment (code_hash, committee_id, compound_id, gate_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [hashSecret(normaliseEnrolmentCode(code)), gate.c, gate.p, gate.g, now, expiresAt],
    );
  });
  return { code, expiresAt: expiresAt.toISOString(), qr: enrolmentQr(hubUrl, code, gate.p, gate.g) };
}

type Redeemed = { committee_id: string; compound_id: string; gate_id: string; gate_name: string; compound_name: string };

/**
 * Single use is enforced by the UPDATE itself (used_at IS NULL in its WHERE), so two gates racing
 * with the same code cannot both win. Enrolling again revokes the gate's earlier tokens: a replaced
 * kiosk's old token stops working.
 */
export async function redeemEnrolment(db: HubDb, code: string, now: Date): Promise<Omit<EnrolResponse, 'hubTime'>> {
  const hash = hashSecret(normaliseEnrolmentCode(code));
  return db.tx(async (q) => {
    const r = await q.query<Redeemed>(
      `UPDATE enrolment e SET used_at = $2
        FROM gate g JOIN compound p ON p.committee_id = g.committee_id AND p.compound_id = g.compound_id
       WHERE e.code_hash = $1 AND e.used_at IS NULL AND e.expires_at > $2
         AND g.committee_id = e.committee_id AND g.compound_id = e.compound_id AND g.gate_id = e.gate_id
       RETURNING e.committee_id, e.compound_id, e.gate_id, g.name AS gate_name, p.name AS compound_name`,
      [hash, now],
    );
    const row = r.rows[0];
    if (!row) {
      const why = await q.query<{ used: boolean }>('SELECT used_at IS NOT NULL AS used FROM enrolment WHERE code_hash = $1', [hash]);
      const found = why.rows[0];
      if (!found) throw new HubError(401, 'invalid_code', 'unknown enrolment code');
      if (found.used) throw new HubError(409, 'code_used', 'this enrolment code has already been used');
      throw new HubError(401, 'code_expired', 'this enrolment code has expired; ask the committee for a new one');
    }
    await q.query(
      'UPDATE gate_token SET revoked_at = $4 WHERE committee_id = $1 AND compound_id = $2 AND gate_id = $3 AND revoked_at IS NULL',
      [row.committee_id, row.compound_id, row.gate_id, now],
    );
    const token = newToken('gt');
    await q.query(
      'INSERT INTO gate_token (token_hash, committee_id, compound_id, gate_id, issued_at) VALUES ($1, $2, $3, $4, $5)',
      [hashSecret(token), row.committee_id, row.compound_id, row.gate_id, now],
    );
    return {
      token,
      committeeId: row.committee_id,
      compoundId: row.compound_id,
      gateId: row.gate_id,
      gateName: row.gate_name,
      compoundName: row.compound_name,
    };
  });
}

export async function revokeGateTokens(db: HubDb, gate: { c: string; p: string; g: string }, now: Date): Promise<number> {
  const exists = await db.query('SELECT 1 FROM gate WHERE committee_id = $1 AND compound_id = $2 AND gate_id = $3', [gate.c, gate.p, gate.g]);
  if (exists.rows.length === 0) throw notFound('gate');
  const r = await db.query(
    'UPDATE gate_token SET revoked_at = $4 WHERE committee_id = $1 AND compound_id = $2 AND gate_id = $3 AND revoked_at IS NULL',
    [gate.c, gate.p, gate.g, now],
  );
  return r.rowCount;
}

export async function requireCompound(db: Queryable, c: string, p: string): Promise<void> {
  const r = await db.query('SELECT 1 FROM compound WHERE committee_id = $1 AND compound_id = $2', [c, p]);
  if (r.rows.length === 0) throw notFound('compound');
}
