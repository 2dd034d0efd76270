/** Committee look-ups and the compound's colour scheme. */
import type { z } from 'zod';
import type { StatusDef } from '../../shared/sync';
import type { HubDb, Queryable } from '../db';
import { HubError } from '../errors';
import { requireCompound } from './admin';

export type ResidentListing = {
  id: string;
  householdId: string;
  building: string;
  unit: string;
  room: string;
  name: string;
  status: string;
  householdStatus: string;
  passes: Array<{ number: string; status: string }>;
};

/** Ids for the committee's tools (status changes name a household or resident by id). */
export async function listResidents(
  q: Queryable,
  c: string,
  p: string,
  f: { building?: string; room?: string; name?: string },
  limit: number,
): Promise<ResidentListing[]> {
  await requireCompound(q, c, p);
  const r = await q.query<ResidentListing>(
    `SELECT r.id::text AS id, h.id::text AS "householdId", b.name AS building, h.unit, h.room, r.name, r.status_code AS status,
            h.status_code AS "householdStatus",
            coalesce((SELECT jsonb_agg(jsonb_build_object('number', x.number, 'status', x.status) ORDER BY x.number) FROM pass x
                       WHERE x.committee_id = r.committee_id AND x.compound_id = r.compound_id AND x.resident_id = r.id AND NOT x.deleted), '[]'::jsonb) AS passes
       FROM resident r
       JOIN household h ON h.committee_id = r.committee_id AND h.compound_id = r.compound_id AND h.id = r.household_id
       JOIN building b ON b.committee_id = h.committee_id AND b.compound_id = h.compound_id AND b.id = h.building_id
      WHERE r.committee_id = $1 AND r.compound_id = $2 AND NOT r.deleted
        AND ($3::text IS NULL OR b.name = $3) AND ($4::text IS NULL OR h.room = $4) AND ($5::text IS NULL OR strpos(r.name, $5) > 0)
      ORDER BY b.name, h.unit, h.room, r.name LIMIT $6`,
    [c, p, f.building ?? null, f.room ?? null, f.name ?? null, limit],
  );
  return r.rows;
}

/**
 * Switches the compound to a scheme, optionally defining or redefining its colours first. Codes are
 * never deleted: households and past entries may still carry them.
 */
export async function setStatusScheme(db: HubDb, c: string, p: string, scheme: string, statuses: ReadonlyArray<z.infer<typeof StatusDef>> | undefined): Promise<void> {
  await db.tx(async (q) => {
    await requireCompound(q, c, p);
    if (statuses?.length) {
      const taken = await q.query<{ code: string }>(
        'SELECT code FROM status WHERE committee_id = $1 AND compound_id = $2 AND scheme <> $3 AND code = ANY($4::text[])',
        [c, p, scheme, statuses.map((s) => s.code)],
      );
      if (taken.rows[0]) throw new HubError(409, 'exists', `status code ${taken.rows[0].code} belongs to another scheme`);
      await q.query(
        `INSERT INTO status (committee_id, compound_id, code, scheme, label_zh, label_en, colour, gate_rule, severity, sort)
         SELECT $1::text, $2::text, s.code, $3::text, s."labelZh", s."labelEn", s.colour, s.rule, s.severity, s.sort
           FROM jsonb_to_recordset($4::jsonb) AS s(code text, "labelZh" text, "labelEn" text, colour text, rule text, severity int, sort int)
         ON CONFLICT (committee_id, compound_id, code) DO UPDATE
            SET label_zh = excluded.label_zh, label_en = excluded.label_en, colour = excluded.colour, gate_rule = excluded.gate_rule,
                severity = excluded.severity, sort = excluded.sort
          WHERE (status.label_zh, status.label_en, status.colour, status.gate_rule, status.severity, status.sort)
                IS DISTINCT FROM (excluded.label_zh, excluded.label_en, excluded.colour, excluded.gate_rule, excluded.severity, excluded.sort)`,
        [c, p, scheme, JSON.stringify(statuses.map((s, sort) => ({ ...s, sort })))],
      );
    }
    const known = await q.query('SELECT 1 FROM status WHERE committee_id = $1 AND compound_id = $2 AND scheme = $3 LIMIT 1', [c, p, scheme]);
    if (known.rows.length === 0) throw new HubError(400, 'invalid_scheme', `scheme ${scheme} has no statuses; send them with it`);
    await q.query(`UPDATE setting SET value = $3 WHERE committee_id = $1 AND compound_id = $2 AND key = 'status_scheme' AND value <> $3`, [c, p, scheme]);
  });
}
