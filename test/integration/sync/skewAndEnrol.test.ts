/**
 * Gate clocks off by ±1 hour and ±1 day (and one that jumps back a day mid-shift): every event
 * still reaches the hub once, in the gate's own seq order, nothing is refused or blocked, and the
 * hub flags the clock. Plus enrolment from the gate's side.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enrolGate, EnrolError } from '../../../src/main/sync/enrol';
import { HubRequestError } from '../../../src/main/sync/hubClient';
import { SyncStateStore } from '../../../src/main/sync/state';
import type { AdminGate } from '../../../src/shared/sync';
import { BACKENDS, expectOk, PG_OK, setupCompound, startHub, type TestHub } from '../../hub/helpers';
import { makeGate, SMALL_ROSTER, type TestGate } from '../../helpers/gate';
import { check, enrolledGate, type SyncedGate } from './helpers';

const backend = BACKENDS.find((b) => b.name === (PG_OK ? 'postgres' : 'pglite'))!;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe(`clock skew and enrolment (${backend.name})`, () => {
  let h: TestHub;
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    h = await startHub(backend);
  }, 60_000);
  afterAll(async () => h?.close());
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('±1 h and ±1 day: all events arrive once, in seq order, none blocked, every skewed gate flagged', async () => {
    const c = await setupCompound(h, []);
    expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: SMALL_ROSTER }));
    const offsets: Record<string, number> = { 'gate-plus-hour': HOUR, 'gate-minus-hour': -HOUR, 'gate-plus-day': DAY, 'gate-minus-day': -DAY, 'gate-jumps': 0 };
    const gates: SyncedGate[] = [];
    for (const [id, offset] of Object.entries(offsets)) {
      const g = await enrolledGate(h, c, id);
      cleanups.push(g.cleanup);
      g.clock.set(new Date(Date.now() + offset));
      gates.push(g);
    }
    for (const g of gates) await g.sync.syncOnce(); // take the roster
    for (let i = 0; i < 30; i++) {
      for (const g of gates) {
        g.clock.advance(20_000);
        if (g.gateId === 'gate-jumps' && i === 15) g.clock.advance(-DAY); // NTP "fixes" the clock backwards mid-shift
        await check(g, ['HM90001', 'HM90002', 'NOPE'][i % 3]!, i % 2 ? 'out' : 'in');
      }
      if (i % 10 === 9) for (const g of gates) await g.sync.syncOnce();
    }
    for (const g of gates) {
      const s = await g.sync.syncOnce();
      expect(s, g.gateId).toMatchObject({ backlog: 0, ackedSeq: 30, quarantined: 0, lastError: null });
      const local = g.db.prepare('SELECT id FROM entry_log ORDER BY seq').all() as Array<{ id: string }>;
      const hub = await h.db.query<{ event_id: string; seq: number }>(
        'SELECT event_id::text AS event_id, seq::int AS seq FROM event WHERE compound_id = $1 AND gate_id = $2 ORDER BY seq',
        [c.compound, g.gateId],
      );
      expect(hub.rows.map((r) => r.event_id), g.gateId).toEqual(local.map((r) => r.id));
      expect(hub.rows.map((r) => r.seq), g.gateId).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
    const list = expectOk(await h.admin('GET', `/v1/admin/gates?compound=${c.compound}`)).json.gates as AdminGate[];
    const byId = new Map(list.map((g) => [g.gateId, g]));
    for (const [id, offset] of Object.entries(offsets)) {
      const g = byId.get(id)!;
      const expected = id === 'gate-jumps' ? -DAY : offset;
      // The gate clock ran on by the test's advances; the flag and the sign are what matter.
      expect(g.skewed, id).toBe(true);
      expect(Math.sign(g.clockSkewMs!), id).toBe(Math.sign(expected));
      expect(Math.abs(g.clockSkewMs! - expected) < 2 * HOUR, id).toBe(true);
    }
    expect(gates.every((g) => g.sync.status().clockSkewMs !== null)).toBe(true);
  }, 120_000);

  it('enrolment from the gate: the QR code gives a token; a code for another gate is refused before it is used', async () => {
    const c = await setupCompound(h, []);
    const south = expectOk(await h.admin('POST', `${c.base}/gates`, { id: 'south', name: '南门' })).json.enrolment;
    const north = expectOk(await h.admin('POST', `${c.base}/gates`, { id: 'north', name: '北门' })).json.enrolment;
    const gate: TestGate = await makeGate({ config: { compound: { id: c.compound, name: 'x' }, gate: { id: 'south', name: '南门' } } });
    cleanups.push(gate.cleanup);
    await expect(enrolGate({ db: gate.db, compoundId: c.compound, gateId: 'south', qr: north.qr })).rejects.toMatchObject({ code: 'mismatch' });
    await expect(enrolGate({ db: gate.db, compoundId: c.compound, gateId: 'south', qr: 'https://example.com' })).rejects.toBeInstanceOf(EnrolError);
    const enrolled = await enrolGate({ db: gate.db, compoundId: c.compound, gateId: 'south', qr: north.qr.replace(/code=[^&]+/, `code=${south.code}`).replace('gate=north', 'gate=south') });
    expect(enrolled).toMatchObject({ hubUrl: h.url, compoundId: c.compound, gateId: 'south', gateName: '南门' });
    const st = new SyncStateStore(gate.db).get();
    expect(st).toMatchObject({ hubUrl: h.url, committeeId: c.committee, ackedSeq: 0 });
    expect(st.token).toMatch(/^gt_/);
    // The north code was not used up by the refused attempt.
    expect((await h.call('POST', '/v1/enrol', { body: { code: north.code } })).status).toBe(200);
    // A typed code that is wrong: the hub's answer comes back as a HubRequestError.
    await expect(enrolGate({ db: gate.db, compoundId: c.compound, gateId: 'south', hubUrl: h.url, code: 'ZZZZ-ZZZZ-ZZZZ' })).rejects.toBeInstanceOf(HubRequestError);
  });
});
