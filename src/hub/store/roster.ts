/**
 * The committee's roster on the hub. An upload is matched by natural keys (building name;
 * building+unit+room; household+name; pass number) exactly like the gate's own import, so ids stay
 * stable across uploads and only rows that really changed are stamped into the feed: re-uploading
 * an unchanged 50,000-row spreadsheet sends the gates nothing.
 */
import { normaliseCell, normaliseIdNumber, normaliseName, normalisePhone } from '../../main/roster/normalise';
import type { RosterRow, RosterUpsertResult } from '../../shared/sync';
import { uuidv7Generator } from '../../main/core/ids';
import { maskIdNumber } from '../../main/roster/idNumber';
import type { HubDb, Queryable } from '../db';
import { HubError, notFound } from '../errors';

type Statuses = { byKey: Map<string, string>; severity: Map<string, number> };

export async function activeStatuses(q: Queryable, c: string, p: string): Promise<Statuses> {
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

export function resolveStatus(st: Statuses, given: string): string | undefined {
  const k = normaliseCell(given);
  return st.byKey.get(k) ?? st.byKey.get(k.toLowerCase());
}

type Clean = {
  building: string;
  unit: string;
  room: string;
  name: string;
  residency: string;
  phone: string;
  id_number: string;
  pass_number: string;
  status: string;
};

/** Normalises like the gate's importer and refuses the whole upload on the first bad row. */
function prepare(
  rows: readonly RosterRow[],
  st: Statuses,
): { clean: Clean[]; households: Array<Pick<Clean, 'building' | 'unit' | 'room' | 'status'>> } {
  const seenPass = new Set<string>();
  const seenPerson = new Set<string>();
  const households = new Map<string, Pick<Clean, 'building' | 'unit' | 'room' | 'status'>>();
  const clean = rows.map((row, i) => {
    const status = resolveStatus(st, row.status);
    if (!status)
      throw new HubError(
        400,
        'invalid_roster',
        `rows[${i}].status: unknown status "${row.status}" in the compound's active scheme`,
        i,
      );
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
    if (!c.building || !c.room || !c.name)
      throw new HubError(400, 'invalid_roster', `rows[${i}]: building, room and name are required`, i);
    const hh = `${c.building}\u0000${c.unit}\u0000${c.room}`;
    const person = `${hh}\u0000${c.name}`;
    if (seenPerson.has(person))
      throw new HubError(
        400,
        'invalid_roster',
        `rows[${i}]: ${c.name} is listed twice in the same household`,
        i,
      );
    seenPerson.add(person);
    if (c.pass_number) {
      if (seenPass.has(c.pass_number))
        throw new HubError(400, 'invalid_roster', `rows[${i}]: pass ${c.pass_number} is listed twice`, i);
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
export const k = (alias = ''): string => `${alias}committee_id = $1 AND ${alias}compound_id = $2`;
const K = k();
type Existing = { id: string; deleted: boolean };
const BULK_ROWS = 500;
const key = (...parts: string[]): string => parts.join('\u0000');

/** All of a compound's rows of one table, keyed in JS: no join for the planner to get wrong on a fresh table. */
async function load<R extends Existing>(
  q: Queryable,
  sql: string,
  c: string,
  p: string,
  keyOf: (r: R) => string,
): Promise<Map<string, R>> {
  const r = await q.query<R>(sql, [c, p]);
  return new Map(r.rows.map((row) => [keyOf(row), row]));
}

/**
 * Natural keys are resolved to ids here, in JS, one table at a time; each statement is then a plain
 * set-based upsert on a unique index. (The first version joined jsonb_to_recordset to the tables in
 * SQL: on a freshly created table the planner chose nested loops over sequential scans, 50 s for
 * 10,000 rows.)
 */
export async function upsertRoster(
  db: HubDb,
  c: string,
  p: string,
  rows: readonly RosterRow[],
  mode: 'replace' | 'merge',
  now: Date,
): Promise<RosterUpsertResult> {
  return db.tx(async (q) => {
    const compound = await q.query(`SELECT 1 FROM compound WHERE ${K} FOR UPDATE`, [c, p]);
    if (compound.rows.length === 0) throw notFound('compound');
    const { clean, households } = prepare(rows, await activeStatuses(q, c, p));
    // Time-ordered ids for new rows (an existing row keeps its own): an upload's rows then reach
    // every index, here and in each gate's SQLite, in ascending order instead of at random.
    const newId = uuidv7Generator();
    const run = async (sql: string, data: unknown, analyze?: string): Promise<number> => {
      const n = (await q.query(sql, [c, p, JSON.stringify(data)])).rowCount;
      // Fresh statistics after a bulk insert: the next step's foreign-key checks are planned from
      // them, and a plan made while the parent looked empty scans it once per child row (measured:
      // 16 s for 10,000 passes on a new hub). ANALYZE inside the transaction sees its own rows.
      if (analyze && n >= BULK_ROWS) await q.query(`ANALYZE ${analyze}`);
      return n;
    };
    let changed = await run(
      `INSERT INTO building (committee_id, compound_id, id, name) SELECT $1::text, $2::text, x.id, x.name FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, name text)
       ON CONFLICT (committee_id, compound_id, name) DO UPDATE SET deleted = false WHERE building.deleted`,
      [...new Set(clean.map((r) => r.building))].map((name) => ({ id: newId(), name })),
      'building',
    );
    const buildings = await load<Existing & { name: string }>(
      q,
      `SELECT id::text AS id, name, deleted FROM building WHERE ${K}`,
      c,
      p,
      (b) => b.name,
    );
    const bid = (name: string): string => buildings.get(name)!.id;
    changed += await run(
      `INSERT INTO household (committee_id, compound_id, id, building_id, unit, room, status_code)
       SELECT $1::text, $2::text, x.id, x.building_id, x.unit, x.room, x.status FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, building_id uuid, unit text, room text, status text)
       ON CONFLICT (committee_id, compound_id, building_id, unit, room) DO UPDATE SET status_code = excluded.status_code, deleted = false
        WHERE (household.status_code, household.deleted) IS DISTINCT FROM (excluded.status_code, false)`,
      households.map((h) => ({ id: newId(), building_id: bid(h.building), unit: h.unit, room: h.room, status: h.status })),
      'household',
    );
    const hh = await load<Existing & { building_id: string; unit: string; room: string }>(
      q,
      `SELECT id::text AS id, building_id::text AS building_id, unit, room, deleted FROM household WHERE ${K}`,
      c,
      p,
      (h) => key(h.building_id, h.unit, h.room),
    );
    const hid = (r: Clean): string => hh.get(key(bid(r.building), r.unit, r.room))!.id;
    changed += await run(
      `INSERT INTO resident (committee_id, compound_id, id, household_id, name, residency, phone, id_number, id_number_masked, status_code)
       SELECT $1::text, $2::text, x.id, x.household_id, x.name, x.residency, x.phone, x.id_number, x.id_number_masked, x.status
         FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, household_id uuid, name text, residency text, phone text, id_number text, id_number_masked text, status text)
       ON CONFLICT (committee_id, compound_id, household_id, name) DO UPDATE
          SET residency = excluded.residency, phone = excluded.phone, id_number = excluded.id_number, id_number_masked = excluded.id_number_masked,
              status_code = excluded.status_code, deleted = false
        WHERE (resident.residency, resident.phone, resident.id_number, resident.status_code, resident.deleted)
              IS DISTINCT FROM (excluded.residency, excluded.phone, excluded.id_number, excluded.status_code, false)`,
      clean.map((r) => ({
        id: newId(),
        household_id: hid(r),
        name: r.name,
        residency: r.residency,
        phone: r.phone,
        id_number: r.id_number,
        id_number_masked: maskIdNumber(r.id_number),
        status: r.status,
      })),
      'resident',
    );
    const people = await load<Existing & { household_id: string; name: string }>(
      q,
      `SELECT id::text AS id, household_id::text AS household_id, name, deleted FROM resident WHERE ${K}`,
      c,
      p,
      (r) => key(r.household_id, r.name),
    );
    const rid = (r: Clean): string => people.get(key(hid(r), r.name))!.id;
    // A withdrawn pass stays withdrawn when listed again: only the committee's revoke changes status.
    changed += await run(
      `INSERT INTO pass (committee_id, compound_id, id, number, resident_id, status, issued_at)
       SELECT $1::text, $2::text, x.id, x.number, x.resident_id, 'active', x.issued_at FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, number text, resident_id uuid, issued_at timestamptz)
       ON CONFLICT (committee_id, compound_id, number) DO UPDATE SET resident_id = excluded.resident_id, deleted = false
        WHERE (pass.resident_id, pass.deleted) IS DISTINCT FROM (excluded.resident_id, false)`,
      clean
        .filter((r) => r.pass_number)
        .map((r) => ({ id: newId(), number: r.pass_number, resident_id: rid(r), issued_at: now.toISOString() })),
    );
    const removed =
      mode === 'replace'
        ? await removeUnlisted(q, c, p, new Set(clean.map(rid)), new Set(clean.map((r) => r.pass_number)))
        : 0;
    return { rows: clean.length, changed, removed };
  });
}

/** Tombstones (not deletes) so every gate hears that a person or pass is gone. */
async function removeUnlisted(
  q: Queryable,
  c: string,
  p: string,
  listed: Set<string>,
  passNumbers: Set<string>,
): Promise<number> {
  const rows = async <R>(sql: string): Promise<R[]> =>
    (await q.query<R & Record<string, unknown>>(sql, [c, p])).rows;
  const tombstone = async (table: string, ids: string[]): Promise<number> =>
    ids.length === 0
      ? 0
      : (await q.query(`UPDATE ${table} SET deleted = true WHERE ${K} AND id = ANY($3::uuid[])`, [c, p, ids]))
          .rowCount;
  const residents = await rows<{ id: string; household_id: string }>(
    `SELECT id::text AS id, household_id::text AS household_id FROM resident WHERE ${K} AND NOT deleted`,
  );
  const gone = new Set(residents.filter((r) => !listed.has(r.id)).map((r) => r.id));
  const passes = await rows<{ id: string; number: string; resident_id: string }>(
    `SELECT id::text AS id, number, resident_id::text AS resident_id FROM pass WHERE ${K} AND NOT deleted`,
  );
  const occupied = new Set(residents.filter((r) => !gone.has(r.id)).map((r) => r.household_id));
  const households = await rows<{ id: string; building_id: string }>(
    `SELECT id::text AS id, building_id::text AS building_id FROM household WHERE ${K} AND NOT deleted`,
  );
  const used = new Set(households.filter((h) => occupied.has(h.id)).map((h) => h.building_id));
  const buildings = await rows<{ id: string }>(
    `SELECT id::text AS id FROM building WHERE ${K} AND NOT deleted`,
  );
  return (
    (await tombstone('resident', [...gone])) +
    (await tombstone(
      'pass',
      passes.filter((x) => !passNumbers.has(x.number) || gone.has(x.resident_id)).map((x) => x.id),
    )) +
    (await tombstone(
      'household',
      households.filter((h) => !occupied.has(h.id)).map((h) => h.id),
    )) +
    (await tombstone(
      'building',
      buildings.filter((b) => !used.has(b.id)).map((b) => b.id),
    ))
  );
}
