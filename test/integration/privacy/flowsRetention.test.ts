/**
 * Issue 6's acceptance for retention with issue 4's records: a gate whose records are spread over 60
 * days loses exactly the expired ones, with everything that hangs off them, and nothing else.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from '../../../src/main/config/config';
import { fixedClock } from '../../../src/main/core/clock';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { PURGE_SOURCES, RetentionPurge } from '../../../src/main/privacy/retention';
import { openDatabase, type Db } from '../../../src/main/store/db';
import { EntryLogStore, type EntryRecord } from '../../../src/main/store/entryLog';
import { eventSources } from '../../../src/main/sync/sources';
import type { PurgeReportView } from '../../../src/shared/privacy';
import { makeGate, type TestGate } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const DAYS = 60;

type Seeded = {
  entries: { id: string; at: number; alert: boolean; acked: boolean; corrected: boolean; vehicle: boolean }[];
  visitors: { id: string; latest: number }[];
  parcels: { id: string; collected: number | null }[];
  observations: { id: string; returnee: string; ended: number }[];
  returnees: { id: string; registered: number }[];
};

function entry(id: string, at: string, alert: boolean): EntryRecord {
  return {
    id,
    compoundId: 'demo-compound',
    gateId: 'gate-south',
    direction: 'in',
    credential: 'HM00001',
    credentialSource: 'wedge',
    passId: null,
    residentId: null,
    householdId: null,
    building: '1',
    unit: '1',
    room: '101',
    residentNameMasked: '张*',
    statusCode: 'green',
    tempObjectC: 36.5,
    tempBodyC: 36.5,
    tempDevice: 'sim',
    tempSource: 'simulated',
    readingsJson: '[]',
    decision: 'admit',
    reasons: [],
    alert,
    staff: ['demo-guard'],
    startedAt: at,
    occurredAt: at,
    recordedAt: at,
  };
}

/** One of each record a day for `DAYS` days before `now`, with the follow-ups a gate writes. */
function seed(db: Db, now: number): Seeded {
  const iso = (t: number): string => new Date(t).toISOString();
  const s: Seeded = { entries: [], visitors: [], parcels: [], observations: [], returnees: [] };
  const log = new EntryLogStore(db);
  const ack = db.prepare(
    "INSERT INTO alert_ack (id, alert_id, acknowledged_at, staff_json) VALUES (?, ?, ?, '[]')",
  );
  const correct = db.prepare(
    "INSERT INTO entry_correction (id, entry_id, kind, reason, staff_json, approver_id, at) VALUES (?, ?, 'void', 'test', '[]', 'demo-volunteer', ?)",
  );
  const vehicle = db.prepare(
    "INSERT INTO vehicle_event (id, compound_id, gate_id, plate, direction, kind, decision, occurred_at, closed_at) VALUES (?, 'demo-compound', 'gate-south', ?, 'in', 'resident', 'admit', ?, ?)",
  );
  const occupant = db.prepare('INSERT INTO vehicle_occupant (vehicle_event_id, entry_id) VALUES (?, ?)');
  const visitor = db.prepare(
    `INSERT INTO visitor (id, compound_id, gate_id, pass_number, name, phone, id_number, id_number_full, household_id, building, unit, room,
       relation, decision, entry_id, registered_at, arrived_at, pass_expires_at, staff_json)
     VALUES (?, 'demo-compound', 'gate-south', ?, '孙*', '13900001234', '320106198503150041', 1, 'h1', '1', '1', '101', 'parent', 'admit', 'e', ?, ?, ?, '[]')`,
  );
  const depart = db.prepare(
    "INSERT INTO visitor_departure (id, visitor_id, entry_id, left_at, overstayed, staff_json) VALUES (?, ?, 'e', ?, 0, '[]')",
  );
  const leave = db.prepare('UPDATE visitor SET left_at = ? WHERE id = ?');
  const parcel = db.prepare(
    `INSERT INTO parcel (id, compound_id, gate_id, carrier, tracking_tail, household_id, building, unit, room, shelf_slot, received_at, staff_json)
     VALUES (?, 'demo-compound', 'gate-south', 'SF', '1234', 'h1', '1', '1', '101', 'A1', ?, '[]')`,
  );
  const handover = db.prepare(
    "INSERT INTO parcel_handover (id, parcel_id, kind, handed_at, staff_json) VALUES (?, ?, ?, ?, '[]')",
  );
  const collect = db.prepare('UPDATE parcel SET collected_at = ? WHERE id = ?');
  const returnee = db.prepare(
    `INSERT INTO returnee (id, compound_id, gate_id, household_id, entry_id, name, id_number, phone, building, unit, room, origin_province,
       origin_city, origin, key_region, transport, arrived_on, symptoms, observation_start, observation_end, registered_at, registered_by, staff_json)
     VALUES (?, 'demo-compound', 'gate-south', 'h1', 'e', '李四', '320106198503150041', '13900001234', '1', '1', '101', '湖北', '武汉',
       '湖北武汉', 1, 'train', '2020-01-01', '', '2020-01-01', '2020-01-14', ?, 'demo-guard', '[]')`,
  );
  const observation = db.prepare(
    "INSERT INTO observation (id, compound_id, gate_id, returnee_id, household_id, started_at, ended_at, staff_json) VALUES (?, 'demo-compound', 'gate-south', ?, 'h1', ?, ?, '[]')",
  );
  const endEarly = db.prepare(
    "INSERT INTO observation_end (id, observation_id, ended_at, reason, approval_json, staff_json) VALUES (?, ?, ?, 'test', '{}', '[]')",
  );
  const shorten = db.prepare('UPDATE observation SET ended_at = ? WHERE id = ?');

  db.transaction(() => {
    for (let d = DAYS; d >= 1; d--) {
      const t = now - d * DAY;
      const e = {
        id: `e-${d}`,
        at: t,
        alert: d % 5 === 0,
        acked: d % 10 === 0,
        corrected: d % 4 === 0,
        vehicle: d % 3 === 0,
      };
      log.append(
        entry(e.id, iso(t), e.alert),
        e.alert ? { id: `a-${d}`, kind: 'fever', entryId: e.id, raisedAt: iso(t) } : null,
      );
      if (e.acked) ack.run(`k-${d}`, `a-${d}`, iso(t + HOUR));
      if (e.corrected) correct.run(`c-${d}`, e.id, iso(t + HOUR));
      if (e.vehicle) {
        vehicle.run(`ve-${d}`, `沪A${d}`, iso(t), iso(t + 60_000));
        occupant.run(`ve-${d}`, e.id);
      }
      s.entries.push(e);

      // A visitor with a six-hour pass; every sixth never checked out.
      visitor.run(`v-${d}`, `VP-${d}`, iso(t), iso(t), iso(t + 6 * HOUR));
      if (d % 6 !== 0) {
        depart.run(`vd-${d}`, `v-${d}`, iso(t + 2 * HOUR));
        leave.run(iso(t + 2 * HOUR), `v-${d}`);
      }
      s.visitors.push({ id: `v-${d}`, latest: t + 6 * HOUR });

      // Parcels are handed over a day later; every seventh is still on the shelf.
      parcel.run(`p-${d}`, iso(t));
      const collected = d % 7 === 0 ? null : t + DAY;
      if (collected !== null) {
        handover.run(`ph-${d}`, `p-${d}`, d % 2 === 0 ? 'pickup' : 'door_drop', iso(collected));
        collect.run(iso(collected), `p-${d}`);
      }
      s.parcels.push({ id: `p-${d}`, collected });

      // A returnee observed for 14 days; some observations ended early after 3 days; one arrived after its period.
      returnee.run(`r-${d}`, iso(t));
      s.returnees.push({ id: `r-${d}`, registered: t });
      if (d === 45) continue;
      let ended = t + 14 * DAY;
      observation.run(`o-${d}`, `r-${d}`, iso(t), iso(ended));
      if (d % 10 === 0 && d >= 20) {
        ended = t + 3 * DAY;
        endEarly.run(`oe-${d}`, `o-${d}`, iso(ended));
        shorten.run(iso(ended), `o-${d}`);
      }
      s.observations.push({ id: `o-${d}`, returnee: `r-${d}`, ended });
    }
  })();
  return s;
}

const ids = (db: Db, sql: string): string[] =>
  (db.prepare(sql).all() as { id: string }[]).map((r) => r.id).sort();
const sorted = (xs: string[]): string[] => [...xs].sort();

let gate: TestGate | null = null;
afterEach(async () => {
  await gate?.cleanup();
  gate = null;
});

describe('retention purge of issue 4 records over 60 days', () => {
  it('removes exactly the expired records with their follow-ups, keeps running observations and parcels on the shelf, and stays consistent', async () => {
    gate = await makeGate();
    const db = gate.db;
    const now = gate.clock.now().getTime();
    const s = seed(db, now);
    const cutoff = now - 28 * DAY;

    const r = await gate.dispatch('privacy:purgeNow', {});
    if (!r.ok) throw new Error(r.error.message);
    const report = r.value as PurgeReportView;

    const keptEntries = s.entries.filter((e) => e.at >= cutoff);
    const goneEntries = s.entries.filter((e) => e.at < cutoff);
    const keptVisitors = s.visitors.filter((v) => v.latest >= cutoff);
    const keptParcels = s.parcels.filter((p) => p.collected === null || p.collected >= cutoff);
    const keptObservations = s.observations.filter((o) => o.ended >= cutoff);
    const observed = new Set(keptObservations.map((o) => o.returnee));
    const keptReturnees = s.returnees.filter((x) => observed.has(x.id) || x.registered >= cutoff);

    expect(ids(db, 'SELECT id FROM entry_log')).toEqual(sorted(keptEntries.map((e) => e.id)));
    expect(ids(db, 'SELECT id FROM alert')).toEqual(
      sorted(keptEntries.filter((e) => e.alert).map((e) => `a-${e.id.slice(2)}`)),
    );
    expect(ids(db, 'SELECT id FROM alert_ack')).toEqual(
      sorted(keptEntries.filter((e) => e.acked).map((e) => `k-${e.id.slice(2)}`)),
    );
    expect(ids(db, 'SELECT id FROM entry_correction')).toEqual(
      sorted(keptEntries.filter((e) => e.corrected).map((e) => `c-${e.id.slice(2)}`)),
    );
    expect(ids(db, 'SELECT id FROM vehicle_event')).toEqual(
      sorted(keptEntries.filter((e) => e.vehicle).map((e) => `ve-${e.id.slice(2)}`)),
    );
    expect(ids(db, 'SELECT entry_id AS id FROM vehicle_occupant')).toEqual(
      sorted(keptEntries.filter((e) => e.vehicle).map((e) => e.id)),
    );
    expect(ids(db, 'SELECT id FROM visitor')).toEqual(sorted(keptVisitors.map((v) => v.id)));
    expect(ids(db, 'SELECT visitor_id AS id FROM visitor_departure')).toEqual(
      sorted(keptVisitors.filter((v) => Number(v.id.slice(2)) % 6 !== 0).map((v) => v.id)),
    );
    expect(ids(db, 'SELECT id FROM parcel')).toEqual(sorted(keptParcels.map((p) => p.id)));
    expect(ids(db, 'SELECT parcel_id AS id FROM parcel_handover')).toEqual(
      sorted(keptParcels.filter((p) => p.collected !== null).map((p) => p.id)),
    );
    expect(ids(db, 'SELECT id FROM observation')).toEqual(sorted(keptObservations.map((o) => o.id)));
    expect(ids(db, 'SELECT observation_id AS id FROM observation_end')).toEqual(
      sorted(keptObservations.filter((o) => ['o-20', 'o-30'].includes(o.id)).map((o) => o.id)),
    );
    expect(ids(db, 'SELECT id FROM returnee')).toEqual(sorted(keptReturnees.map((x) => x.id)));

    // The cases the rules are for, spelled out.
    const has = (table: string, id: string): boolean =>
      db.prepare(`SELECT 1 FROM "${table}" WHERE id = ?`).get(id) !== undefined;
    expect(has('observation', 'o-5') && has('returnee', 'r-5')).toBe(true); // still under observation
    expect(has('observation', 'o-42') && has('returnee', 'r-42')).toBe(true); // registered 42 days ago, ended 28 days ago
    expect(has('observation', 'o-43') || has('returnee', 'r-43')).toBe(false); // ended 29 days ago
    expect(has('observation', 'o-40') || has('returnee', 'r-40')).toBe(false); // ended early, 37 days ago
    expect(has('observation', 'o-30')).toBe(true); // ended early 27 days ago
    expect(has('returnee', 'r-45')).toBe(false); // no observation, registered 45 days ago
    expect(has('parcel', 'p-56') && has('parcel', 'p-35')).toBe(true); // never collected
    expect(has('parcel', 'p-29')).toBe(true); // collected 28 days ago
    expect(has('parcel', 'p-30')).toBe(false);

    expect(report.counts).toEqual({
      entryLog: goneEntries.length,
      alerts: goneEntries.filter((e) => e.alert).length,
      corrections: goneEntries.filter((e) => e.corrected).length,
      vehicles: goneEntries.filter((e) => e.vehicle).length,
      presence: 0,
      visitors: s.visitors.length - keptVisitors.length,
      returnees: s.returnees.length - keptReturnees.length,
      observations: s.observations.length - keptObservations.length,
      parcels: s.parcels.length - keptParcels.length,
      audit: 0,
      purgeReports: 0,
    });
    expect(report.counts).toMatchObject({
      entryLog: 32,
      visitors: 32,
      parcels: 27,
      observations: 18,
      returnees: 19,
    });
    expect(report.cutoffs.returnees).toBe(new Date(cutoff).toISOString());

    expect(gate.staff.audit.verify()).toMatchObject({ ok: true });
    const last = db.prepare('SELECT kind, details_json FROM audit_log ORDER BY seq DESC LIMIT 1').get() as {
      kind: string;
      details_json: string;
    };
    expect(last.kind).toBe('privacy.purge');
    expect(JSON.parse(last.details_json)).toMatchObject({ cause: 'manual', counts: report.counts });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(db.prepare('SELECT count(*) AS n FROM purge_permit').get()).toEqual({ n: 0 });

    // A second run finds nothing more to do.
    const again = await gate.dispatch('privacy:purgeNow', {});
    expect(again.ok && Object.values((again.value as PurgeReportView).counts).every((n) => n === 0)).toBe(
      true,
    );
  });

  it('outside a purge the records still refuse DELETE, and no permit reaches a running observation or a parcel on the shelf', async () => {
    gate = await makeGate();
    const db = gate.db;
    const now = gate.clock.now().getTime();
    seed(db, now);
    for (const [table, id] of [
      ['visitor', 'v-60'],
      ['parcel', 'p-60'],
      ['parcel_handover', 'ph-60'],
      ['observation', 'o-60'],
      ['returnee', 'r-45'],
      ['entry_correction', 'c-60'],
    ]) {
      expect(() => db.prepare(`DELETE FROM "${table}" WHERE id = ?`).run(id), table).toThrowError(
        /append-only/,
      );
    }
    // A faulty purge with a far-future cut-off: what the trigger itself still refuses.
    const future = new Date(now + 365 * DAY).toISOString();
    for (const t of ['parcel', 'observation', 'returnee', 'entry_log']) {
      db.prepare('INSERT INTO purge_permit (record_type, before_time, max_seq) VALUES (?, ?, ?)').run(
        t,
        future,
        Number.MAX_SAFE_INTEGER,
      );
    }
    try {
      expect(() => db.prepare("DELETE FROM parcel WHERE id = 'p-56'").run()).toThrowError(/append-only/); // never collected
      expect(() => db.prepare("DELETE FROM returnee WHERE id = 'r-5'").run()).toThrowError(/append-only/); // its observation is still there
      expect(() => db.prepare("DELETE FROM entry_correction WHERE id = 'c-4'").run()).toThrowError(
        /append-only/,
      ); // its entry is still there
      expect(() => db.prepare("DELETE FROM observation_end WHERE id = 'oe-60'").run()).not.toThrow(); // with its observation under permit
    } finally {
      db.prepare('DELETE FROM purge_permit').run();
    }
    expect(() => db.prepare("DELETE FROM observation_end WHERE id = 'oe-50'").run()).toThrowError(
      /append-only/,
    );
  });
});

describe('purge reports', () => {
  it('a report stored before these record types existed reads with them as 0, through the contract', async () => {
    gate = await makeGate();
    gate.db
      .prepare(
        "INSERT INTO purge_report (id, ran_at, cause, counts_json, cutoffs_json, kept_unsynced) VALUES ('old', ?, 'daily', ?, '{}', 0)",
      )
      .run(
        gate.clock.now().toISOString(),
        JSON.stringify({ entryLog: 5, alerts: 1, presence: 0, visitors: 2, audit: 0, purgeReports: 0 }),
      );
    const r = await gate.dispatch('privacy:purgeReports', { limit: 1 });
    expect(r).toMatchObject({
      ok: true,
      value: [
        {
          id: 'old',
          counts: { entryLog: 5, visitors: 2, returnees: 0, observations: 0, parcels: 0, vehicles: 0 },
        },
      ],
    });
  });
});

describe('retention purge and the hub', () => {
  it('keeps whatever the hub has not acknowledged, for every source it pushes, and the entry its alert points at', () => {
    const tmp = tempDir();
    const db = openDatabase(join(tmp.dir, 'g.sqlite'));
    try {
      const clock = fixedClock('2026-03-01T04:00:00.000Z');
      const now = clock.now().getTime();
      seed(db, now);
      // Every sync source the outbox has is one whose mark the purge honours.
      expect(
        eventSources(db, 'g')
          .map((x) => x.name)
          .filter((n) => !PURGE_SOURCES.includes(n)),
      ).toEqual([]);
      const seq = (id: string): number =>
        (db.prepare('SELECT seq FROM entry_log WHERE id = ?').get(id) as { seq: number }).seq;
      const alertRow = (id: string): number =>
        (db.prepare('SELECT rowid AS r FROM alert WHERE id = ?').get(id) as { r: number }).r;
      const ackSeq = (id: string): number =>
        (db.prepare('SELECT seq FROM alert_ack WHERE id = ?').get(id) as { seq: number }).seq;
      // Entries acknowledged up to day 31; alerts up to day 45's; acknowledgements up to day 60's only.
      db.prepare("UPDATE sync_state SET hub_url = 'http://hub', enrolled_at = ?, acked_seq = ?").run(
        clock.now().toISOString(),
        seq('e-31'),
      );
      db.prepare(
        "INSERT INTO meta (key, value) VALUES ('sync.acked.alert', ?), ('sync.acked.alert_ack', ?)",
      ).run(String(alertRow('a-45')), String(ackSeq('k-60')));
      const report = new RetentionPurge({
        db,
        clock,
        newId: uuidv7Generator(clock),
        retention: () => DEFAULT_RETENTION,
        audit: null,
        staffOnDuty: () => [],
      }).purge('daily');
      const left = ids(
        db,
        "SELECT id FROM entry_log WHERE id IN ('e-60', 'e-50', 'e-45', 'e-40', 'e-35', 'e-32', 'e-31', 'e-30', 'e-29')",
      );
      // e-50's acknowledgement is unsent, e-40 and e-35's alerts are unsent, e-30 and e-29 are unsent themselves.
      expect(left).toEqual(sorted(['e-50', 'e-40', 'e-35', 'e-30', 'e-29']));
      expect(ids(db, "SELECT id FROM alert WHERE id IN ('a-60', 'a-50', 'a-45', 'a-40')")).toEqual([
        'a-40',
        'a-50',
      ]);
      expect(ids(db, "SELECT id FROM alert_ack WHERE id IN ('k-60', 'k-50', 'k-40')")).toEqual([
        'k-40',
        'k-50',
      ]);
      expect(report.keptUnsynced).toBe(5);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
      tmp.cleanup();
    }
  });

  it('keeps an expired record whose follow-up the hub lacks, even when the hub has the record itself', () => {
    const tmp = tempDir();
    const db = openDatabase(join(tmp.dir, 'g.sqlite'));
    try {
      const clock = fixedClock('2026-03-01T04:00:00.000Z');
      seed(db, clock.now().getTime());
      const maxSeq = (table: string): number =>
        (db.prepare(`SELECT coalesce(max(seq), 0) AS n FROM ${table}`).get() as { n: number }).n;
      const departed = (): string[] => ids(db, 'SELECT visitor_id AS id FROM visitor_departure');
      db.prepare("UPDATE sync_state SET hub_url = 'http://hub', enrolled_at = ?, acked_seq = ?").run(
        clock.now().toISOString(),
        maxSeq('entry_log'),
      );
      // The hub has every visitor but none of their departures.
      db.prepare(
        "INSERT INTO meta (key, value) VALUES ('sync.acked.visitor', ?), ('sync.acked.visitor_departure', '0')",
      ).run(String(maxSeq('visitor')));
      const before = departed();
      const allVisitors = ids(db, 'SELECT id FROM visitor');
      const report = new RetentionPurge({
        db,
        clock,
        newId: uuidv7Generator(clock),
        retention: () => DEFAULT_RETENTION,
        audit: null,
        staffOnDuty: () => [],
      }).purge('daily');
      // Visitors who left keep their record and departure; only those who never checked out may go.
      expect(departed()).toEqual(before);
      const gone = allVisitors.filter((v) => !ids(db, 'SELECT id FROM visitor').includes(v));
      expect(gone.length).toBe(report.counts.visitors);
      expect(gone.every((v) => !before.includes(v))).toBe(true);
      expect(report.counts.visitors).toBeGreaterThan(0);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
      tmp.cleanup();
    }
  });
});
