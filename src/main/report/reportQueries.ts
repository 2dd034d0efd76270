/**
 * The entry-log and roster queries behind the daily report. They aggregate in SQLite and return
 * small results: minute buckets (at most 1,440 a day) rather than rows, so a busy month costs the
 * gate milliseconds, not a copy of the log. The SQL lives here rather than in store/ only because
 * issue 7 owns this folder; it is the same kind of named query function as store/.
 */
import type { Db } from '../store/db';

export type EntryScope = { compoundId: string; gateId: string | null; fromUtc: string; toUtc: string };

const WHERE = `WHERE compound_id = @compoundId AND (@gateId IS NULL OR gate_id = @gateId)
  AND occurred_at >= @fromUtc AND occurred_at < @toUtc`;
/** reasons is a comma list; wrapping both sides in commas matches whole codes only. */
const IS_FEVER = `decision = 'deny' AND instr(',' || reasons || ',', ',fever,') > 0`;

export type MinuteBucket = {
  minute: string;
  decision: 'admit' | 'deny' | 'refer';
  direction: 'in' | 'out';
  n: number;
  fevers: number;
};

/** Checks per UTC minute (the gate writes toISOString, so the first 16 characters are the minute). */
export function minuteBuckets(db: Db, s: EntryScope): MinuteBucket[] {
  return db
    .prepare<EntryScope, MinuteBucket>(
      `SELECT substr(occurred_at, 1, 16) AS minute, decision, direction, count(*) AS n, sum(${IS_FEVER}) AS fevers
         FROM entry_log ${WHERE} GROUP BY minute, decision, direction`,
    )
    .all(s);
}

export function reasonCounts(
  db: Db,
  s: EntryScope,
): Array<{ decision: 'deny' | 'refer'; reasons: string; n: number }> {
  return db
    .prepare<EntryScope, { decision: 'deny' | 'refer'; reasons: string; n: number }>(
      `SELECT decision, reasons, count(*) AS n FROM entry_log ${WHERE} AND decision IN ('deny', 'refer') GROUP BY decision, reasons`,
    )
    .all(s);
}

export type FeverRow = {
  id: string;
  occurred_at: string;
  gate_id: string;
  building: string | null;
  unit: string | null;
  room: string | null;
  resident_name_masked: string | null;
  temp_body_c: number | null;
  alert_id: string | null;
  acknowledged_at: string | null;
};

const FEVER_FROM = `FROM entry_log e LEFT JOIN alert a ON a.entry_id = e.id AND a.kind = 'fever'
  WHERE e.compound_id = @compoundId AND (@gateId IS NULL OR e.gate_id = @gateId)
    AND e.occurred_at >= @fromUtc AND e.occurred_at < @toUtc
    AND e.decision = 'deny' AND instr(',' || e.reasons || ',', ',fever,') > 0`;

export function feverRows(db: Db, s: EntryScope, limit: number): FeverRow[] {
  return db
    .prepare<EntryScope & { limit: number }, FeverRow>(
      `SELECT e.id, e.occurred_at, e.gate_id, e.building, e.unit, e.room, e.resident_name_masked, e.temp_body_c,
              a.id AS alert_id, a.acknowledged_at ${FEVER_FROM} ORDER BY e.seq LIMIT @limit`,
    )
    .all({ ...s, limit });
}

export function feverTally(
  db: Db,
  s: EntryScope,
): { total: number; acknowledged: number; open: number; noAlert: number } {
  const row = db
    .prepare<
      EntryScope,
      { total: number; acknowledged: number | null; open: number | null; noAlert: number | null }
    >(
      `SELECT count(*) AS total, sum(a.acknowledged_at IS NOT NULL) AS acknowledged,
              sum(a.id IS NOT NULL AND a.acknowledged_at IS NULL) AS open, sum(a.id IS NULL) AS noAlert ${FEVER_FROM}`,
    )
    .get(s);
  return {
    total: row?.total ?? 0,
    acknowledged: row?.acknowledged ?? 0,
    open: row?.open ?? 0,
    noAlert: row?.noAlert ?? 0,
  };
}

/** Distinct names in staff_json over the range (json_each is SQLite's built-in JSON1). */
export function staffNames(db: Db, s: EntryScope): string[] {
  return db
    .prepare<EntryScope, { name: string }>(
      `SELECT DISTINCT j.value AS name FROM entry_log, json_each(entry_log.staff_json) AS j
        ${WHERE} AND j.type = 'text' ORDER BY name`,
    )
    .all(s)
    .map((r) => r.name);
}

export type StatusRow = {
  code: string;
  label_zh: string;
  label_en: string;
  colour: string;
  households: number;
  residents: number;
};

/**
 * Households and residents per status code, the active scheme's statuses first in their map order
 * (zeros included, so the legend is complete), then any code only the data still uses.
 */
export function statusCounts(db: Db, compoundId: string, scheme: string): StatusRow[] {
  return db
    .prepare<{ compoundId: string; scheme: string }, StatusRow>(
      `WITH hh AS (SELECT h.status_code AS code, count(*) AS n FROM household h JOIN building b ON b.id = h.building_id
                    WHERE b.compound_id = @compoundId GROUP BY h.status_code),
            rr AS (SELECT r.status_code AS code, count(*) AS n FROM resident r JOIN household h ON h.id = r.household_id
                    JOIN building b ON b.id = h.building_id WHERE b.compound_id = @compoundId GROUP BY r.status_code)
       SELECT s.code, s.label_zh, s.label_en, s.colour, coalesce(hh.n, 0) AS households, coalesce(rr.n, 0) AS residents
         FROM status_scheme s LEFT JOIN hh ON hh.code = s.code LEFT JOIN rr ON rr.code = s.code
        WHERE s.scheme = @scheme OR hh.n > 0 OR rr.n > 0
        ORDER BY s.scheme <> @scheme, s.sort, s.code`,
    )
    .all({ compoundId, scheme });
}

export function activeScheme(db: Db): string {
  return (
    db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'status_scheme'").get()?.value ??
    'yijingyuan9'
  );
}

export function names(
  db: Db,
  compoundId: string,
  gateId: string | null,
): { compound: string; gate: string | null } {
  const compound =
    db.prepare<[string], { name: string }>('SELECT name FROM compound WHERE id = ?').get(compoundId)?.name ??
    compoundId;
  const gate = gateId
    ? (db.prepare<[string], { name: string }>('SELECT name FROM gate WHERE id = ?').get(gateId)?.name ??
      gateId)
    : null;
  return { compound, gate };
}
