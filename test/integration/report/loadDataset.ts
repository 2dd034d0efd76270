/**
 * Loads dataset.ts into a gate database through the real stores: the roster with RosterStore, the
 * entries with EntryLogStore.append (one transaction, in time order, as the gate writes them) and
 * the alert acknowledgements with EntryLogStore.acknowledge.
 */
import { fixedClock } from '../../../src/main/core/clock';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { maskName } from '../../../src/main/roster/idNumber';
import type { Db } from '../../../src/main/store/db';
import { EntryLogStore, type EntryRecord } from '../../../src/main/store/entryLog';
import { RosterStore } from '../../../src/main/store/roster';
import { COMPOUND, DAY, NORTH, PLAN, REPORT_ROSTER, shanghai, SOUTH } from './dataset';

/** Writes the roster and the plan into the gate's database; returns the entry id of each plan row. */
export function loadDataset(db: Db): string[] {
  const clock = fixedClock(shanghai(`${DAY} 00:00:00`));
  const newId = uuidv7Generator(clock);
  const roster = new RosterStore(db);
  roster.ensureCompound({
    compoundId: COMPOUND,
    compoundName: '示范小区',
    gateId: NORTH,
    gateName: '北门',
    now: clock.now().toISOString(),
  });
  db.transaction(() => roster.replaceRoster(COMPOUND, REPORT_ROSTER, clock.now().toISOString(), newId))();
  const log = new EntryLogStore(db);
  const ids: string[] = [];
  db.transaction(() => {
    for (const e of PLAN) {
      const at = shanghai(e.at);
      clock.set(at);
      const id = newId();
      ids.push(id);
      const found = roster.findPass(e.pass);
      const r = found?.resident ?? null;
      const entry: EntryRecord = {
        id,
        compoundId: COMPOUND,
        gateId: e.gate,
        direction: e.direction,
        credential: e.pass,
        credentialSource: 'wedge',
        passId: found?.pass.passId ?? null,
        residentId: r?.residentId ?? null,
        householdId: r?.householdId ?? null,
        building: r?.building ?? null,
        unit: r?.unit ?? null,
        room: r?.room ?? null,
        residentNameMasked: r ? maskName(r.name) : null,
        statusCode: r?.statusCode ?? null,
        tempObjectC: e.temp,
        tempBodyC: e.temp,
        tempDevice: e.temp === null ? null : 'sim-1',
        tempSource: e.temp === null ? null : (e.source ?? 'simulated'),
        readingsJson: '[]',
        decision: e.decision,
        reasons: e.reasons,
        alert: !!e.alert,
        staff: e.staff,
        startedAt: at,
        occurredAt: at,
        recordedAt: at,
      };
      log.append(entry, e.alert ? { id: newId(), kind: e.alert, entryId: id, raisedAt: at } : null);
    }
  })();
  const alerts = db.prepare<[string], { id: string }>('SELECT id FROM alert WHERE entry_id = ?');
  PLAN.forEach((e, i) => {
    const alert = e.ackAt ? alerts.get(ids[i]!) : undefined;
    if (alert && e.ackAt) log.acknowledge(alert.id, shanghai(e.ackAt));
  });
  return ids;
}

/** `n` routine admits spread over DAY at the south gate, for the streaming export tests. */
export function loadBulk(db: Db, n: number): void {
  const newId = uuidv7Generator(fixedClock(shanghai(`${DAY} 00:00:00`)));
  const log = new EntryLogStore(db);
  const start = Date.parse(shanghai(`${DAY} 00:00:00`));
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = new Date(start + Math.floor((i * 86_400_000) / n)).toISOString();
      log.append(
        {
          id: newId(),
          compoundId: COMPOUND,
          gateId: SOUTH,
          direction: i % 2 ? 'out' : 'in',
          credential: `BULK${i}`,
          credentialSource: 'wedge',
          passId: null,
          residentId: null,
          householdId: null,
          building: String(1 + (i % 8)),
          unit: '1',
          room: String(101 + (i % 20)),
          residentNameMasked: '张*',
          statusCode: null,
          tempObjectC: 36.5,
          tempBodyC: 36.5,
          tempDevice: 'sim-1',
          tempSource: 'simulated',
          readingsJson: '[]',
          decision: 'admit',
          reasons: [],
          alert: false,
          staff: [],
          startedAt: at,
          occurredAt: at,
          recordedAt: at,
        },
        null,
      );
    }
  })();
}
