/**
 * Clock faults (issue 8 item 6): a gate on the trusted clock, built on a fake wall clock and a fake
 * monotonic clock, has its wall clock jump −1 h, +1 h, −1 day and +1 day mid-shift. Checks before and
 * after go through the dispatcher. Proven for each jump: no acknowledged check is lost; entry ids and
 * seq grow in acknowledgement order, and the log list and the outbox give that order; entry times
 * follow the trusted time; an expired temporary pass stays expired and a valid one stays valid; a
 * returnee's home observation does not end early; the jump is flagged exactly once (one clock_jump
 * row, one audit record, one `clock:status` event). Then: a restart after a backward jump starts
 * from the high-water mark and is flagged; a restart after a forward jump keeps correcting; a
 * manager (only a manager) accepts the system clock; the hub's time corrects a clock wrong from boot.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClockStatus } from '../../../src/shared/clock';
import type { CheckView, LogRow } from '../../../src/shared/contract';
import type { ObservationView, ReturneeOutcome } from '../../../src/shared/flows';
import type { TempPassView, StatusMap } from '../../../src/shared/passes';
import { DEFAULT_CONFIG, type GateConfig } from '../../../src/main/config/config';
import { fixedClock } from '../../../src/main/core/clock';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { startGate, type GateRuntime } from '../../../src/main/runtime/startGate';
import { seedDemoStaff } from '../../../src/main/staff/demoStaff';
import { RosterStore } from '../../../src/main/store/roster';
import { ROOT, SMALL_ROSTER } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';
import { returneeForm } from '../flows/helpers';
import { BACKENDS, count, expectOk, PG_OK, setupCompound, startHub, type TestHub } from '../../hub/helpers';
import type { SyncStatusView } from '../../../src/shared/sync';
import { reportCount } from '../../helpers/counts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** 22:30 in Shanghai: a returnee who arrived on 11-16 is under observation until midnight, 90 minutes on. */
const START = '2026-11-29T14:30:00.000Z';
const OBSERVATION_ENDS = Date.parse('2026-11-29T16:00:00.000Z');

const counts = { jumpsInjected: 0, flagged: 0, checks: 0, lost: 0, misordered: 0, restarts: 0 };
afterAll(() => {
  reportCount(
    `clock faults: jumps injected ${counts.jumpsInjected}, flagged ${counts.flagged}, checks acknowledged ${counts.checks}, ` +
      `lost ${counts.lost}, misordered ${counts.misordered}, restarts ${counts.restarts}`,
  );
});

type Rig = {
  gate: GateRuntime;
  wall: ReturnType<typeof fixedClock>;
  /** Real time passing: wall and monotonic clocks move together. */
  pass(ms: number): void;
  /** Monotonic elapsed since the rig's first start: what the trusted time should have advanced. */
  elapsed(): number;
  dataDir: string;
  pushed: { event: string; payload: unknown }[];
  /** Close, let 20 s pass (and `whileDown` happen), start again on a new monotonic origin. */
  restart(whileDown?: () => void): Promise<void>;
  cleanup(): Promise<void>;
};

const open: Rig[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.cleanup();
});

async function rig(over: Partial<GateConfig> = {}, start = START): Promise<Rig> {
  const tmp = tempDir('f-clock-');
  const dataDir = join(tmp.dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const config: GateConfig = { ...DEFAULT_CONFIG, ...over, demo: { seedRoster: false } };
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
  const wall = fixedClock(start);
  let mono = 5_000; // a fresh process: its monotonic origin is arbitrary
  let elapsed = 0;
  const pushed: { event: string; payload: unknown }[] = [];
  const boot = async (): Promise<GateRuntime> => {
    const gate = await startGate({ dataDir, resourcesDir: join(ROOT, 'resources'), wallClock: wall, monotonic: () => mono, log: () => {} });
    gate.events.subscribe((event, payload) => pushed.push({ event, payload }));
    return gate;
  };
  let gate = await boot();
  const trusted = gate.clockService!.clock;
  await seedDemoStaff(gate.db, trusted, gate.staff.audit);
  const store = new RosterStore(gate.db);
  gate.db.transaction(() => store.replaceRoster(config.compound.id, SMALL_ROSTER, trusted.now().toISOString(), uuidv7Generator(trusted)))();
  const signIn = (g: GateRuntime) => g.staff.signIn(g.staff.staff.get('demo-guard')!, 'pin');
  signIn(gate);
  const r: Rig = {
    gate,
    wall,
    dataDir,
    pushed,
    pass: (ms) => {
      mono += ms;
      elapsed += ms;
      wall.advance(ms);
    },
    elapsed: () => elapsed,
    restart: async (whileDown) => {
      await gate.close();
      r.pass(20_000);
      whileDown?.();
      mono = 1_000 + Math.floor(Math.random() * 1e6); // a new process, a new monotonic origin
      gate = await boot();
      signIn(gate);
      r.gate = gate;
      counts.restarts += 1;
    },
    cleanup: async () => {
      await r.gate.close();
      tmp.cleanup();
    },
  };
  open.push(r);
  return r;
}

async function call<T>(r: Rig, method: string, input: unknown): Promise<T> {
  const res = await r.gate.dispatch(method, input);
  if (!res.ok) throw new Error(`${method} → ${res.error.code}: ${res.error.message}`);
  return res.value as T;
}

/** A complete check (reading, then the pass); returns the acknowledged view. */
async function check(r: Rig, code: string, direction: 'in' | 'out'): Promise<CheckView> {
  await call(r, 'device:simulateReading', { celsius: 36.5 });
  const v = await call<CheckView>(r, 'check:scan', { code, source: 'wedge', direction });
  if (v.entryId) counts.checks += 1;
  return v;
}

async function household(r: Rig, room: string): Promise<string> {
  const map = await call<StatusMap>(r, 'statusMap:get', {});
  return map.buildings.flatMap((b) => b.households).find((h) => h.room === room)!.id;
}

function residentOf(r: Rig, pass: string): { residentId: string; householdId: string } {
  return r.gate.db
    .prepare('SELECT p.resident_id AS residentId, r.household_id AS householdId FROM pass p JOIN resident r ON r.id = p.resident_id WHERE p.number = ?')
    .get(pass) as { residentId: string; householdId: string };
}

async function registerReturnee(r: Rig): Promise<ReturneeOutcome> {
  return call<ReturneeOutcome>(r, 'returnee:register', returneeForm({ ...residentOf(r, 'HM90001'), arrivedOn: '2026-11-16' }));
}

/** Everything the log, the outbox and the acknowledgements say about order and loss. */
function verifyOrder(r: Rig, acked: string[]): void {
  const rows = r.gate.db.prepare('SELECT id, seq, occurred_at FROM entry_log ORDER BY seq').all() as { id: string; seq: number; occurred_at: string }[];
  const present = new Set(rows.map((x) => x.id));
  const lost = acked.filter((id) => !present.has(id)).length;
  counts.lost += lost;
  expect(lost).toBe(0);
  const bySeq = rows.map((x) => x.id).filter((id) => acked.includes(id));
  const misordered = bySeq.filter((id, i) => id !== acked[i]).length;
  counts.misordered += misordered;
  expect(bySeq).toEqual(acked);
  // Ids (UUIDv7) and seq grow together, and entry times never go back.
  const ids = rows.map((x) => x.id);
  expect([...ids].sort()).toEqual(ids);
  rows.forEach((x, i) => {
    if (i === 0) return;
    expect(x.seq).toBeGreaterThan(rows[i - 1]!.seq);
    expect(Date.parse(x.occurred_at)).toBeGreaterThanOrEqual(Date.parse(rows[i - 1]!.occurred_at));
  });
  // The outbox hands the hub the same order.
  const entrySource = r.gate.gateSync.loop.outbox.sources.find((s) => s.name === 'entry')!;
  expect(entrySource.after(0, 1000).map((x) => x.id)).toEqual(ids);
}

const lastEntryId = (r: Rig): string => r.gate.db.prepare('SELECT id FROM entry_log ORDER BY seq DESC LIMIT 1').pluck().get() as string;
const clockStatusEvents = (r: Rig): ClockStatus[] => r.pushed.filter((p) => p.event === 'clock:status').map((p) => p.payload as ClockStatus);
const jumpRows = (r: Rig) => r.gate.db.prepare('SELECT kind, size_ms FROM clock_jump ORDER BY seq').all() as { kind: string; size_ms: number }[];
const auditKinds = (r: Rig) => (r.gate.db.prepare("SELECT kind FROM audit_log WHERE kind LIKE 'clock.%' ORDER BY seq").all() as { kind: string }[]).map((x) => x.kind);

describe('clock faults mid-shift', () => {
  it.each([
    ['-1 h', -HOUR],
    ['+1 h', HOUR],
    ['-1 day', -DAY],
    ['+1 day', DAY],
  ])('wall clock %s: nothing lost or reordered, time-based decisions on trusted time, flagged once', async (_name, jump) => {
    const r = await rig();
    const acked: string[] = [];
    const start = Date.parse(START);
    const expired = await call<TempPassView>(r, 'tempPass:issue', { householdId: await household(r, '402'), purpose: 'medical', validHours: 1 });
    const valid = await call<TempPassView>(r, 'tempPass:issue', { householdId: await household(r, '101'), purpose: 'work', validHours: 4 });
    const returnee = await registerReturnee(r);
    expect(returnee.observation).toMatchObject({ endsAt: new Date(OBSERVATION_ENDS).toISOString() });
    acked.push(lastEntryId(r)); // the arrival is a passage in, acknowledged by the answer

    for (let i = 0; i < 10; i++) {
      r.pass(20_000);
      const v = await check(r, 'HM90002', i % 2 ? 'out' : 'in');
      acked.push(v.entryId!);
    }
    r.pass(61 * MIN); // the first pass has expired
    expect((await check(r, expired.payload, 'in')).reasons).toEqual(['expired_pass']);
    expect(clockStatusEvents(r)).toEqual([]);
    acked.push(lastEntryId(r));

    // The jump, between two checks.
    r.wall.advance(jump);
    counts.jumpsInjected += 1;
    for (let i = 0; i < 10; i++) {
      r.pass(20_000);
      const v = await check(r, 'HM90002', i % 2 ? 'out' : 'in');
      acked.push(v.entryId!);
      // Each entry is stamped with the trusted time: start + real elapsed time, whatever the wall says.
      const at = (r.gate.db.prepare('SELECT occurred_at FROM entry_log WHERE id = ?').get(v.entryId) as { occurred_at: string }).occurred_at;
      expect(Date.parse(at)).toBe(start + r.elapsed());
    }
    // Expired stays expired when the wall goes back; valid stays valid when it goes forward.
    const late = await check(r, expired.payload, 'in');
    expect(late.reasons).toEqual(['expired_pass']);
    const ok = await check(r, valid.payload, 'in');
    expect(ok.stage).toBe('admit');
    // 23:37:40 by the trusted time: still under observation (by a wall clock an hour or a day fast, it would be over).
    const out = await check(r, 'HM90001', 'out');
    expect(out).toMatchObject({ stage: 'deny', reasons: ['home_observation'] });
    const obs = await call<ObservationView[]>(r, 'observation:list', {});
    expect(obs).toHaveLength(1);
    acked.push(late.entryId!, ok.entryId!, out.entryId!);

    // Flagged exactly once, three ways, with the jump's size.
    const status = await call<ClockStatus>(r, 'clock:status', {});
    expect(status).toMatchObject({ monitored: true, flagged: true, wallOffsetMs: jump, lastChange: { kind: 'wall_jump', sizeMs: jump } });
    expect(Date.parse(status.trustedTime)).toBe(start + r.elapsed());
    expect(jumpRows(r)).toEqual([{ kind: 'wall_jump', size_ms: jump }]);
    expect(auditKinds(r)).toEqual(['clock.wall_jump']);
    const events = clockStatusEvents(r);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ flagged: true, lastChange: { kind: 'wall_jump', sizeMs: jump } });
    counts.flagged += 1;

    // Observation ends at midnight by the trusted time, not before.
    r.pass(23 * MIN);
    const free = await check(r, 'HM90001', 'out');
    expect(free.stage).toBe('admit');
    acked.push(free.entryId!);

    const log = await call<{ rows: LogRow[] }>(r, 'log:list', { filter: {}, limit: 500, offset: 0 });
    expect(log.rows.map((x) => x.id).reverse()).toEqual(r.gate.db.prepare('SELECT id FROM entry_log ORDER BY seq').pluck().all());
    verifyOrder(r, acked);
    expect(jumpRows(r)).toHaveLength(1);
  });

  it('restart after the wall clock went back a day: starts from the high-water mark, flagged once, ids and times keep growing', async () => {
    const r = await rig();
    const acked: string[] = [];
    for (let i = 0; i < 5; i++) {
      r.pass(20_000);
      acked.push((await check(r, 'HM90002', i % 2 ? 'out' : 'in')).entryId!);
    }
    const before = r.gate.db.prepare('SELECT max(occurred_at) AS t FROM entry_log').pluck().get() as string;
    // The gate is switched off; the RTC comes back a day behind (a flat battery, a bad NTP answer).
    await r.restart(() => r.wall.advance(-DAY));
    counts.jumpsInjected += 1;
    const status = await call<ClockStatus>(r, 'clock:status', {});
    expect(status).toMatchObject({ flagged: true, source: 'high_water', lastChange: { kind: 'behind_mark' } });
    expect(Date.parse(status.trustedTime)).toBeGreaterThan(Date.parse(before));
    expect(jumpRows(r).map((x) => x.kind)).toEqual(['behind_mark']);
    expect(auditKinds(r)).toEqual(['clock.behind_mark']);
    counts.flagged += 1;
    for (let i = 0; i < 5; i++) {
      r.pass(20_000);
      acked.push((await check(r, 'HM90002', i % 2 ? 'out' : 'in')).entryId!);
    }
    verifyOrder(r, acked);
    // A second restart with the wall still behind: the flag stays, no second record.
    await r.restart();
    expect(await call<ClockStatus>(r, 'clock:status', {})).toMatchObject({ flagged: true });
    expect(jumpRows(r)).toHaveLength(1);
    r.pass(20_000);
    acked.push((await check(r, 'HM90002', 'in')).entryId!);
    verifyOrder(r, acked);
  });

  it('a start behind the mark when the clock record cannot be written (a full disk, reserve used): the gate starts, flags, records it later', async () => {
    const r = await rig();
    r.pass(20_000);
    await check(r, 'HM90002', 'in');
    // Only the clock's record meets the "full disk": a persistent trigger refuses its insert while j_refuse has a row.
    r.gate.db.exec(`
      CREATE TABLE j_refuse (x INTEGER);
      INSERT INTO j_refuse VALUES (1);
      CREATE TRIGGER j_clock_jump_full BEFORE INSERT ON clock_jump WHEN EXISTS (SELECT 1 FROM j_refuse)
        BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;
    `);
    await r.restart(() => r.wall.advance(-DAY));
    counts.jumpsInjected += 1;
    expect(await call<ClockStatus>(r, 'clock:status', {})).toMatchObject({ flagged: true, source: 'high_water', lastChange: null });
    expect(jumpRows(r)).toEqual([]);
    r.pass(20_000);
    expect((await check(r, 'HM90002', 'out')).entryId).toBeTruthy();
    r.gate.db.exec('DELETE FROM j_refuse');
    r.gate.clockService!.tick();
    expect(jumpRows(r).map((x) => x.kind)).toEqual(['behind_mark']);
    expect(auditKinds(r)).toEqual(['clock.behind_mark']);
    expect(await call<ClockStatus>(r, 'clock:status', {})).toMatchObject({ flagged: true, lastChange: { kind: 'behind_mark' } });
    counts.flagged += 1;
  });

  it('restart after a forward jump keeps correcting the wall clock: a valid pass is still valid', async () => {
    const r = await rig();
    const valid = await call<TempPassView>(r, 'tempPass:issue', { householdId: await household(r, '101'), purpose: 'work', validHours: 2 });
    r.wall.advance(DAY);
    counts.jumpsInjected += 1;
    r.pass(10_000);
    await call(r, 'clock:status', {});
    await r.restart();
    const status = await call<ClockStatus>(r, 'clock:status', {});
    expect(status).toMatchObject({ flagged: true, wallOffsetMs: DAY });
    expect(Date.parse(status.trustedTime)).toBe(Date.parse(START) + r.elapsed());
    expect((await check(r, valid.payload, 'in')).stage).toBe('admit');
    expect(jumpRows(r).map((x) => x.kind)).toEqual(['wall_jump']);
    counts.flagged += 1;
  });

  it('only a manager accepts the system clock; it is audited and lifts the flag', async () => {
    const r = await rig();
    r.wall.advance(-HOUR);
    counts.jumpsInjected += 1;
    r.pass(1_000);
    expect((await call<ClockStatus>(r, 'clock:status', {})).flagged).toBe(true);
    counts.flagged += 1;
    const refused = await r.gate.dispatch('clock:acceptSystem', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    r.gate.staff.signIn(r.gate.staff.staff.get('demo-manager')!, 'pin');
    const accepted = await call<ClockStatus>(r, 'clock:acceptSystem', {});
    expect(accepted).toMatchObject({ flagged: false, source: 'manager', lastChange: { kind: 'accepted', sizeMs: -HOUR } });
    expect(accepted.trustedTime).toBe(accepted.wallTime);
    expect(jumpRows(r).map((x) => x.kind)).toEqual(['wall_jump', 'accepted']);
    const audit = r.gate.db.prepare("SELECT actors_json FROM audit_log WHERE kind = 'clock.accepted'").pluck().all();
    expect(audit).toEqual([JSON.stringify(['demo-guard', 'demo-manager'])]);
    // Entries after it carry the accepted time; seq order still holds.
    r.pass(20_000);
    const v = await check(r, 'HM90002', 'in');
    expect(r.gate.db.prepare('SELECT occurred_at FROM entry_log WHERE id = ?').pluck().get(v.entryId)).toBe(new Date(r.wall.now()).toISOString());
    // And a restart does not flag the accepted (earlier) time against the old entries.
    await r.restart();
    expect(await call<ClockStatus>(r, 'clock:status', {})).toMatchObject({ flagged: false });
    expect(jumpRows(r)).toHaveLength(2);
  });

  it('the high-water mark costs no write per check: it is written every 5 minutes and at close', async () => {
    const r = await rig();
    const state = () => r.gate.db.prepare('SELECT high_water, updated_at FROM clock_state').get() as { high_water: string | null; updated_at: string | null };
    const first = state();
    for (let i = 0; i < 10; i++) {
      r.pass(20_000);
      await check(r, 'HM90002', i % 2 ? 'out' : 'in');
      r.gate.clockService!.tick();
    }
    expect(state()).toEqual(first);
    r.pass(2 * 60_000);
    r.gate.clockService!.tick();
    expect(state().high_water).toBe(new Date(Date.parse(START) + r.elapsed()).toISOString());
  });

  it('public read: clock:status answers before sign-in; clock:acceptSystem does not', async () => {
    const r = await rig();
    r.gate.staff.shifts.signOut('demo-guard', undefined);
    expect(r.gate.staff.shifts.ids()).toEqual([]);
    expect((await r.gate.dispatch('clock:status', {})).ok).toBe(true);
    expect(await r.gate.dispatch('clock:acceptSystem', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  it("the hub's time corrects a clock wrong from boot, once; a hub that agrees changes nothing", async () => {
    const r = await rig();
    const trusted = r.gate.clockService!.clock;
    // Booted a day fast with no mark to say so: nothing to flag yet.
    const t0 = trusted.read();
    r.gate.clockService!.hubSample({ serverTime: new Date(t0 - DAY + 200).toISOString(), askedAtMs: t0, answeredAtMs: t0 + 400 });
    await call(r, 'clock:status', {});
    expect(jumpRows(r)).toEqual([{ kind: 'hub_correction', size_ms: -DAY }]);
    expect(trusted.read()).toBe(t0 - DAY);
    const s = await call<ClockStatus>(r, 'clock:status', {});
    expect(s).toMatchObject({ source: 'hub', flagged: true, wallOffsetMs: DAY });
    // The hub again, agreeing now; a slow answer (beyond 10 s) is ignored.
    const t1 = trusted.read();
    r.gate.clockService!.hubSample({ serverTime: new Date(t1 + 100).toISOString(), askedAtMs: t1, answeredAtMs: t1 + 200 });
    r.gate.clockService!.hubSample({ serverTime: new Date(t1 + HOUR).toISOString(), askedAtMs: t1 - 20_000, answeredAtMs: t1 });
    await call(r, 'clock:status', {});
    expect(jumpRows(r)).toHaveLength(1);
    counts.jumpsInjected += 1;
    counts.flagged += 1;
  });
});

const backend = BACKENDS.find((b) => b.name === (PG_OK ? 'postgres' : 'pglite'))!;
describe(`a gate clock wrong from first boot, put right by the hub (${backend.name})`, () => {
  let h: TestHub;
  beforeAll(async () => {
    h = await startHub(backend, { start: START }); // the hub's clock is right (and stands still)
  }, 60_000);
  afterAll(async () => h?.close());

  it('the first sync round corrects the trusted time once; every event reaches the hub once, in seq order', async () => {
    const c = await setupCompound(h, []);
    expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: SMALL_ROSTER }));
    const created = expectOk(await h.admin('POST', `${c.base}/gates`, { id: 'gate-f', name: 'gate-f' }));
    // Booted a day slow, with an empty database: there is no mark, so nothing can be flagged yet.
    const r = await rig({ compound: { id: c.compound, name: '示范小区' }, gate: { id: 'gate-f', name: 'gate-f' }, devices: [] }, new Date(Date.parse(START) - DAY).toISOString());
    counts.jumpsInjected += 1;
    const acked: string[] = [];
    for (let i = 0; i < 3; i++) {
      r.pass(20_000);
      acked.push((await check(r, 'HM90002', i % 2 ? 'out' : 'in')).entryId!);
    }
    expect(jumpRows(r)).toEqual([]);
    await call(r, 'sync:enrol', { qr: created.json.enrolment.qr as string });
    await call<SyncStatusView>(r, 'sync:now', {});
    const status = await call<ClockStatus>(r, 'clock:status', {});
    expect(status).toMatchObject({ source: 'hub', flagged: true, lastChange: { kind: 'hub_correction' } });
    expect(Math.abs(Date.parse(status.trustedTime) - Date.parse(START))).toBeLessThan(MIN);
    expect(Math.abs(status.wallOffsetMs! + DAY)).toBeLessThanOrEqual(2 * MIN); // the wall clock is still a day slow
    counts.flagged += 1;
    for (let i = 0; i < 3; i++) {
      r.pass(20_000);
      const v = await check(r, 'HM90002', i % 2 ? 'out' : 'in');
      acked.push(v.entryId!);
      const at = r.gate.db.prepare('SELECT occurred_at FROM entry_log WHERE id = ?').pluck().get(v.entryId) as string;
      expect(Math.abs(Date.parse(at) - Date.parse(START))).toBeLessThan(3 * MIN);
    }
    const done = await call<SyncStatusView>(r, 'sync:now', {});
    expect(done).toMatchObject({ backlog: 0, quarantined: 0 });
    // More rounds, the hub still agreeing: no second record.
    await call(r, 'sync:now', {});
    expect(jumpRows(r)).toEqual([{ kind: 'hub_correction', size_ms: expect.any(Number) as number }]);
    expect(auditKinds(r)).toEqual(['clock.hub_correction']);
    verifyOrder(r, acked);
    const hub = await h.db.query<{ event_id: string; seq: number }>(
      "SELECT event_id::text AS event_id, seq::int AS seq FROM event WHERE compound_id = $1 AND gate_id = 'gate-f' AND kind = 'entry' ORDER BY seq",
      [c.compound],
    );
    expect(hub.rows.map((x) => x.event_id)).toEqual(acked);
    expect(hub.rows.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await count(h.db, "SELECT count(*) FROM event WHERE compound_id = $1 AND gate_id = 'gate-f' AND kind = 'entry'", [c.compound])).toBe(6);
  });
});
