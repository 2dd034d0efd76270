/**
 * Reading the row-state feeds (roster, revocations, presence) after a cursor.
 *
 * A cursor is (xid8, change id). A sequence or now() alone cannot be one: values are taken at
 * INSERT time but become visible at COMMIT, in a different order, so a reader that saw id 7 may
 * later find a 6 it skipped. Here a reader takes only rows whose transaction id is below
 * pg_snapshot_xmin(pg_current_snapshot()): every transaction below that horizon has finished, and
 * any transaction still to commit has an xid at or above it. A row therefore appears below the
 * horizon only once it is committed, and nothing can later appear behind the cursor.
 */
import type { Cursor, PresenceItem, Revocation } from '../../shared/sync';
import type { Queryable } from '../db';
import { ROSTER_FEED } from '../feeds';

const HORIZON = 'pg_snapshot_xmin(pg_current_snapshot())';
// ORDER BY in the queries below names table columns: a bare name would sort by the ::text alias.
const AFTER = `committee_id = $1 AND compound_id = $2 AND (xid, change_id) > ($3::xid8, $4::bigint) AND xid < ${HORIZON}`;

export const ROSTER_TABLES = ROSTER_FEED.map(([t]) => t);

type Position = { xid: string; change_id: string };

export function toCursor(p: Position | undefined, fallback: Cursor): Cursor {
  return p ? `${p.xid}.${p.change_id}` : fallback;
}

function splitCursor(c: Cursor): [string, string] {
  const [x = '0', i = '0'] = c.split('.');
  return [x, i];
}

export type Page<T> = { cursor: Cursor; hasMore: boolean; items: T[] };

/**
 * Each branch is limited on its own index range and merged in order (Merge Append), so a page costs
 * O(limit) however large the roster. Rows carry their JSON ready-made (column `feed`), and the page
 * is one JSON array text the hub passes through without parsing.
 */
export async function rosterChanges(
  q: Queryable,
  c: string,
  p: string,
  cursor: Cursor,
  limit: number,
): Promise<{ cursor: Cursor; hasMore: boolean; json: string }> {
  const branches = ROSTER_TABLES.map((table) => `(SELECT xid, change_id, feed FROM ${table} WHERE ${AFTER} ORDER BY xid, change_id LIMIT $5)`);
  // One pass over the ordered page (no CTE, no window): the aggregates take rows in subquery order.
  const r = await q.query<{ n: number; last: string | null; json: string | null }>(
    `SELECT count(*)::int AS n, (array_agg(u.xid::text || '.' || u.change_id::text))[count(*)] AS last,
            '[' || string_agg(u.feed, ',') || ']' AS json
       FROM (SELECT * FROM (${branches.join(' UNION ALL ')}) b ORDER BY b.xid, b.change_id LIMIT $5) u`,
    [c, p, ...splitCursor(cursor), limit],
  );
  const row = r.rows[0];
  // A full page may be followed by an empty one; that costs one small request, not a second query.
  return { cursor: row?.last ?? cursor, hasMore: (row?.n ?? 0) === limit, json: row?.json ?? '[]' };
}

export async function revocationChanges(q: Queryable, c: string, p: string, cursor: Cursor, limit: number): Promise<Page<Revocation>> {
  const r = await q.query<Position & { pass_id: string; pass_number: string; revoked_at: Date; reason: string }>(
    `SELECT xid::text AS xid, change_id::text AS change_id, pass_id::text AS pass_id, pass_number, revoked_at, reason
       FROM revocation WHERE ${AFTER} ORDER BY revocation.xid, revocation.change_id LIMIT $5`,
    [c, p, ...splitCursor(cursor), limit + 1],
  );
  const rows = r.rows.slice(0, limit);
  return {
    cursor: toCursor(rows[rows.length - 1], cursor),
    hasMore: r.rows.length > limit,
    items: rows.map((x) => ({ passId: x.pass_id, passNumber: x.pass_number, revokedAt: new Date(x.revoked_at).toISOString(), reason: x.reason })),
  };
}

/** Other gates' latest admitted passage per resident; the asking gate already knows its own. */
export async function presenceChanges(
  q: Queryable,
  gate: { committeeId: string; compoundId: string; gateId: string },
  cursor: Cursor,
  limit: number,
): Promise<Page<PresenceItem>> {
  const r = await q.query<Position & { resident_id: string; gate_id: string; event_id: string; direction: 'in' | 'out'; occurred_at: Date }>(
    `SELECT xid::text AS xid, change_id::text AS change_id, resident_id, gate_id, event_id::text AS event_id, direction, occurred_at
       FROM presence WHERE ${AFTER} AND gate_id <> $6 ORDER BY presence.xid, presence.change_id LIMIT $5`,
    [gate.committeeId, gate.compoundId, ...splitCursor(cursor), limit + 1, gate.gateId],
  );
  const rows = r.rows.slice(0, limit);
  return {
    cursor: toCursor(rows[rows.length - 1], cursor),
    hasMore: r.rows.length > limit,
    items: rows.map((x) => ({
      residentId: x.resident_id,
      gateId: x.gate_id,
      eventId: x.event_id,
      direction: x.direction,
      occurredAt: new Date(x.occurred_at).toISOString(),
    })),
  };
}

/** Where a gate that has taken everything visible would stand: the greatest position below the horizon. */
export async function headCursor(q: Queryable, c: string, p: string, tables: readonly string[]): Promise<Cursor> {
  const branches = tables.map(
    (t) => `(SELECT xid, change_id FROM ${t} WHERE committee_id = $1 AND compound_id = $2 AND xid < ${HORIZON}
               ORDER BY xid DESC, change_id DESC LIMIT 1)`,
  );
  const r = await q.query<Position>(
    `SELECT xid::text AS xid, change_id::text AS change_id FROM (${branches.join(' UNION ALL ')}) m
      ORDER BY m.xid DESC, m.change_id DESC LIMIT 1`,
    [c, p],
  );
  return toCursor(r.rows[0], '0.0');
}

/** How long the oldest change a gate has not yet taken has been waiting, in seconds; null when caught up. */
export async function behindSeconds(q: Queryable, c: string, p: string, tables: readonly string[], cursor: Cursor, now: Date): Promise<number | null> {
  const branches = tables.map((t) => `(SELECT min(updated_at) AS at FROM ${t} WHERE ${AFTER})`);
  const r = await q.query<{ at: Date | null }>(`SELECT min(at) AS at FROM (${branches.join(' UNION ALL ')}) b`, [c, p, ...splitCursor(cursor)]);
  const at = r.rows[0]?.at;
  return at ? Math.max(0, (now.getTime() - new Date(at).getTime()) / 1000) : null;
}
