/**
 * Retention: each kind of record is kept for its configured number of days (config `retention`,
 * defaults in config.ts and decision 0014), then removed by a purge that runs on start and daily.
 *
 * Append-only tables (entry log, visitors, parcels, observations, returnees) refuse DELETE unless this
 * purge holds a `purge_permit` for that record type in the same transaction; the trigger re-checks the
 * permit's cut-off and seq limit on every row (migrations 0006, 0009). The seq limit is the hub's
 * acknowledged mark where the table is a sync source (src/main/sync/sources.ts), so an event the
 * committee's hub has not acknowledged — or that sync set aside in quarantine — is never purged,
 * whatever this code does. A gate that was never enrolled has no hub: its records are the only copy
 * and retention applies to them as they are.
 *
 * Rows that belong to a record (an alert's acknowledgement, a parcel's handover, an early end of an
 * observation, a correction of an entry, a vehicle's occupants) go with it; a record whose follow-up
 * the hub still lacks stays, and so does the entry its alert points at (foreign key).
 *
 * One transaction per purge: the removals, the report row and the audit record commit together.
 */
import type { RetentionConfig } from '../config/config';
import type { Clock } from '../core/clock';
import type { IdGenerator } from '../core/ids';
import type { Db } from '../store/db';
import { eventSources } from '../sync/sources';

const DAY_MS = 24 * 60 * 60 * 1000;
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

export type PurgeCause = 'start' | 'daily' | 'manual';

/** Counts per record type; a type whose table this build does not have counts 0. */
export type PurgeCounts = {
  entryLog: number;
  alerts: number;
  corrections: number;
  vehicles: number;
  presence: number;
  visitors: number;
  returnees: number;
  observations: number;
  parcels: number;
  audit: number;
  purgeReports: number;
};

const ZERO_COUNTS: PurgeCounts = {
  entryLog: 0,
  alerts: 0,
  corrections: 0,
  vehicles: 0,
  presence: 0,
  visitors: 0,
  returnees: 0,
  observations: 0,
  parcels: 0,
  audit: 0,
  purgeReports: 0,
};

export type PurgeReport = {
  id: string;
  ranAt: string;
  cause: PurgeCause;
  counts: PurgeCounts;
  /** The instant before which each type was due to go. */
  cutoffs: Record<keyof PurgeCounts, string>;
  /** Expired entry-log events kept because the hub has not acknowledged them (or their alerts). */
  keptUnsynced: number;
};

/** The audit trail as the purge needs it (src/main/audit/auditLog.ts). */
export type PurgeAudit = {
  append(
    kind: string,
    input: { actors: readonly string[]; subject?: string | null; details?: Record<string, unknown> },
  ): unknown;
  purgeBefore(beforeIso: string, actors: readonly string[]): number;
};

/**
 * A guarded table: its DELETE trigger checks a permit named `permit` (migration 0009). `due` selects
 * the expired rows of alias `t` against `@cutoff`. `before` are follow-up tables that reference it
 * by foreign key (removed first); `after` are ones whose trigger waits for the record to be gone.
 * `source` is the sync source the table is pushed as, if it is one (then the hub's mark limits it).
 */
type GuardedTable = {
  type: keyof PurgeCounts;
  table: string;
  permit: string;
  due: string;
  before?: readonly FollowUp[];
  after?: readonly FollowUp[];
  source?: string;
};

/** A table of follow-ups to a record; `source` when sync pushes the follow-ups themselves. */
type FollowUp = { table: string; column: string; source?: string };

/** Order matters: an observation must be gone before its returnee may go. */
const FLOW_TABLES: readonly GuardedTable[] = [
  {
    type: 'visitors',
    table: 'visitor',
    permit: 'visitor',
    source: 'visitor',
    due: `t.registered_at < @cutoff AND (t.left_at IS NULL OR t.left_at < @cutoff)
      AND (t.pass_expires_at IS NULL OR t.pass_expires_at < @cutoff)`,
    after: [{ table: 'visitor_departure', column: 'visitor_id', source: 'visitor_departure' }],
  },
  {
    type: 'parcels',
    table: 'parcel',
    permit: 'parcel',
    source: 'parcel',
    due: 't.collected_at IS NOT NULL AND t.collected_at < @cutoff',
    before: [{ table: 'parcel_handover', column: 'parcel_id', source: 'parcel_handover' }],
  },
  {
    type: 'observations',
    table: 'observation',
    permit: 'observation',
    source: 'observation',
    due: 't.ended_at < @cutoff',
    before: [{ table: 'observation_end', column: 'observation_id', source: 'observation_end' }],
  },
  {
    type: 'returnees',
    table: 'returnee',
    permit: 'returnee',
    source: 'returnee',
    due: 't.registered_at < @cutoff AND NOT EXISTS (SELECT 1 FROM observation o WHERE o.returnee_id = t.id)',
  },
];

/** Tables whose rows simply expire by a time column (no append-only trigger, no sync source). */
const EXPIRING_TABLES: readonly { type: keyof PurgeCounts; table: string; timeColumn: string }[] = [
  { type: 'presence', table: 'sync_presence', timeColumn: 'occurred_at' },
];

/**
 * Every sync source the outbox pushes, and where this purge honours its mark. A new source in
 * sync/sources.ts must be added here (a test compares the two lists).
 */
export const PURGE_SOURCES: readonly string[] = [
  'entry',
  'alert',
  'alert_ack',
  // Never purged: one row per day, no personal data, the gate's note of its audit chain (migration 0010).
  'audit_head',
  ...FLOW_TABLES.flatMap((t) => [
    t.source,
    ...[...(t.before ?? []), ...(t.after ?? [])].map((f) => f.source),
  ]).filter((name): name is string => name !== undefined),
];

export type RetentionDeps = {
  db: Db;
  clock: Clock;
  newId: IdGenerator;
  retention: () => RetentionConfig;
  audit: PurgeAudit | null;
  staffOnDuty: () => string[];
};

type ReportRow = {
  id: string;
  ran_at: string;
  cause: PurgeCause;
  counts_json: string;
  cutoffs_json: string;
  kept_unsynced: number;
};

const NOT_QUARANTINED = (col: string): string =>
  `NOT EXISTS (SELECT 1 FROM sync_quarantine q WHERE q.event_id = ${col})`;

export class RetentionPurge {
  constructor(private readonly d: RetentionDeps) {}

  purge(cause: PurgeCause): PurgeReport {
    const { db } = this.d;
    const now = this.d.clock.now();
    const r = this.d.retention();
    const before = (days: number): string => new Date(now.getTime() - days * DAY_MS).toISOString();
    const entryCutoff = before(r.entryLogDays);
    const returneeCutoff = before(r.returneeDays);
    const cutoffs: PurgeReport['cutoffs'] = {
      entryLog: entryCutoff,
      alerts: entryCutoff,
      corrections: entryCutoff,
      vehicles: entryCutoff,
      presence: before(r.presenceDays),
      visitors: before(r.visitorDays),
      returnees: returneeCutoff,
      observations: returneeCutoff,
      parcels: before(r.parcelDays),
      audit: before(r.auditDays),
      purgeReports: before(r.purgeReportDays),
    };
    const actors = this.d.staffOnDuty();
    const report = db.transaction((): PurgeReport => {
      const marks = this.marks();
      const counts: PurgeCounts = { ...ZERO_COUNTS };
      const log = this.purgeEntryLog(entryCutoff, marks);
      Object.assign(counts, log.counts);
      for (const t of FLOW_TABLES) {
        if (!hasColumn(db, t.table, 'seq')) continue;
        counts[t.type] += this.purgeGuarded(t, cutoffs[t.type], marks);
      }
      for (const t of EXPIRING_TABLES) {
        if (!hasColumn(db, t.table, t.timeColumn)) continue;
        counts[t.type] += db
          .prepare(`DELETE FROM "${t.table}" WHERE "${t.timeColumn}" < ?`)
          .run(cutoffs[t.type]).changes;
      }
      counts.purgeReports = db
        .prepare('DELETE FROM purge_report WHERE ran_at < ?')
        .run(cutoffs.purgeReports).changes;
      if (this.d.audit) counts.audit = this.d.audit.purgeBefore(cutoffs.audit, actors);
      const report: PurgeReport = {
        id: this.d.newId(),
        ranAt: now.toISOString(),
        cause,
        counts,
        cutoffs,
        keptUnsynced: log.keptUnsynced,
      };
      db.prepare(
        'INSERT INTO purge_report (id, ran_at, cause, counts_json, cutoffs_json, kept_unsynced) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(
        report.id,
        report.ranAt,
        cause,
        JSON.stringify(counts),
        JSON.stringify(cutoffs),
        log.keptUnsynced,
      );
      this.d.audit?.append('privacy.purge', {
        actors,
        subject: report.id,
        details: { cause, counts, keptUnsynced: log.keptUnsynced },
      });
      return report;
    })();
    // secure_delete (store/db.ts) zeroed the freed pages; the WAL still holds the old page images
    // until it is checkpointed and cut back, so do that now rather than at some later idle moment.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return report;
  }

  /** Runs the purge if none ran in the last day; the caller ticks this (say hourly). */
  purgeIfDue(cause: PurgeCause): PurgeReport | null {
    const last = this.reports(1)[0];
    if (last && this.d.clock.now().getTime() - new Date(last.ranAt).getTime() < DAY_MS) return null;
    return this.purge(cause);
  }

  /** Newest first. Reports written before a record type existed count it as 0. */
  reports(limit: number): PurgeReport[] {
    return this.d.db
      .prepare<[number], ReportRow>('SELECT * FROM purge_report ORDER BY seq DESC LIMIT ?')
      .all(limit)
      .map((row) => ({
        id: row.id,
        ranAt: row.ran_at,
        cause: row.cause,
        counts: { ...ZERO_COUNTS, ...(JSON.parse(row.counts_json) as Partial<PurgeCounts>) },
        cutoffs: JSON.parse(row.cutoffs_json) as PurgeReport['cutoffs'],
        keptUnsynced: row.kept_unsynced,
      }));
  }

  /**
   * The entry log with what hangs off it. An alert goes only once the hub has it and every
   * acknowledgement of it; an entry goes only once its alerts are gone (foreign key).
   */
  private purgeEntryLog(
    cutoff: string,
    marks: (source: string) => number,
  ): { counts: Pick<PurgeCounts, 'entryLog' | 'alerts' | 'corrections' | 'vehicles'>; keptUnsynced: number } {
    const { db } = this.d;
    const p = { cutoff, entryMark: marks('entry'), alertMark: marks('alert'), ackMark: marks('alert_ack') };
    const expired = `SELECT e.id FROM entry_log e WHERE e.occurred_at < @cutoff AND e.seq <= @entryMark AND ${NOT_QUARANTINED('e.id')}`;
    const hasAcks = hasColumn(db, 'alert_ack', 'alert_id');
    const acksDelivered = hasAcks
      ? `AND NOT EXISTS (SELECT 1 FROM alert_ack k WHERE k.alert_id = a.id AND (k.seq > @ackMark OR EXISTS (SELECT 1 FROM sync_quarantine q WHERE q.event_id = k.id)))`
      : '';
    const goingEntries = `${expired} AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.entry_id = e.id)`;
    const counts = { entryLog: 0, alerts: 0, corrections: 0, vehicles: 0 };
    db.prepare('INSERT INTO purge_permit (record_type, before_time, max_seq) VALUES (?, ?, ?)').run(
      'entry_log',
      cutoff,
      p.entryMark,
    );
    try {
      counts.alerts = db
        .prepare(
          `DELETE FROM alert WHERE id IN (SELECT a.id FROM alert a WHERE a.entry_id IN (${expired})
          AND a.rowid <= @alertMark AND ${NOT_QUARANTINED('a.id')} ${acksDelivered})`,
        )
        .run(p).changes;
      if (hasAcks) {
        // Its trigger lets an acknowledgement go once its alert is gone; one the hub lacks stays.
        db.prepare(
          `DELETE FROM alert_ack WHERE alert_id NOT IN (SELECT id FROM alert) AND seq <= @ackMark AND ${NOT_QUARANTINED('alert_ack.id')}`,
        ).run({ ackMark: p.ackMark });
      }
      const vehicles = hasColumn(db, 'vehicle_occupant', 'entry_id');
      if (vehicles) db.prepare(`DELETE FROM vehicle_occupant WHERE entry_id IN (${goingEntries})`).run(p);
      counts.entryLog = db.prepare(`DELETE FROM entry_log WHERE id IN (${goingEntries})`).run(p).changes;
      if (hasColumn(db, 'entry_correction', 'entry_id')) {
        counts.corrections = db
          .prepare('DELETE FROM entry_correction WHERE entry_id NOT IN (SELECT id FROM entry_log)')
          .run().changes;
      }
      if (vehicles) {
        // A vehicle's passage is as old as its occupants' checks; a still-open one (no decision) stays.
        counts.vehicles = db
          .prepare(
            `DELETE FROM vehicle_event WHERE occurred_at < ? AND decision IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM vehicle_occupant o WHERE o.vehicle_event_id = vehicle_event.id)`,
          )
          .run(cutoff).changes;
      }
      const keptUnsynced =
        db
          .prepare<[string], { n: number }>('SELECT count(*) AS n FROM entry_log WHERE occurred_at < ?')
          .get(cutoff)?.n ?? 0;
      return { counts, keptUnsynced };
    } finally {
      db.prepare("DELETE FROM purge_permit WHERE record_type = 'entry_log'").run();
    }
  }

  private purgeGuarded(t: GuardedTable, cutoff: string, marks: (source: string) => number): number {
    const { db } = this.d;
    const maxSeq = t.source ? marks(t.source) : NO_LIMIT;
    // A record goes with its follow-ups, so one whose follow-up the hub still lacks stays whole.
    const pending = [...(t.before ?? []), ...(t.after ?? [])]
      .filter((f) => f.source !== undefined && hasColumn(db, f.table, f.column))
      .map(
        (f) =>
          `AND NOT EXISTS (SELECT 1 FROM "${f.table}" f WHERE f."${f.column}" = t.id
            AND (f.seq > ${marks(f.source!)} OR EXISTS (SELECT 1 FROM sync_quarantine q WHERE q.event_id = f.id)))`,
      )
      .join(' ');
    const ids = db
      .prepare<{ cutoff: string; maxSeq: number }, { id: string }>(
        `SELECT t.id FROM "${t.table}" t WHERE (${t.due}) AND t.seq <= @maxSeq AND ${NOT_QUARANTINED('t.id')} ${pending} ORDER BY t.seq`,
      )
      .all({ cutoff, maxSeq })
      .map((r) => r.id);
    if (ids.length === 0) return 0;
    const list = JSON.stringify(ids);
    const inList = 'IN (SELECT value FROM json_each(?))';
    db.prepare('INSERT INTO purge_permit (record_type, before_time, max_seq) VALUES (?, ?, ?)').run(
      t.permit,
      cutoff,
      maxSeq,
    );
    try {
      for (const c of t.before ?? []) {
        if (hasColumn(db, c.table, c.column))
          db.prepare(`DELETE FROM "${c.table}" WHERE "${c.column}" ${inList}`).run(list);
      }
      const n = db.prepare(`DELETE FROM "${t.table}" WHERE id ${inList}`).run(list).changes;
      for (const c of t.after ?? []) {
        if (hasColumn(db, c.table, c.column))
          db.prepare(`DELETE FROM "${c.table}" WHERE "${c.column}" ${inList}`).run(list);
      }
      return n;
    } finally {
      db.prepare('DELETE FROM purge_permit WHERE record_type = ?').run(t.permit);
    }
  }

  /**
   * The hub's acknowledged mark per sync source. With no hub enrolled everything counts as
   * delivered; a table that is no sync source has no limit.
   */
  private marks(): (source: string) => number {
    const s = this.d.db
      .prepare<[], { enrolled_at: string | null }>('SELECT enrolled_at FROM sync_state WHERE id = 1')
      .get();
    if (!s || s.enrolled_at === null) return () => NO_LIMIT;
    const bySource = new Map(eventSources(this.d.db, null).map((src) => [src.name, src] as const));
    return (name) => bySource.get(name)?.mark() ?? NO_LIMIT;
  }
}

/** A feature whose table is not in this build (or named its column otherwise) must not fail the purge. */
function hasColumn(db: Db, table: string, column: string): boolean {
  return (
    db
      .prepare<[string, string], { n: number }>(
        'SELECT count(*) AS n FROM pragma_table_info(?) WHERE name = ?',
      )
      .get(table, column)?.n === 1
  );
}
