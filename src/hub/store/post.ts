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

// The next chunk of the log after the stored cursor, below the xid horizon so a push that commits
// late is not skipped. Referenced three times below, so PostgreSQL reads it once (a materialised CTE).
const CHUNK_CTE = `
  cur AS (
    SELECT split_part(v, '.', 1)::xid8 AS xid, split_part(v, '.', 2)::bigint AS log_id
      FROM (SELECT coalesce((SELECT value FROM hub_setting WHERE key = 'post_cursor'), '0.0') AS v) s
  ),
  b AS (
    SELECT p.* FROM passage p, cur
     WHERE (p.xid, p.log_id) > (cur.xid, cur.log_id) AND p.xid < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY p.xid, p.log_id LIMIT ${CHUNK}
  )`;

// Within one gate the seq decides which passage is later (its clock may jump); between gates only
// the gate times can be compared. The feed's change id is the passage's log id rather than a
// nextval per row: it only has to order rows within one xid, and one statement writes each
// resident at most once.
const PRESENCE = `
  presence_up AS (
    INSERT INTO presence (committee_id, compound_id, resident_id, gate_id, event_id, seq, direction, occurred_at, xid, change_id, updated_at)
    SELECT y.committee_id, y.compound_id, y.resident_id, y.gate_id, y.event_id, y.seq, y.direction, y.occurred_at,
           pg_current_xact_id(), y.log_id, now()
      FROM (SELECT DISTINCT ON (b.committee_id, b.compound_id, b.resident_id) b.* FROM b
             ORDER BY b.committee_id, b.compound_id, b.resident_id, b.occurred_at DESC, b.seq DESC) y
    ON CONFLICT (committee_id, compound_id, resident_id) DO UPDATE
       SET gate_id = excluded.gate_id, event_id = excluded.event_id, seq = excluded.seq, direction = excluded.direction,
           occurred_at = excluded.occurred_at, xid = excluded.xid, change_id = excluded.change_id, updated_at = excluded.updated_at
     WHERE CASE WHEN presence.gate_id = excluded.gate_id THEN excluded.seq > presence.seq
                ELSE excluded.occurred_at > presence.occurred_at END
  )`;

/** The admitted passage just before or after `n` for the same resident, at any gate (an index probe on passage's key). */
const neighbour = (cmp: '<' | '>', order: 'ASC' | 'DESC'): string => `
  SELECT e.event_id, e.gate_id, e.occurred_at, e.direction FROM passage e
   WHERE e.committee_id = n.committee_id AND e.compound_id = n.compound_id AND e.resident_id = n.resident_id
     AND (e.occurred_at, e.event_id) ${cmp} (n.occurred_at, n.event_id)
   ORDER BY e.occurred_at ${order}, e.event_id ${order} LIMIT 1`;

// An IN whose nearest admitted neighbour (before or after) is also an IN, at another gate, means two
// gates each let the same person in with no way out recorded between: flag it, never merge. Each
// pair is found when the later-processed of its two passages is processed (the other is then visible).
const REVIEWS = `
  pairs AS (
    SELECT n.committee_id, n.compound_id, n.resident_id, p.event_id AS a_id, p.gate_id AS a_gate, p.occurred_at AS a_at,
           n.event_id AS b_id, n.gate_id AS b_gate, n.occurred_at AS b_at
      FROM b n CROSS JOIN LATERAL (${neighbour('<', 'DESC')}) p
     WHERE n.direction = 'in' AND p.direction = 'in' AND p.gate_id <> n.gate_id
    UNION ALL
    SELECT n.committee_id, n.compound_id, n.resident_id, n.event_id, n.gate_id, n.occurred_at, x.event_id, x.gate_id, x.occurred_at
      FROM b n CROSS JOIN LATERAL (${neighbour('>', 'ASC')}) x
     WHERE n.direction = 'in' AND x.direction = 'in' AND x.gate_id <> n.gate_id
  ),
  reviews AS (
    INSERT INTO review (committee_id, compound_id, kind, resident_id, event_a, gate_a, occurred_a, event_b, gate_b, occurred_b, created_at)
    SELECT committee_id, compound_id, 'double_in', resident_id, a_id, a_gate, a_at, b_id, b_gate, b_at, $1::timestamptz FROM pairs
    ON CONFLICT DO NOTHING
  )`;

/**
 * One chunk, one statement: presence, reviews and the cursor together (one round trip instead of
 * six; under load each round trip is a context switch on both sides). The cursor moves in the same
 * statement as the work, so it can never run ahead of it.
 */
const STEP = `
  WITH ${CHUNK_CTE}, ${PRESENCE}, ${REVIEWS},
  moved AS (
    INSERT INTO hub_setting (key, value)
    SELECT 'post_cursor', l.xid::text || '.' || l.log_id::text FROM (SELECT xid, log_id FROM b ORDER BY xid DESC, log_id DESC LIMIT 1) l
    ON CONFLICT (key) DO UPDATE SET value = excluded.value
  )
  SELECT count(*)::int AS n FROM b`;

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
    return this.chain.catch((err: unknown) =>
      this.log(`post-processing failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const processed = await this.db.tx((q) => this.step(q));
      if (processed < CHUNK) return;
    }
  }

  private async step(q: Queryable): Promise<number> {
    // Everything written here is derived from the passage log, and the cursor commits with it: a
    // commit lost in a crash is simply done again, so it need not wait for the WAL flush (the
    // push's own transaction, which acknowledges events to gates, still does). Set in the same
    // round trip as the lock; it is local to this transaction either way.
    const locked = await q.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_xact_lock($1) AS ok, set_config('synchronous_commit', 'off', true) AS sync",
      [LOCK],
    );
    if (!locked.rows[0]?.ok) return 0;
    const r = await q.query<{ n: number }>(STEP, [this.now()]);
    return r.rows[0]?.n ?? 0;
  }
}
