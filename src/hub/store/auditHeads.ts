/**
 * The gates' daily audit chain heads (issue 6 item 4, decision 0013). Each arrives as an
 * `audit_head` event and is kept once more per gate and day, first come first kept. A later head
 * for a day the hub already holds that names another record or hash means the gate's audit trail
 * was rewritten after that head left it: the newcomer is flagged in audit_mismatch (once per event,
 * so a replayed batch flags nothing twice) and the stored head stays as it was.
 */
import type { AuditMismatch, PushRequest } from '../../shared/sync';
import type { Queryable } from '../db';

type HeadEvent = Extract<PushRequest['events'][number], { kind: 'audit_head' }>;

// One statement per head: the stored head is read before this statement's own insert (one
// snapshot), so the comparison is always with what an earlier push left.
const STORE = `
  WITH stored AS (
    SELECT seq, hash FROM audit_head WHERE committee_id = $1 AND compound_id = $2 AND gate_id = $3 AND day = $4::date
  ), ins AS (
    INSERT INTO audit_head (committee_id, compound_id, gate_id, day, seq, hash, at, records, event_id, received_at)
    VALUES ($1, $2, $3, $4::date, $5::bigint, $6, $7::timestamptz, $8::bigint, $9::uuid, $10::timestamptz)
    ON CONFLICT DO NOTHING
    RETURNING 1
  ), flag AS (
    INSERT INTO audit_mismatch (committee_id, compound_id, gate_id, day, event_id, seq, hash, at, records, created_at)
    SELECT $1, $2, $3, $4::date, $9::uuid, $5::bigint, $6, $7::timestamptz, $8::bigint, $10::timestamptz
      FROM stored WHERE stored.seq <> $5::bigint OR stored.hash <> $6
    ON CONFLICT DO NOTHING
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM flag)::int AS flagged`;

export function isAuditHead(e: PushRequest['events'][number]): e is HeadEvent {
  return e.kind === 'audit_head';
}

/** Inside the push's transaction; returns how many heads were newly flagged as mismatches. */
export async function storeAuditHeads(q: Queryable, key: readonly [string, string, string], heads: readonly HeadEvent[], now: Date): Promise<number> {
  let flagged = 0;
  // In batch order, so of two different heads for one day in one batch the first is kept.
  for (const e of heads) {
    const p = e.payload;
    const r = await q.query<{ flagged: number }>(STORE, [...key, p.day, p.seq, p.hash, p.at, p.records, e.id.toLowerCase(), now]);
    flagged += r.rows[0]?.flagged ?? 0;
  }
  return flagged;
}

type MismatchRow = {
  committee_id: string;
  compound_id: string;
  gate_id: string;
  day: string;
  event_id: string;
  seq: string;
  hash: string;
  at: Date;
  records: string;
  stored_seq: string;
  stored_hash: string;
  stored_at: Date;
  stored_records: string;
  created_at: Date;
};

export async function listAuditMismatches(
  q: Queryable,
  filter: { committee?: string; compound?: string },
  limit: number,
): Promise<AuditMismatch[]> {
  const r = await q.query<MismatchRow>(
    `SELECT m.committee_id, m.compound_id, m.gate_id, m.day::text AS day, m.event_id::text AS event_id,
            m.seq::text AS seq, m.hash, m.at, m.records::text AS records,
            h.seq::text AS stored_seq, h.hash AS stored_hash, h.at AS stored_at, h.records::text AS stored_records, m.created_at
       FROM audit_mismatch m
       JOIN audit_head h ON h.committee_id = m.committee_id AND h.compound_id = m.compound_id
                        AND h.gate_id = m.gate_id AND h.day = m.day
      WHERE ($1::text IS NULL OR m.committee_id = $1) AND ($2::text IS NULL OR m.compound_id = $2)
      ORDER BY m.created_at DESC, m.day DESC, m.event_id LIMIT $3`,
    [filter.committee ?? null, filter.compound ?? null, limit],
  );
  const iso = (d: Date): string => new Date(d).toISOString();
  return r.rows.map((x) => ({
    committeeId: x.committee_id,
    compoundId: x.compound_id,
    gateId: x.gate_id,
    day: x.day,
    eventId: x.event_id,
    stored: { seq: Number(x.stored_seq), hash: x.stored_hash, at: iso(x.stored_at), records: Number(x.stored_records) },
    received: { seq: Number(x.seq), hash: x.hash, at: iso(x.at), records: Number(x.records) },
    createdAt: iso(x.created_at),
  }));
}
