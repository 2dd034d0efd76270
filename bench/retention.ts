/**
 * The retention purge's cost on a busy gate: 60 days of checks (BENCH_PURGE_PER_DAY a day, 1 in 20
 * raising an alert, 1 in 10 in a vehicle), purged to the default 28 days in one transaction — the
 * first purge after an upgrade, the worst case. Migration 0009's foreign-key indexes are what keep
 * this in seconds (without them: 111 s at 2000 a day). Run: node --import tsx bench/retention.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RETENTION } from '../src/main/config/config';
import { fixedClock } from '../src/main/core/clock';
import { uuidv7Generator } from '../src/main/core/ids';
import { RetentionPurge } from '../src/main/privacy/retention';
import { openDatabase } from '../src/main/store/db';
import { EntryLogStore } from '../src/main/store/entryLog';

const PER_DAY = Number(process.env.BENCH_PURGE_PER_DAY ?? 2000);
const DAY = 86_400_000;

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-purge-'));
const db = openDatabase(join(dir, 'g.sqlite'));
const clock = fixedClock('2026-03-01T04:00:00.000Z');
const now = clock.now().getTime();
const log = new EntryLogStore(db);
const vehicle = db.prepare(
  "INSERT INTO vehicle_event (id, compound_id, gate_id, plate, direction, kind, decision, occurred_at) VALUES (?, 'c', 'g', '沪A00000', 'in', 'resident', 'admit', ?)",
);
const occupant = db.prepare('INSERT INTO vehicle_occupant (vehicle_event_id, entry_id) VALUES (?, ?)');
db.transaction(() => {
  let n = 0;
  for (let d = 60; d >= 1; d--) {
    for (let k = 0; k < PER_DAY; k++) {
      const at = new Date(now - d * DAY + k * 1000).toISOString();
      const id = `e${n}`;
      const alert = n % 20 === 0;
      log.append(
        {
          id, compoundId: 'c', gateId: 'g', direction: 'in', credential: 'HM00001', credentialSource: 'wedge', passId: null, residentId: null,
          householdId: null, building: null, unit: null, room: null, residentNameMasked: null, statusCode: null, tempObjectC: 36.5,
          tempBodyC: 36.5, tempDevice: 'sim', tempSource: 'simulated', readingsJson: '[]', decision: 'admit', reasons: [], alert,
          staff: [], startedAt: at, occurredAt: at, recordedAt: at,
        },
        alert ? { id: `a${n}`, kind: 'fever', entryId: id, raisedAt: at } : null,
      );
      if (n % 10 === 0) {
        vehicle.run(`v${n}`, at);
        occupant.run(`v${n}`, id);
      }
      n++;
    }
  }
})();
const purge = new RetentionPurge({ db, clock, newId: uuidv7Generator(clock), retention: () => DEFAULT_RETENTION, audit: null, staffOnDuty: () => [] });
const t0 = performance.now();
const report = purge.purge('manual');
const first = performance.now() - t0;
clock.advance(DAY);
const t1 = performance.now();
purge.purge('daily');
const daily = performance.now() - t1;
console.log(`retention purge, ${PER_DAY} checks a day over 60 days: first purge ${first.toFixed(0)} ms (${JSON.stringify(report.counts)}), next day's ${daily.toFixed(0)} ms`);
db.close();
rmSync(dir, { recursive: true, force: true });
