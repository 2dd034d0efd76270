/**
 * The committee's edits between uploads: a household's or a person's colour, and withdrawing a
 * pass. Each is one transaction that stamps the changed rows into the gates' feeds.
 */
import { normaliseCell } from '../../main/roster/normalise';
import type { HubDb, Queryable } from '../db';
import { HubError, notFound } from '../errors';
import { activeStatuses, k, resolveStatus } from './roster';

const K = k();

async function statusCode(q: Queryable, c: string, p: string, given: string): Promise<string> {
  const code = resolveStatus(await activeStatuses(q, c, p), given);
  if (!code)
    throw new HubError(400, 'invalid_status', `unknown status "${given}" in the compound's active scheme`);
  return code;
}

/** The household and everyone in it take the new colour (the map is per household). */
export async function setHouseholdStatus(
  db: HubDb,
  c: string,
  p: string,
  householdId: string,
  status: string,
): Promise<void> {
  await db.tx(async (q) => {
    const code = await statusCode(q, c, p, status);
    const found = await q.query(`SELECT 1 FROM household WHERE ${K} AND id = $3 AND NOT deleted FOR UPDATE`, [
      c,
      p,
      householdId,
    ]);
    if (found.rows.length === 0) throw notFound('household');
    await q.query(`UPDATE household SET status_code = $4 WHERE ${K} AND id = $3 AND status_code <> $4`, [
      c,
      p,
      householdId,
      code,
    ]);
    await q.query(
      `UPDATE resident SET status_code = $4 WHERE ${K} AND household_id = $3 AND NOT deleted AND status_code <> $4`,
      [c, p, householdId, code],
    );
  });
}

/** One person changes; the household then shows its most severe member again. */
export async function setResidentStatus(
  db: HubDb,
  c: string,
  p: string,
  residentId: string,
  status: string,
): Promise<void> {
  await db.tx(async (q) => {
    const code = await statusCode(q, c, p, status);
    const r = await q.query<{ household_id: string }>(
      `SELECT household_id::text AS household_id FROM resident WHERE ${K} AND id = $3 AND NOT deleted FOR UPDATE`,
      [c, p, residentId],
    );
    const householdId = r.rows[0]?.household_id;
    if (!householdId) throw notFound('resident');
    await q.query(`UPDATE resident SET status_code = $4 WHERE ${K} AND id = $3 AND status_code <> $4`, [
      c,
      p,
      residentId,
      code,
    ]);
    await q.query(
      `UPDATE household h SET status_code = top.code FROM (
         SELECT r.status_code AS code FROM resident r
           JOIN status s ON s.committee_id = r.committee_id AND s.compound_id = r.compound_id AND s.code = r.status_code
          WHERE ${k('r.')} AND r.household_id = $3 AND NOT r.deleted ORDER BY s.severity DESC LIMIT 1) top
        WHERE ${k('h.')} AND h.id = $3 AND h.status_code <> top.code`,
      [c, p, householdId],
    );
  });
}

/** Marks the pass and adds it to the revocation feed, which gates apply before any roster change. */
export async function revokePass(
  db: HubDb,
  c: string,
  p: string,
  number: string,
  reason: string,
  now: Date,
): Promise<{ passId: string; alreadyRevoked: boolean }> {
  return db.tx(async (q) => {
    const r = await q.query<{ id: string; status: string }>(
      `SELECT id::text AS id, status FROM pass WHERE ${K} AND number = $3 FOR UPDATE`,
      [c, p, normaliseCell(number)],
    );
    const pass = r.rows[0];
    if (!pass) throw notFound('pass');
    if (pass.status !== 'revoked')
      await q.query(`UPDATE pass SET status = 'revoked' WHERE ${K} AND id = $3`, [c, p, pass.id]);
    await q.query(
      `INSERT INTO revocation (committee_id, compound_id, pass_number, pass_id, revoked_at, reason) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (committee_id, compound_id, pass_number) DO NOTHING`,
      [c, p, normaliseCell(number), pass.id, now, reason],
    );
    return { passId: pass.id, alreadyRevoked: pass.status === 'revoked' };
  });
}
