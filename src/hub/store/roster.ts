/**
 * The committee's roster on the hub. An upload is matched by natural keys (building name;
 * building+unit+room; household+name; pass number) exactly like the gate's own import, so ids stay
 * stable across uploads and only rows that really changed are stamped into the feed: re-uploading
 * an unchanged 50,000-row spreadsheet sends the gates nothing.
 */
import { normaliseCell, normaliseIdNumber, normaliseName, normalisePhone } from '../../main/roster/normalise';
import type { RosterRow, RosterUpsertResult } from '../../shared/sync';
import type { HubDb, Queryable } from '../db';
import { HubError, notFound } from '../errors';

type Statuses = { byKey: Map<string, string>; severity: Map<string, number> };

async function activeStatuses(q: Queryable, c: string, p: string): Promise<Statuses> {
  const r = await q.query<{ code: string; label_zh: string; label_en: string; severity: number }>(
    `SELECT s.code, s.label_zh, s.label_en, s.severity FROM status s
       JOIN setting t ON t.committee_id = s.committee_id AND t.compound_id = s.compound_id AND t.key = 'status_scheme'
      WHERE s.committee_id = $1 AND s.compound_id = $2 AND s.scheme = t.value AND NOT s.deleted`,
    [c, p],
  );
  const byKey = new Map<string, string>();
  const severity = new Map<string, number>();
  for (const s of r.rows) {
    byKey.set(s.code, s.code);
    byKey.set(s.label_zh, s.code);
    byKey.set(s.label_en.toLowerCase(), s.code);
    severity.set(s.code, Number(s.severity));
  }
  return { byKey, severity };
}

function resolveStatus(st: Statuses, given: string): string | undefined {
  const k = normaliseCell(given);
  return st.byKey.get(k) ?? st.byKey.get(k.toLowerCase());
}

type Clean = { building: string; unit: string; room: string; name: string; residency: string; phone: string; id_number: string; pass_number: string; status: string };

/** Normalises like the gate's importer and refuses the whole upload on the first bad row. */
function prepare(rows: readonly RosterRow[], st: Statuses): { clean: Clean[]; households: Array<Pick<Clean, 'building' | 'unit' | 'room' | 'status'>> } {
  const seenPass = new Set<string>();
  const seenPerson = new Set<string>();
  const households = new Map<string, Pick<Clean, 'building' | 'unit' | 'room' | 'status'>>();
  const clean = rows.map((row, i) => {
    const status = resolveStatus(st, row.status);
    if (!status) throw new HubError(400, 'invalid_roster', `rows[${i}].status: unknown status "${row.status}" in the compound's active scheme`, i);
    const c: Clean = {
      building: normaliseCell(row.building),
      unit: normaliseCell(row.unit),
      room: normaliseCell(row.room),
      name: normaliseName(row.name),
      residency: row.residency,
      phone: normalisePhone(row.phone),
      id_number: normaliseIdNumber(row.idNumber),
      pass_number: normaliseCell(row.passNumber),
      status,
    };
    if (!c.building || !c.room || !c.name) throw new HubError(400, 'invalid_roster', `rows[${i}]: building, room and name are required`, i);
    const hh = `${c.building}\u0000${c.unit}\u0000${c.room}`;
    const person = `${hh}\u0000${c.name}`;
    if (seenPerson.has(person)) throw new HubError(400, 'invalid_roster', `rows[${i}]: ${c.name} is listed twice in the same household`, i);
    seenPerson.add(person);
    if (c.pass_number) {
      if (seenPass.has(c.pass_number)) throw new HubError(400, 'invalid_roster', `rows[${i}]: pass ${c.pass_number} is listed twice`, i);
      seenPass.add(c.pass_number);
    }
    // A household shows its most severe member's colour, as on the committee's wall map.
    const prev = households.get(hh);
    if (!prev || (st.severity.get(status) ?? 0) > (st.severity.get(prev.status) ?? 0)) {
      households.set(hh, { building: c.building, unit: c.unit, room: c.room, status });
    }
    return c;
  });
  return { clean, households: [...households.values()] };
}

/** The committee and compound every statement is scoped to ($1, $2), optionally for a table alias. */
const k = (alias = ''): string => `${alias}committee_id = $1 AND ${alias}compound_id = $2`;
const K = k();
const JOIN_HOUSEHOLD = `JOIN building b ON b.committee_id = $1 AND b.compound_id = $2 AND b.name = x.building
  JOIN household h ON h.committee_id = $1 AND h.compound_id = $2 AND h.building_id = b.id AND h.unit = x.unit AND h.room = x.room`;

export async function upsertRoster(db: HubDb, c: string, p: string, rows: readonly RosterRow[], mode: 'replace' | 'merge', now: Date): Promise<RosterUpsertResult> {
  return db.tx(async (q) => {
    const compound = await q.query(`SELECT 1 FROM compound WHERE ${K} FOR UPDATE`, [c, p]);
    if (compound.rows.length === 0) throw notFound('compound');
    const { clean, households } = prepare(rows, await activeStatuses(q, c, p));
    const json = JSON.stringify(clean);
    let changed = 0;
    const run = async (sql: string, params: unknown[]): Promise<number> => (await q.query(sql, params)).rowCount;
    changed += await run(
      `INSERT INTO building (committee_id, compound_id, name) SELECT DISTINCT $1::text, $2::text, x FROM unnest($3::text[]) AS x
       ON CONFLICT (committee_id, compound_id, name) DO UPDATE SET deleted = false WHERE building.deleted`,
      [c, p, [...new Set(clean.map((r) => r.building))]],
    );
    changed += await run(
      `INSERT INTO household (committee_id, compound_id, building_id, unit, room, status_code)
       SELECT $1::text, $2::text, b.id, x.unit, x.room, x.status FROM jsonb_to_recordset($3::jsonb) AS x(building text, unit text, room text, status text)
         JOIN building b ON b.committee_id = $1 AND b.compound_id = $2 AND b.name = x.building
       ON CONFLICT (committee_id, compound_id, building_id, unit, room) DO UPDATE SET status_code = excluded.status_code, deleted = false
        WHERE (household.status_code, household.deleted) IS DISTINCT FROM (excluded.status_code, false)`,
      [c, p, JSON.stringify(households)],
    );
    changed += await run(
      `INSERT INTO resident (committee_id, compound_id, household_id, name, residency, phone, id_number, status_code)
       SELECT $1::text, $2::text, h.id, x.name, x.residency, x.phone, x.id_number, x.status
         FROM jsonb_to_recordset($3::jsonb) AS x(building text, unit text, room text, name text, residency text, phone text, id_number text, status text)
         ${JOIN_HOUSEHOLD}
       ON CONFLICT (committee_id, compound_id, household_id, name) DO UPDATE
          SET residency = excluded.residency, phone = excluded.phone, id_number = excluded.id_number, status_code = excluded.status_code, deleted = false
        WHERE (resident.residency, resident.phone, resident.id_number, resident.status_code, resident.deleted)
              IS DISTINCT FROM (excluded.residency, excluded.phone, excluded.id_number, excluded.status_code, false)`,
      [c, p, json],
    );
    // A withdrawn pass stays withdrawn when listed again: only the committee's revoke changes status.
    changed += await run(
      `INSERT INTO pass (committee_id, compound_id, number, resident_id, status, issued_at)
       SELECT $1::text, $2::text, x.pass_number, r.id, 'active', $4::timestamptz
         FROM jsonb_to_recordset($3::jsonb) AS x(building text, unit text, room text, name text, pass_number text)
         ${JOIN_HOUSEHOLD}
         JOIN resident r ON r.committee_id = $1 AND r.compound_id = $2 AND r.household_id = h.id AND r.name = x.name
        WHERE x.pass_number <> ''
       ON CONFLICT (committee_id, compound_id, number) DO UPDATE SET resident_id = excluded.resident_id, deleted = false
        WHERE (pass.resident_id, pass.deleted) IS DISTINCT FROM (excluded.resident_id, false)`,
      [c, p, json, now],
    );
    const removed = mode === 'replace' ? await removeUnlisted(q, c, p, clean, json) : 0;
    return { rows: clean.length, changed, removed };
  });
}

/** Tombstones (not deletes) so every gate hears that a person or pass is gone. */
async function removeUnlisted(q: Queryable, c: string, p: string, clean: Clean[], json: string): Promise<number> {
  const run = async (sql: string, params: unknown[]): Promise<number> => (await q.query(sql, params)).rowCount;
  let n = await run(
    `UPDATE resident SET deleted = true WHERE ${K} AND NOT deleted AND id NOT IN (
       SELECT r.id FROM jsonb_to_recordset($3::jsonb) AS x(building text, unit text, room text, name text) ${JOIN_HOUSEHOLD}
         JOIN resident r ON r.committee_id = $1 AND r.compound_id = $2 AND r.household_id = h.id AND r.name = x.name)`,
    [c, p, json],
  );
  n += await run(
    `UPDATE pass SET deleted = true WHERE ${K} AND NOT deleted AND (number NOT IN (SELECT unnest($3::text[]))
       OR resident_id IN (SELECT id FROM resident WHERE ${K} AND deleted))`,
    [c, p, clean.map((r) => r.pass_number).filter(Boolean)],
  );
  n += await run(
    `UPDATE household h SET deleted = true WHERE ${k('h.')} AND NOT h.deleted AND NOT EXISTS (
       SELECT 1 FROM resident r WHERE r.committee_id = h.committee_id AND r.compound_id = h.compound_id AND r.household_id = h.id AND NOT r.deleted)`,
    [c, p],
  );
  n += await run(
    `UPDATE building b SET deleted = true WHERE ${k('b.')} AND NOT b.deleted AND NOT EXISTS (
       SELECT 1 FROM household h WHERE h.committee_id = b.committee_id AND h.compound_id = b.compound_id AND h.building_id = b.id AND NOT h.deleted)`,
    [c, p],
  );
  return n;
}

async function statusCode(q: Queryable, c: string, p: string, given: string): Promise<string> {
  const code = resolveStatus(await activeStatuses(q, c, p), given);
  if (!code) throw new HubError(400, 'invalid_status', `unknown status "${given}" in the compound's active scheme`);
  return code;
}

/** The household and everyone in it take the new colour (the map is per household). */
export async function setHouseholdStatus(db: HubDb, c: string, p: string, householdId: string, status: string): Promise<void> {
  await db.tx(async (q) => {
    const code = await statusCode(q, c, p, status);
    const found = await q.query(`SELECT 1 FROM household WHERE ${K} AND id = $3 AND NOT deleted FOR UPDATE`, [c, p, householdId]);
    if (found.rows.length === 0) throw notFound('household');
    await q.query(`UPDATE household SET status_code = $4 WHERE ${K} AND id = $3 AND status_code <> $4`, [c, p, householdId, code]);
    await q.query(`UPDATE resident SET status_code = $4 WHERE ${K} AND household_id = $3 AND NOT deleted AND status_code <> $4`, [c, p, householdId, code]);
  });
}

/** One person changes; the household then shows its most severe member again. */
export async function setResidentStatus(db: HubDb, c: string, p: string, residentId: string, status: string): Promise<void> {
  await db.tx(async (q) => {
    const code = await statusCode(q, c, p, status);
    const r = await q.query<{ household_id: string }>(
      `SELECT household_id::text AS household_id FROM resident WHERE ${K} AND id = $3 AND NOT deleted FOR UPDATE`,
      [c, p, residentId],
    );
    const householdId = r.rows[0]?.household_id;
    if (!householdId) throw notFound('resident');
    await q.query(`UPDATE resident SET status_code = $4 WHERE ${K} AND id = $3 AND status_code <> $4`, [c, p, residentId, code]);
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
export async function revokePass(db: HubDb, c: string, p: string, number: string, reason: string, now: Date): Promise<{ passId: string; alreadyRevoked: boolean }> {
  return db.tx(async (q) => {
    const r = await q.query<{ id: string; status: string }>(`SELECT id::text AS id, status FROM pass WHERE ${K} AND number = $3 FOR UPDATE`, [
      c,
      p,
      normaliseCell(number),
    ]);
    const pass = r.rows[0];
    if (!pass) throw notFound('pass');
    if (pass.status !== 'revoked') await q.query(`UPDATE pass SET status = 'revoked' WHERE ${K} AND id = $3`, [c, p, pass.id]);
    await q.query(
      `INSERT INTO revocation (committee_id, compound_id, pass_number, pass_id, revoked_at, reason) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (committee_id, compound_id, pass_number) DO NOTHING`,
      [c, p, normaliseCell(number), pass.id, now, reason],
    );
    return { passId: pass.id, alreadyRevoked: pass.status === 'revoked' };
  });
}
