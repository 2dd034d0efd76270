import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from '../../../src/main/config/config';
import { fixedClock } from '../../../src/main/core/clock';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { RetentionPurge, type PurgeAudit } from '../../../src/main/privacy/retention';
import { openDatabase, type Db } from '../../../src/main/store/db';
import { EntryLogStore, type EntryRecord } from '../../../src/main/store/entryLog';
import { tempDir } from '../../helpers/tmp';

const NOW = '2026-03-01T04:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;
/** Three events a day for 60 days; every fifth raises an alert. */
const PER_DAY = 3;
const DAYS = 60;

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let seeded: { id: string; seq: number; occurredAt: string; alert: boolean }[];
const clock = fixedClock(NOW);
const newId = uuidv7Generator(clock);

function entry(id: string, occurredAt: string, alert: boolean): EntryRecord {
  return {
    id, compoundId: 'c', gateId: 'g', direction: 'in', credential: 'HM00001', credentialSource: 'wedge', passId: null,
    residentId: null, householdId: null, building: '1', unit: '1', room: '101', residentNameMasked: '张*', statusCode: 'black',
    tempObjectC: 36.5, tempBodyC: 36.5, tempDevice: 'sim', tempSource: 'simulated', readingsJson: '[]', decision: 'admit',
    reasons: [], alert, staff: ['s1'], startedAt: occurredAt, occurredAt, recordedAt: occurredAt,
  };
}

beforeEach(() => {
  tmp = tempDir();
  db = openDatabase(join(tmp.dir, 'g.sqlite'));
  const log = new EntryLogStore(db);
  seeded = [];
  let n = 0;
  // Oldest first, as a real gate writes them: seq grows with time.
  for (let d = DAYS; d >= 1; d--) {
    for (let k = 0; k < PER_DAY; k++) {
      const occurredAt = new Date(Date.parse(NOW) - d * DAY + k * 3600_000).toISOString();
      const id = `e-${String(n).padStart(4, '0')}`;
      const alert = n % 5 === 0;
      log.append(entry(id, occurredAt, alert), alert ? { id: `a-${id}`, kind: 'fever', entryId: id, raisedAt: occurredAt } : null);
      n += 1;
    }
  }
  for (const r of db.prepare<[], { id: string; seq: number; occurred_at: string; alert: number }>('SELECT id, seq, occurred_at, alert FROM entry_log ORDER BY seq').all()) {
    seeded.push({ id: r.id, seq: r.seq, occurredAt: r.occurred_at, alert: r.alert === 1 });
  }
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

function makePurge(audit: PurgeAudit | null = null, retention = DEFAULT_RETENTION): RetentionPurge {
  return new RetentionPurge({ db, clock, newId, retention: () => retention, audit, staffOnDuty: () => ['s1'] });
}

const remaining = (): string[] => db.prepare<[], { id: string }>('SELECT id FROM entry_log ORDER BY seq').all().map((r) => r.id);
const cutoff = new Date(Date.parse(NOW) - 28 * DAY).toISOString();

describe('retention purge', () => {
  it('removes exactly the events older than 28 days on a gate with no hub, with their alerts, and reports the counts', () => {
    const expired = seeded.filter((e) => e.occurredAt < cutoff);
    expect(expired.length).toBe(32 * PER_DAY); // days 60..29 are before the cut-off
    const report = makePurge().purge('manual');
    expect(remaining()).toEqual(seeded.filter((e) => e.occurredAt >= cutoff).map((e) => e.id));
    expect(report.counts.entryLog).toBe(expired.length);
    expect(report.counts.alerts).toBe(expired.filter((e) => e.alert).length);
    expect(report.keptUnsynced).toBe(0);
    expect(report.cutoffs.entryLog).toBe(cutoff);
    expect(db.prepare('SELECT count(*) AS n FROM alert').get()).toEqual({ n: seeded.filter((e) => e.occurredAt >= cutoff && e.alert).length });
    // The report is stored, and the permit does not outlive the purge.
    expect(makePurge().reports(5)[0]).toEqual(report);
    expect(db.prepare('SELECT count(*) AS n FROM purge_permit').get()).toEqual({ n: 0 });
  });

  it('never removes an event the hub has not acknowledged, nor a quarantined one', () => {
    const expired = seeded.filter((e) => e.occurredAt < cutoff);
    // The hub acknowledged all but the last 7 expired events; one acknowledged event was quarantined.
    const acked = expired[expired.length - 8]!;
    const quarantined = expired[3]!;
    db.prepare("UPDATE sync_state SET hub_url = 'http://hub', enrolled_at = ?, acked_seq = ?").run(NOW, acked.seq);
    // The alerts are their own source with their own mark; the hub has all of them here.
    db.prepare("INSERT INTO meta (key, value) VALUES ('sync.acked.alert', '1000000')").run();
    db.prepare("INSERT INTO sync_quarantine (event_id, seq, code, reason, quarantined_at) VALUES (?, ?, 'bad', 'x', ?)").run(quarantined.id, quarantined.seq, NOW);
    const report = makePurge().purge('daily');
    const kept = new Set([...expired.slice(-7).map((e) => e.id), quarantined.id]);
    expect(remaining()).toEqual(seeded.filter((e) => e.occurredAt >= cutoff || kept.has(e.id)).map((e) => e.id));
    expect(report.counts.entryLog).toBe(expired.length - 8);
    expect(report.keptUnsynced).toBe(8);
  });

  it('the entry log still refuses DELETE outside the purge, and the trigger holds even against a wrong permit', () => {
    const oldest = seeded[0]!;
    expect(() => db.prepare('DELETE FROM entry_log WHERE id = ?').run(oldest.id)).toThrowError(/append-only/);
    // A permit cannot reach past its own limits: a recent row stays even inside a permit window.
    const newest = seeded[seeded.length - 1]!;
    db.prepare("INSERT INTO purge_permit VALUES ('entry_log', ?, ?)").run(cutoff, Number.MAX_SAFE_INTEGER);
    expect(() => db.prepare('DELETE FROM alert WHERE entry_id = ?').run(newest.id)).not.toThrow();
    expect(() => db.prepare('DELETE FROM entry_log WHERE id = ?').run(newest.id)).toThrowError(/append-only/);
    db.prepare('DELETE FROM purge_permit').run();
  });

  it('uses the configured days, purges other expiring tables, and records the purge in the audit trail', () => {
    const calls: { kind: string; details: unknown }[] = [];
    const purgedBefore: string[] = [];
    const audit: PurgeAudit = {
      append: (kind, input) => calls.push({ kind, details: input.details }),
      purgeBefore: (before) => {
        purgedBefore.push(before);
        return 4;
      },
    };
    db.prepare("INSERT INTO sync_presence VALUES ('r1', 'g2', 'x1', 'in', ?), ('r2', 'g2', 'x2', 'in', ?)").run(
      new Date(Date.parse(NOW) - 8 * DAY).toISOString(),
      new Date(Date.parse(NOW) - 6 * DAY).toISOString(),
    );
    const report = makePurge(audit, { ...DEFAULT_RETENTION, entryLogDays: 7, presenceDays: 7 }).purge('start');
    const weekAgo = new Date(Date.parse(NOW) - 7 * DAY).toISOString();
    expect(remaining()).toEqual(seeded.filter((e) => e.occurredAt >= weekAgo).map((e) => e.id));
    expect(report.counts.presence).toBe(1);
    expect(report.counts.audit).toBe(4);
    expect(purgedBefore).toEqual([new Date(Date.parse(NOW) - 365 * DAY).toISOString()]);
    expect(calls).toEqual([{ kind: 'privacy.purge', details: { cause: 'start', counts: report.counts, keptUnsynced: 0 } }]);
  });

  it('runs at most once a day when ticked, and a failed purge leaves everything as it was', () => {
    const purge = makePurge();
    expect(purge.purgeIfDue('start')).not.toBeNull();
    expect(purge.purgeIfDue('daily')).toBeNull();
    clock.advance(DAY);
    expect(purge.purgeIfDue('daily')?.cause).toBe('daily');
    clock.set(NOW);

    const before = remaining();
    const failing = makePurge({ append: () => { throw new Error('disk full'); }, purgeBefore: () => 0 }, { ...DEFAULT_RETENTION, entryLogDays: 1 });
    expect(() => failing.purge('manual')).toThrowError(/disk full/);
    expect(remaining()).toEqual(before);
  });

  it('visitor records go after their days, with their departures; who acknowledged a purged alert goes with it', () => {
    const at = (days: number): string => new Date(Date.parse(NOW) - days * DAY).toISOString();
    const visitor = db.prepare(
      `INSERT INTO visitor (id, compound_id, gate_id, pass_number, name, phone, id_number, id_number_full, household_id, building, unit, room,
         relation, decision, entry_id, registered_at, arrived_at, pass_expires_at, staff_json)
       VALUES (?, 'c', 'g', ?, '孙*', '*******5678', '3201**********0051', 0, 'h', '1', '1', '101', 'parent', 'admit', 'e', ?, ?, ?, '[]')`,
    );
    const depart = db.prepare("INSERT INTO visitor_departure (id, visitor_id, entry_id, left_at, overstayed, staff_json) VALUES (?, ?, 'e', ?, 0, '[]')");
    for (const [vid, days] of [['v-old', 40], ['v-edge', 29], ['v-new', 5]] as const) {
      visitor.run(vid, `VP-${vid}`, at(days), at(days), at(days - 0.25));
      depart.run(`d-${vid}`, vid, at(days - 0.5));
    }
    const oldAlert = seeded.find((e) => e.alert && e.occurredAt < cutoff)!;
    const newAlert = seeded.find((e) => e.alert && e.occurredAt >= cutoff)!;
    db.prepare("INSERT INTO alert_ack (id, alert_id, acknowledged_at, staff_json) VALUES ('k1', ?, ?, '[]'), ('k2', ?, ?, '[]')").run(
      `a-${oldAlert.id}`, oldAlert.occurredAt, `a-${newAlert.id}`, newAlert.occurredAt,
    );
    const report = makePurge().purge('daily');
    expect(report.counts.visitors).toBe(2);
    expect(db.prepare('SELECT id FROM visitor').all()).toEqual([{ id: 'v-new' }]);
    expect(db.prepare('SELECT visitor_id FROM visitor_departure').all()).toEqual([{ visitor_id: 'v-new' }]);
    expect(db.prepare('SELECT id FROM alert_ack').all()).toEqual([{ id: 'k2' }]);
  });

  it('purged rows leave no trace in the file or its WAL (secure delete, WAL cut back)', () => {
    const log = new EntryLogStore(db);
    const old = new Date(Date.parse(NOW) - 40 * DAY).toISOString();
    // Enough expired rows to fill whole pages, so the purge frees pages rather than cells.
    for (let i = 0; i < 60; i++) {
      log.append({ ...entry(`e-marker-${i}`, old, false), credential: 'PURGE-ME-13900009999', readingsJson: JSON.stringify(['x'.repeat(400)]) }, null);
    }
    db.pragma('wal_checkpoint(PASSIVE)'); // as the idle gate would have done long since
    const file = join(tmp.dir, 'g.sqlite');
    const bytes = (): Buffer => Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
    expect(bytes().includes('PURGE-ME-13900009999')).toBe(true);
    makePurge().purge('manual');
    expect(remaining().filter((id) => id.startsWith('e-marker'))).toEqual([]);
    expect(bytes().includes('PURGE-ME-13900009999')).toBe(false);
  });
});
