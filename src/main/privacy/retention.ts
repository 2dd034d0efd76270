/**
 * Retention: each kind of record is kept for its configured number of days (config `retention`,
 * defaults in config.ts and decision 0014), then removed by a purge that runs on start and daily.
 *
 * The entry log is append-only; its DELETE trigger lets a row go only while this purge holds a
 * `purge_permit` in the same transaction, and only if the row is older than the permit's cut-off,
 * not above the hub's acknowledged seq and not quarantined. So an event the committee's hub has not
 * acknowledged is never purged, whatever this code does. A gate that was never enrolled has no hub:
 * its log is the only copy and retention applies to it as it is.
 *
 * One transaction per purge: the removals, the report row and the audit record commit together.
 */
import type { RetentionConfig } from '../config/config';
import type { Clock } from '../core/clock';
import type { IdGenerator } from '../core/ids';
import type { Db } from '../store/db';

const DAY_MS = 24 * 60 * 60 * 1000;

export type PurgeCause = 'start' | 'daily' | 'manual';

/** Counts per record type; a type whose table this build does not have counts 0. */
export type PurgeCounts = { entryLog: number; alerts: number; presence: number; visitors: number; audit: number; purgeReports: number };

export type PurgeReport = {
  id: string;
  ranAt: string;
  cause: PurgeCause;
  counts: PurgeCounts;
  /** The instant before which each type was due to go. */
  cutoffs: Record<keyof PurgeCounts, string>;
  /** Expired entry-log events kept because the hub has not acknowledged them. */
  keptUnsynced: number;
};

/** The audit trail as the purge needs it (src/main/audit/auditLog.ts). */
export type PurgeAudit = {
  append(kind: string, input: { actors: readonly string[]; subject?: string | null; details?: Record<string, unknown> }): unknown;
  purgeBefore(beforeIso: string, actors: readonly string[]): number;
};

/**
 * A table whose rows simply expire by a time column (no append-only trigger). Other features add
 * theirs here (visitors: issue 4's flows) without touching the entry-log path.
 */
export type ExpiringTable = { type: 'visitors' | 'presence'; table: string; timeColumn: string };

export const EXPIRING_TABLES: readonly ExpiringTable[] = [
  { type: 'presence', table: 'sync_presence', timeColumn: 'occurred_at' },
  { type: 'visitors', table: 'visitor', timeColumn: 'registered_at' },
];

/**
 * Rows that belong to another record (a visitor's departure, who acknowledged an alert). Their own
 * triggers let them go only once that record is gone, so they are removed after it.
 */
const FOLLOW_UPS: readonly { table: string; column: string; parent: string }[] = [
  { table: 'visitor_departure', column: 'visitor_id', parent: 'visitor' },
  { table: 'alert_ack', column: 'alert_id', parent: 'alert' },
];

export type RetentionDeps = {
  db: Db;
  clock: Clock;
  newId: IdGenerator;
  retention: () => RetentionConfig;
  audit: PurgeAudit | null;
  staffOnDuty: () => string[];
  tables?: readonly ExpiringTable[];
};

type ReportRow = { id: string; ran_at: string; cause: PurgeCause; counts_json: string; cutoffs_json: string; kept_unsynced: number };

export class RetentionPurge {
  constructor(private readonly d: RetentionDeps) {}

  purge(cause: PurgeCause): PurgeReport {
    const { db } = this.d;
    const now = this.d.clock.now();
    const r = this.d.retention();
    const before = (days: number): string => new Date(now.getTime() - days * DAY_MS).toISOString();
    const cutoffs: PurgeReport['cutoffs'] = {
      entryLog: before(r.entryLogDays),
      alerts: before(r.entryLogDays),
      presence: before(r.presenceDays),
      visitors: before(r.visitorDays),
      audit: before(r.auditDays),
      purgeReports: before(r.purgeReportDays),
    };
    const actors = this.d.staffOnDuty();
    const report = db.transaction((): PurgeReport => {
      const counts: PurgeCounts = { entryLog: 0, alerts: 0, presence: 0, visitors: 0, audit: 0, purgeReports: 0 };
      const log = this.purgeEntryLog(cutoffs.entryLog);
      counts.entryLog = log.entries;
      counts.alerts = log.alerts;
      for (const t of this.d.tables ?? EXPIRING_TABLES) {
        if (!hasColumn(db, t.table, t.timeColumn)) continue;
        counts[t.type] += db.prepare(`DELETE FROM "${t.table}" WHERE "${t.timeColumn}" < ?`).run(cutoffs[t.type]).changes;
      }
      for (const f of FOLLOW_UPS) {
        if (!hasColumn(db, f.table, f.column)) continue;
        db.prepare(`DELETE FROM "${f.table}" WHERE "${f.column}" NOT IN (SELECT id FROM "${f.parent}")`).run();
      }
      counts.purgeReports = db.prepare('DELETE FROM purge_report WHERE ran_at < ?').run(cutoffs.purgeReports).changes;
      if (this.d.audit) counts.audit = this.d.audit.purgeBefore(cutoffs.audit, actors);
      const report: PurgeReport = { id: this.d.newId(), ranAt: now.toISOString(), cause, counts, cutoffs, keptUnsynced: log.keptUnsynced };
      db.prepare(
        'INSERT INTO purge_report (id, ran_at, cause, counts_json, cutoffs_json, kept_unsynced) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(report.id, report.ranAt, cause, JSON.stringify(counts), JSON.stringify(cutoffs), log.keptUnsynced);
      this.d.audit?.append('privacy.purge', { actors, subject: report.id, details: { cause, counts, keptUnsynced: log.keptUnsynced } });
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

  /** Newest first. */
  reports(limit: number): PurgeReport[] {
    return this.d.db
      .prepare<[number], ReportRow>('SELECT * FROM purge_report ORDER BY seq DESC LIMIT ?')
      .all(limit)
      .map((row) => ({
        id: row.id,
        ranAt: row.ran_at,
        cause: row.cause,
        counts: JSON.parse(row.counts_json) as PurgeCounts,
        cutoffs: JSON.parse(row.cutoffs_json) as PurgeReport['cutoffs'],
        keptUnsynced: row.kept_unsynced,
      }));
  }

  private purgeEntryLog(cutoff: string): { entries: number; alerts: number; keptUnsynced: number } {
    const { db } = this.d;
    const maxSeq = this.acknowledgedSeq();
    const expired = `FROM entry_log e WHERE e.occurred_at < @cutoff AND e.seq <= @maxSeq
      AND NOT EXISTS (SELECT 1 FROM sync_quarantine q WHERE q.event_id = e.id)`;
    const p = { cutoff, maxSeq };
    db.prepare('INSERT INTO purge_permit (record_type, before_time, max_seq) VALUES (?, ?, ?)').run('entry_log', cutoff, maxSeq);
    try {
      const alerts = db.prepare(`DELETE FROM alert WHERE entry_id IN (SELECT e.id ${expired})`).run(p).changes;
      const entries = db.prepare(`DELETE FROM entry_log WHERE id IN (SELECT e.id ${expired})`).run(p).changes;
      const keptUnsynced =
        db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM entry_log WHERE occurred_at < ?').get(cutoff)?.n ?? 0;
      return { entries, alerts, keptUnsynced };
    } finally {
      db.prepare("DELETE FROM purge_permit WHERE record_type = 'entry_log'").run();
    }
  }

  /** The hub's acknowledged mark; with no hub enrolled, everything counts as delivered. */
  private acknowledgedSeq(): number {
    const s = this.d.db
      .prepare<[], { enrolled_at: string | null; acked_seq: number }>('SELECT enrolled_at, acked_seq FROM sync_state WHERE id = 1')
      .get();
    if (!s || s.enrolled_at === null) return Number.MAX_SAFE_INTEGER;
    return s.acked_seq;
  }
}

/** A feature whose table is not in this build (or named its column otherwise) must not fail the purge. */
function hasColumn(db: Db, table: string, column: string): boolean {
  return db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM pragma_table_info(?) WHERE name = ?').get(table, column)?.n === 1;
}
