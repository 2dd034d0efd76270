/**
 * After pushes commit: turns the passage log into the presence feed (each resident's latest admitted
 * passage) and flags cross-gate double entries for review. Off the acknowledgement path, and one
 * batch of the log at a time in log order, so no two writers race over the same resident.
 *
 * The log is read with the same xid8 horizon as the feeds (changes.ts), so a passage whose push
 * commits late is still processed; the cursor lives in hub_setting and moves in the same
 * transaction as the work, so a crash repeats a batch (both steps are idempotent) and skips none.
 * Across hub processes on one database an advisory lock lets one of them do it at a time.
 */
import type { HubDb, Queryable } from '../db';

const CHUNK = 2000;
const LOCK = 727002;

const BATCH = `SELECT * FROM passage WHERE (xid, log_id) > ($1::xid8, $2::bigint) AND (xid, log_id) <= ($3::xid8, $4::bigint)`;

// Within one gate the seq decides which passage is later (its clock may jump); between gates only
// the gate times can be compared.
const PRESENCE = `
  INSERT INTO presence (committee_id, compound_id, resident_id, gate_id, event_id, seq, direction, occurred_at, xid, change_id, updated_at)
  SELECT y.committee_id, y.compound_id, y.resident_id, y.gate_id, y.event_id, y.seq, y.direction, y.occurred_at,
         pg_current_xact_id(), nextval('hub_change_seq'), now()
    FROM (SELECT DISTINCT ON (b.committee_id, b.compound_id, b.resident_id) b.* FROM (${BATCH}) b
           ORDER BY b.committee_id, b.compound_id, b.resident_id, b.occurred_at DESC, b.seq DESC) y
  ON CONFLICT (committee_id, compound_id, resident_id) DO UPDATE
     SET gate_id = excluded.gate_id, event_id = excluded.event_id, seq = excluded.seq, direction = excluded.direction,
         occurred_at = excluded.occurred_at, xid = excluded.xid, change_id = excluded.change_id, updated_at = excluded.updated_at
   WHERE CASE WHEN presence.gate_id = excluded.gate_id THEN excluded.seq > presence.seq
              ELSE excluded.occurred_at > presence.occurred_at END`;

/** The admitted passage just before or after `n` for the same resident, at any gate. */
const neighbour = (cmp: '<' | '>', order: 'ASC' | 'DESC'): string => `
  SELECT e.event_id, e.gate_id, e.occurred_at, e.direction FROM passage e
   WHERE e.committee_id = n.committee_id AND e.compound_id = n.compound_id AND e.resident_id = n.resident_id
     AND (e.occurred_at, e.event_id) ${cmp} (n.occurred_at, n.event_id)
   ORDER BY e.occurred_at ${order}, e.event_id ${order} LIMIT 1`;

// An IN whose nearest admitted neighbour (before or after) is also an IN, at another gate, means two
// gates each let the same person in with no way out recorded between: flag it, never merge. Each
// pair is found when the later-processed of its two passages is processed (the other is then visible).
const REVIEWS = `
  WITH n AS (SELECT * FROM (${BATCH}) b WHERE b.direction = 'in'),
  pairs AS (
    SELECT n.committee_id, n.compound_id, n.resident_id, p.event_id AS a_id, p.gate_id AS a_gate, p.occurred_at AS a_at,
           n.event_id AS b_id, n.gate_id AS b_gate, n.occurred_at AS b_at
      FROM n CROSS JOIN LATERAL (${neighbour('<', 'DESC')}) p
     WHERE p.direction = 'in' AND p.gate_id <> n.gate_id
    UNION ALL
    SELECT n.committee_id, n.compound_id, n.resident_id, n.event_id, n.gate_id, n.occurred_at, x.event_id, x.gate_id, x.occurred_at
      FROM n CROSS JOIN LATERAL (${neighbour('>', 'ASC')}) x
     WHERE x.direction = 'in' AND x.gate_id <> n.gate_id
  )
  INSERT INTO review (committee_id, compound_id, kind, resident_id, event_a, gate_a, occurred_a, event_b, gate_b, occurred_b, created_at)
  SELECT committee_id, compound_id, 'double_in', resident_id, a_id, a_gate, a_at, b_id, b_gate, b_at, $5::timestamptz FROM pairs
  ON CONFLICT DO NOTHING`;

export class PostProcessor {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: HubDb,
    private readonly now: () => Date,
    private readonly log: (msg: string) => void,
  ) {}

  /** Starts catching up in the background (after a push). */
  kick(): void {
    void this.drain();
  }

  /** Resolves once everything committed before the call has been processed (or another process holds the lock). */
  drain(): Promise<void> {
    this.chain = this.chain.then(
      () => this.catchUp(),
      () => this.catchUp(),
    );
    return this.chain.catch((err: unknown) => this.log(`post-processing failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const processed = await this.db.tx((q) => this.step(q));
      if (processed < CHUNK) return;
    }
  }

  private async step(q: Queryable): Promise<number> {
    const locked = await q.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [LOCK]);
    if (!locked.rows[0]?.ok) return 0;
    const stored = await q.query<{ value: string }>("SELECT value FROM hub_setting WHERE key = 'post_cursor'");
    const [fromXid = '0', fromId = '0'] = (stored.rows[0]?.value ?? '0.0').split('.');
    const chunk = await q.query<{ xid: string; log_id: string }>(
      `SELECT xid::text AS xid, log_id::text AS log_id FROM passage
        WHERE (xid, log_id) > ($1::xid8, $2::bigint) AND xid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY passage.xid, passage.log_id LIMIT ${CHUNK}`,
      [fromXid, fromId],
    );
    const end = chunk.rows[chunk.rows.length - 1];
    if (!end) return 0;
    const range = [fromXid, fromId, end.xid, end.log_id];
    await q.query(PRESENCE, range);
    await q.query(REVIEWS, [...range, this.now()]);
    await q.query(
      `INSERT INTO hub_setting (key, value) VALUES ('post_cursor', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [`${end.xid}.${end.log_id}`],
    );
    return chunk.rows.length;
  }
}
