/**
 * What the committee sees about its gates: last contact, backlog, how far behind the roster and the
 * revocation list each gate is, and its clock. The gate's clock is never trusted for ordering; it is
 * compared with the hub's and flagged when off by more than MAX_CLOCK_SKEW_MS.
 */
import {
  MAX_CLOCK_SKEW_MS,
  type AdminGate,
  type Cursor,
  type GateStatusReport,
  type GateStatusResponse,
  type Review,
} from '../../shared/sync';
import type { GateAuth } from '../auth';
import type { Queryable } from '../db';
import { behindSeconds, headCursor, ROSTER_TABLES } from './changes';

/** A gate silent, backed up or missing changes for longer than this is "lagging". */
export const LAG_THRESHOLD_S = 600;

export async function recordGateStatus(
  q: Queryable,
  gate: GateAuth,
  report: GateStatusReport,
  now: Date,
): Promise<GateStatusResponse> {
  const skew = new Date(report.gateClock).getTime() - now.getTime();
  await q.query(
    `UPDATE gate SET last_contact_at = $4, clock_skew_ms = $5, last_status = $6::jsonb, last_status_at = $4
      WHERE committee_id = $1 AND compound_id = $2 AND gate_id = $3`,
    [gate.committeeId, gate.compoundId, gate.gateId, now, skew, JSON.stringify(report)],
  );
  const [rosterCursor, revocationCursor] = await Promise.all([
    headCursor(q, gate.committeeId, gate.compoundId, ROSTER_TABLES),
    headCursor(q, gate.committeeId, gate.compoundId, ['revocation']),
  ]);
  return {
    serverTime: now.toISOString(),
    clockSkewMs: skew,
    skewed: Math.abs(skew) > MAX_CLOCK_SKEW_MS,
    hub: { rosterCursor, revocationCursor },
  };
}

/**
 * Cheap and outside any transaction: contact time is a hint for the committee, not a fact to
 * protect. Written at most every 10 s per gate, so paging through a roster is not a commit per page.
 */
export async function touchGate(q: Queryable, gate: GateAuth, now: Date): Promise<void> {
  await q.query(
    `UPDATE gate SET last_contact_at = $4 WHERE committee_id = $1 AND compound_id = $2 AND gate_id = $3
        AND (last_contact_at IS NULL OR last_contact_at < $4::timestamptz - interval '10 seconds' OR last_contact_at > $4::timestamptz)`,
    [gate.committeeId, gate.compoundId, gate.gateId, now],
  );
}

type GateRow = {
  committee_id: string;
  compound_id: string;
  gate_id: string;
  name: string;
  last_contact_at: Date | null;
  clock_skew_ms: string | number | null;
  last_status: GateStatusReport | null;
  token_active: boolean;
  hub_max_seq: string | number | null;
  event_counts: Record<string, number> | null;
  audit_head_day: string | null;
  audit_mismatch: boolean;
};

export async function listGates(
  q: Queryable,
  filter: { committee?: string; compound?: string },
  now: Date,
): Promise<AdminGate[]> {
  const r = await q.query<GateRow>(
    `SELECT g.committee_id, g.compound_id, g.gate_id, g.name, g.last_contact_at, g.clock_skew_ms, g.last_status,
            EXISTS (SELECT 1 FROM gate_token t WHERE t.committee_id = g.committee_id AND t.compound_id = g.compound_id
                      AND t.gate_id = g.gate_id AND t.revoked_at IS NULL) AS token_active,
            (SELECT max(e.seq) FROM event e WHERE e.committee_id = g.committee_id AND e.compound_id = g.compound_id
                      AND e.gate_id = g.gate_id AND e.kind = 'entry')::text AS hub_max_seq,
            (SELECT jsonb_object_agg(k.kind, k.n) FROM (
               SELECT e.kind, count(*)::int AS n FROM event e
                WHERE e.committee_id = g.committee_id AND e.compound_id = g.compound_id AND e.gate_id = g.gate_id
                GROUP BY e.kind) k) AS event_counts,
            (SELECT max(a.day)::text FROM audit_head a WHERE a.committee_id = g.committee_id AND a.compound_id = g.compound_id
                      AND a.gate_id = g.gate_id) AS audit_head_day,
            EXISTS (SELECT 1 FROM audit_mismatch m WHERE m.committee_id = g.committee_id AND m.compound_id = g.compound_id
                      AND m.gate_id = g.gate_id) AS audit_mismatch
       FROM gate g
      WHERE ($1::text IS NULL OR g.committee_id = $1) AND ($2::text IS NULL OR g.compound_id = $2)
      ORDER BY g.committee_id, g.compound_id, g.gate_id`,
    [filter.committee ?? null, filter.compound ?? null],
  );
  const heads = new Map<string, Promise<[Cursor, Cursor]>>();
  const headsOf = (c: string, p: string): Promise<[Cursor, Cursor]> => {
    const key = `${c}\u0000${p}`;
    let h = heads.get(key);
    if (!h) {
      h = Promise.all([headCursor(q, c, p, ROSTER_TABLES), headCursor(q, c, p, ['revocation'])]);
      heads.set(key, h);
    }
    return h;
  };
  const out: AdminGate[] = [];
  for (const g of r.rows) {
    const [hubRoster, hubRevocations] = await headsOf(g.committee_id, g.compound_id);
    const s = g.last_status;
    const rosterBehind = s
      ? await behindSeconds(q, g.committee_id, g.compound_id, ROSTER_TABLES, s.rosterCursor, now)
      : null;
    const revocationsBehind = s
      ? await behindSeconds(q, g.committee_id, g.compound_id, ['revocation'], s.revocationCursor, now)
      : null;
    const skew = g.clock_skew_ms === null ? null : Number(g.clock_skew_ms);
    const silentS = g.last_contact_at ? (now.getTime() - new Date(g.last_contact_at).getTime()) / 1000 : null;
    const lagging =
      (silentS !== null && silentS > LAG_THRESHOLD_S) ||
      (s?.oldestUnsentAgeS ?? 0) > LAG_THRESHOLD_S ||
      (rosterBehind ?? 0) > LAG_THRESHOLD_S ||
      (revocationsBehind ?? 0) > LAG_THRESHOLD_S;
    out.push({
      committeeId: g.committee_id,
      compoundId: g.compound_id,
      gateId: g.gate_id,
      name: g.name,
      tokenActive: g.token_active,
      lastContactAt: g.last_contact_at ? new Date(g.last_contact_at).toISOString() : null,
      backlog: s?.backlog ?? null,
      oldestUnsentAgeS: s?.oldestUnsentAgeS ?? null,
      quarantined: s?.quarantined ?? null,
      hubMaxSeq: g.hub_max_seq === null ? null : Number(g.hub_max_seq),
      eventCounts: g.event_counts ?? {},
      rosterCursor: s?.rosterCursor ?? null,
      revocationCursor: s?.revocationCursor ?? null,
      hubRosterCursor: hubRoster,
      hubRevocationCursor: hubRevocations,
      rosterBehindS: rosterBehind === null ? null : Math.max(rosterBehind, revocationsBehind ?? 0),
      clockSkewMs: skew,
      skewed: skew !== null && Math.abs(skew) > MAX_CLOCK_SKEW_MS,
      lagging,
      auditHeadDay: g.audit_head_day,
      auditMismatch: g.audit_mismatch,
    });
  }
  return out;
}

type ReviewRow = {
  id: string;
  committee_id: string;
  compound_id: string;
  resident_id: string;
  event_a: string;
  gate_a: string;
  occurred_a: Date;
  event_b: string;
  gate_b: string;
  occurred_b: Date;
  created_at: Date;
};

export async function listReviews(
  q: Queryable,
  filter: { committee?: string; compound?: string },
  limit: number,
): Promise<Review[]> {
  const r = await q.query<ReviewRow>(
    `SELECT id::text AS id, committee_id, compound_id, resident_id, event_a::text AS event_a, gate_a, occurred_a,
            event_b::text AS event_b, gate_b, occurred_b, created_at
       FROM review WHERE ($1::text IS NULL OR committee_id = $1) AND ($2::text IS NULL OR compound_id = $2)
      ORDER BY review.created_at DESC, review.id DESC LIMIT $3`,
    [filter.committee ?? null, filter.compound ?? null, limit],
  );
  const iso = (d: Date): string => new Date(d).toISOString();
  return r.rows.map((x) => ({
    id: x.id,
    committeeId: x.committee_id,
    compoundId: x.compound_id,
    kind: 'double_in' as const,
    residentId: x.resident_id,
    first: { eventId: x.event_a, gateId: x.gate_a, occurredAt: iso(x.occurred_a) },
    second: { eventId: x.event_b, gateId: x.gate_b, occurredAt: iso(x.occurred_b) },
    createdAt: iso(x.created_at),
  }));
}
