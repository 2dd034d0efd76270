/**
 * Issue 4's records leave the gate through the outbox (src/main/sync/flowSources.ts): a visitor and
 * their departure, a parcel and its handover, a returnee, their home observation and its approved
 * early end, each written through the contract as at the kiosk, arrive at the hub once — with
 * phones and ID numbers masked even where the gate keeps them in full — and a gate killed before
 * the acknowledgement pushes them again without doubling anything.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOWS } from '../../../src/main/flows/flowsConfig';
import { enrolGate } from '../../../src/main/sync/enrol';
import { SyncService } from '../../../src/main/sync/syncService';
import type { ParcelView, ReturneeOutcome, VisitorOutcome } from '../../../src/shared/flows';
import type { AdminGate } from '../../../src/shared/sync';
import { approval } from '../../helpers/approval';
import { makeGate, type TestGate } from '../../helpers/gate';
import { BACKENDS, expectOk, PG_OK, setupCompound, startHub, type TestHub } from '../../hub/helpers';
import { caller, idNo, returneeForm } from '../flows/helpers';

const backend = BACKENDS.find((b) => b.name === (PG_OK ? 'postgres' : 'pglite'))!;
const VISITOR_ID = idNo();
const RETURNEE_ID = idNo('31010119800101123');

describe(`issue 4 records pushed to the hub (${backend.name})`, () => {
  let h: TestHub;
  let gate: TestGate;
  beforeAll(async () => {
    h = await startHub(backend);
  }, 60_000);
  afterAll(async () => h?.close());
  afterEach(async () => gate?.cleanup());
  const { ok, householdOf, residentOf } = caller(() => gate);

  async function enrolled(storeFullIdNumbers: boolean) {
    const c = await setupCompound(h, []);
    const created = expectOk(await h.admin('POST', `${c.base}/gates`, { id: 'gate-a', name: 'gate-a' }));
    gate = await makeGate({
      config: {
        compound: { id: c.compound, name: '示范小区' },
        gate: { id: 'gate-a', name: 'gate-a' },
        devices: [],
        flows: { ...DEFAULT_FLOWS, storeFullIdNumbers },
      },
    });
    await gate.gateSync.stop(); // the test drives its own loop below
    await enrolGate({
      db: gate.db,
      compoundId: c.compound,
      gateId: 'gate-a',
      qr: created.json.enrolment.qr as string,
      clock: gate.clock,
    });
    const sync = new SyncService({
      db: gate.db,
      compoundId: c.compound,
      gateId: 'gate-a',
      clock: gate.clock,
      timeoutMs: 5_000,
    });
    return { c, sync };
  }

  /** One of each record, through the contract. */
  async function recordEverything(): Promise<void> {
    const v = await ok<VisitorOutcome>('visitor:register', {
      name: '张大爷',
      phone: '13812345678',
      idNumber: VISITOR_ID,
      householdId: householdOf('HM90001'),
      relation: 'parent',
      confirmation: { numberCalled: '13900000001', answeredBy: '张伟', outcome: 'confirmed' },
      readings: [{ celsius: 36.5, source: 'simulated' }],
    });
    gate.clock.advance(30 * 60_000);
    await ok('visitor:checkout', { passNumber: v.visitor!.passNumber });
    const p = await ok<ParcelView>('parcel:dropoff', {
      carrier: '顺丰',
      trackingTail: '4321',
      householdId: householdOf('HM90002'),
      shelfSlot: 'B2',
    });
    await ok('parcel:collect', { code: 'HM90002', parcelIds: [p.id] });
    const r = await ok<ReturneeOutcome>(
      'returnee:register',
      returneeForm({ residentId: residentOf('HM90001'), householdId: householdOf('HM90001'), idNumber: RETURNEE_ID }),
    );
    gate.clock.advance(3600_000); // an observation cannot end at the moment it starts
    await ok('observation:endEarly', {
      observationId: r.observation!.id,
      reason: '核酸阴性',
      approval: approval('demo-guard', 'demo-manager'),
    });
  }

  const atHub = async (compound: string) =>
    (
      await h.db.query<{ kind: string; payload: Record<string, unknown>; event_id: string }>(
        'SELECT kind, payload, event_id::text AS event_id FROM event WHERE compound_id = $1 ORDER BY kind',
        [compound],
      )
    ).rows;

  it.each([false, true])(
    'every record and follow-up once at the hub, numbers masked (gate keeps full ID numbers: %s)',
    async (full) => {
      const { c, sync } = await enrolled(full);
      await recordEverything();
      const s = await sync.syncOnce();
      expect(s).toMatchObject({ lastError: null, backlog: 0, quarantined: 0 });
      const rows = await atHub(c.compound);
      const kinds = rows.map((r) => r.kind);
      for (const k of [
        'visitor',
        'visitor_departure',
        'parcel',
        'parcel_handover',
        'returnee',
        'observation',
        'observation_end',
      ]) {
        expect(
          kinds.filter((x) => x === k),
          k,
        ).toHaveLength(1);
      }
      // Each is the gate's row, by id.
      for (const [kind, table] of [
        ['visitor', 'visitor'],
        ['visitor_departure', 'visitor_departure'],
        ['parcel', 'parcel'],
        ['parcel_handover', 'parcel_handover'],
        ['returnee', 'returnee'],
        ['observation', 'observation'],
        ['observation_end', 'observation_end'],
      ] as const) {
        const local = (gate.db.prepare(`SELECT id FROM ${table}`).all() as Array<{ id: string }>).map(
          (x) => x.id,
        );
        expect(
          rows.filter((r) => r.kind === kind).map((r) => r.event_id),
          kind,
        ).toEqual(local);
      }
      // The gate may keep the full ID number (policy) and always keeps the phone; the hub never sees either.
      const storedId = (gate.db.prepare('SELECT id_number FROM visitor').get() as { id_number: string })
        .id_number;
      expect(storedId === VISITOR_ID).toBe(full);
      const everything = JSON.stringify(rows);
      for (const secret of [VISITOR_ID, RETURNEE_ID, '13812345678', '13900000001', '张大爷'])
        expect(everything).not.toContain(secret);
      const visitor = rows.find((r) => r.kind === 'visitor')!.payload;
      expect(visitor).toMatchObject({
        nameMasked: '张*爷',
        phoneMasked: '*******5678',
        idNumberMasked: `${VISITOR_ID.slice(0, 4)}**********${VISITOR_ID.slice(-4)}`,
        confirmNumberMasked: '*******0001',
        confirmOutcome: 'confirmed',
        decision: 'admit',
      });
      expect(rows.find((r) => r.kind === 'returnee')!.payload).toMatchObject({
        phoneMasked: '*******0001',
        idNumberMasked: `${RETURNEE_ID.slice(0, 4)}**********${RETURNEE_ID.slice(-4)}`,
        keyRegion: true,
        transport: 'train',
      });
      expect(rows.find((r) => r.kind === 'observation_end')!.payload).toMatchObject({
        reason: '核酸阴性',
        approvedBy: 'demo-manager',
      });
      expect(rows.find((r) => r.kind === 'parcel_handover')!.payload).toMatchObject({ handover: 'pickup' });
      const g = (
        expectOk(await h.admin('GET', `/v1/admin/gates?compound=${c.compound}`)).json.gates as AdminGate[]
      )[0]!;
      expect(g.eventCounts).toMatchObject({
        visitor: 1,
        visitor_departure: 1,
        parcel: 1,
        parcel_handover: 1,
        returnee: 1,
        observation: 1,
        observation_end: 1,
      });
    },
  );

  it('marks lost before the acknowledgement (a gate killed mid-push): everything is pushed again and nothing doubles', async () => {
    const { c, sync } = await enrolled(false);
    await recordEverything();
    expect(await sync.syncOnce()).toMatchObject({ lastError: null, backlog: 0 });
    const before = await atHub(c.compound);
    gate.db.prepare("DELETE FROM meta WHERE key LIKE 'sync.acked.%'").run();
    const again = new SyncService({
      db: gate.db,
      compoundId: c.compound,
      gateId: 'gate-a',
      clock: gate.clock,
      timeoutMs: 5_000,
    });
    expect(again.status().backlog).toBeGreaterThanOrEqual(7);
    expect(await again.syncOnce()).toMatchObject({ lastError: null, backlog: 0, quarantined: 0 });
    expect((await atHub(c.compound)).map((r) => r.event_id).sort()).toEqual(
      before.map((r) => r.event_id).sort(),
    );
  });
});
