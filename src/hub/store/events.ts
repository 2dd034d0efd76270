/**
 * The push path: one batch, one transaction, acknowledged only after COMMIT. The insert is
 * idempotent on (gate, event id), so a batch retried after a lost acknowledgement, a duplicated
 * request or a hub restart adds nothing twice.
 *
 * In the same transaction the compound's presence feed (latest admitted passage per resident) is
 * advanced and cross-gate double entries are flagged for review. Those two steps read other gates'
 * rows, so pushes carrying admitted passages take a per-compound advisory lock: two gates pushing at
 * once would otherwise each miss the other's uncommitted IN.
 */
import type { PushRequest, PushResponse } from '../../shared/sync';
import type { GateAuth } from '../auth';
import type { HubDb, Queryable } from '../db';
import { HubError } from '../errors';

type Row = {
  event_id: string;
  seq: number;
  kind: string;
  occurred_at: string;
  resident_id: string | null;
  direction: string | null;
  decision: string | null;
  payload: unknown;
};

const INSERT = `
  INSERT INTO event (committee_id, compound_id, gate_id, event_id, seq, kind, occurred_at, received_at, clock_skew_ms,
                     resident_id, direction, decision, payload)
  SELECT $1, $2, $3, r.event_id, r.seq, r.kind, r.occurred_at, $4::timestamptz, $5::bigint, r.resident_id, r.direction, r.decision, r.payload
    FROM jsonb_to_recordset($6::jsonb) AS r(event_id uuid, seq bigint, kind text, occurred_at timestamptz,
                                             resident_id text, direction text, decision text, payload jsonb)
  ON CONFLICT DO NOTHING
  RETURNING event_id::text AS event_id`;

/**
 * The batch's newly inserted admitted passages, passed back in as JSON ($4) rather than re-read
 * from `event` by id, so no step below depends on how the planner treats a growing event table.
 */
const FRESH = `jsonb_to_recordset($4::jsonb) AS x(event_id uuid, resident_id text, occurred_at timestamptz, seq bigint, direction text)`;

// Within one gate the seq decides which passage is later (its clock may jump); between gates only
// the gate times can be compared.
const PRESENCE = `
  INSERT INTO presence (committee_id, compound_id, resident_id, gate_id, event_id, seq, direction, occurred_at, xid, change_id, updated_at)
  SELECT $1::text, $2::text, y.resident_id, $3::text, y.event_id, y.seq, y.direction, y.occurred_at, pg_current_xact_id(), nextval('hub_change_seq'), now()
    FROM (SELECT DISTINCT ON (x.resident_id) x.* FROM ${FRESH} ORDER BY x.resident_id, x.seq DESC) y
  ON CONFLICT (committee_id, compound_id, resident_id) DO UPDATE
     SET gate_id = excluded.gate_id, event_id = excluded.event_id, seq = excluded.seq, direction = excluded.direction,
         occurred_at = excluded.occurred_at, xid = excluded.xid, change_id = excluded.change_id, updated_at = excluded.updated_at
   WHERE CASE WHEN presence.gate_id = excluded.gate_id THEN excluded.seq > presence.seq
              ELSE excluded.occurred_at > presence.occurred_at END`;

/**
 * Admitted passages by resident and time, in a table whose only index is its primary key: the
 * neighbour lookups below cannot be planned onto event_time, which with stale statistics scanned a
 * compound's whole history per lookup (5 s per 1,000-event batch at 20,000 events, measured).
 */
const PASSAGES = `
  INSERT INTO passage (committee_id, compound_id, resident_id, occurred_at, event_id, gate_id, direction)
  SELECT $1::text, $2::text, x.resident_id, x.occurred_at, x.event_id, $3::text, x.direction FROM ${FRESH}`;

/** The admitted passage just before or after `n` for the same resident, at any gate. */
const neighbour = (cmp: '<' | '>', order: 'ASC' | 'DESC'): string => `
  SELECT e.event_id, e.gate_id, e.occurred_at, e.direction FROM passage e
   WHERE e.committee_id = $1 AND e.compound_id = $2 AND e.resident_id = n.resident_id
     AND (e.occurred_at, e.event_id) ${cmp} (n.occurred_at, n.event_id)
   ORDER BY e.occurred_at ${order}, e.event_id ${order} LIMIT 1`;

// An IN whose nearest admitted neighbour (before or after) is also an IN, at another gate, means two
// gates each let the same person in with no way out recorded between: flag it, never merge.
const REVIEWS = `
  WITH n AS (SELECT x.event_id, $3::text AS gate_id, x.resident_id, x.occurred_at FROM ${FRESH} WHERE x.direction = 'in'),
  pairs AS (
    SELECT p.event_id AS a_id, p.gate_id AS a_gate, p.occurred_at AS a_at, n.event_id AS b_id, n.gate_id AS b_gate,
           n.occurred_at AS b_at, n.resident_id
      FROM n CROSS JOIN LATERAL (${neighbour('<', 'DESC')}) p
     WHERE p.direction = 'in' AND p.gate_id <> n.gate_id
    UNION ALL
    SELECT n.event_id, n.gate_id, n.occurred_at, x.event_id, x.gate_id, x.occurred_at, n.resident_id
      FROM n CROSS JOIN LATERAL (${neighbour('>', 'ASC')}) x
     WHERE x.direction = 'in' AND x.gate_id <> n.gate_id
  )
  INSERT INTO review (committee_id, compound_id, kind, resident_id, event_a, gate_a, occurred_a, event_b, gate_b, occurred_b, created_at)
  SELECT $1, $2, 'double_in', resident_id, a_id, a_gate, a_at, b_id, b_gate, b_at, $5::timestamptz FROM pairs
  ON CONFLICT DO NOTHING`;

function toRow(e: PushRequest['events'][number]): Row {
  return {
    event_id: e.id.toLowerCase(),
    seq: e.seq,
    kind: e.kind,
    occurred_at: e.occurredAt,
    resident_id: e.payload.residentId,
    direction: e.payload.direction,
    decision: e.payload.decision,
    payload: e.payload,
  };
}

export async function pushEvents(db: HubDb, gate: GateAuth, req: PushRequest, now: Date): Promise<PushResponse> {
  const foreign = req.events.findIndex((e) => e.gateId !== gate.gateId);
  if (foreign >= 0) {
    throw new HubError(403, 'forbidden', `events[${foreign}] names gate ${req.events[foreign]?.gateId}; this token is for ${gate.gateId}`);
  }
  const rows = req.events.map(toRow);
  const skewMs = new Date(req.sentAt).getTime() - now.getTime();
  const admitted = rows.some((r) => r.decision === 'admit' && r.resident_id !== null);
  const key = [gate.committeeId, gate.compoundId, gate.gateId];
  const inserted = await db.tx(async (q) => {
    if (admitted) await lockCompound(q, gate);
    const ins = await q.query<{ event_id: string }>(INSERT, [...key, now, skewMs, JSON.stringify(rows)]);
    const ids = new Set(ins.rows.map((r) => r.event_id));
    const fresh = rows
      .filter((r) => r.decision === 'admit' && r.resident_id !== null && ids.has(r.event_id))
      .map((r) => ({ event_id: r.event_id, resident_id: r.resident_id, occurred_at: r.occurred_at, seq: r.seq, direction: r.direction }));
    if (fresh.length > 0) {
      const json = JSON.stringify(fresh);
      await q.query(PASSAGES, [...key, json]);
      await q.query(PRESENCE, [...key, json]);
      await q.query(REVIEWS, [...key, json, now]);
    }
    await q.query('UPDATE gate SET last_contact_at = $4, clock_skew_ms = $5 WHERE committee_id = $1 AND compound_id = $2 AND gate_id = $3', [
      ...key,
      now,
      skewMs,
    ]);
    return ids.size;
  });
  return {
    accepted: inserted,
    duplicates: rows.length - inserted,
    highestSeq: Math.max(...rows.map((r) => r.seq)),
    receivedAt: now.toISOString(),
  };
}

async function lockCompound(q: Queryable, gate: GateAuth): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(hashtext('compound:' || $1 || '/' || $2))`, [gate.committeeId, gate.compoundId]);
}
