import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Alert, ObservationView, ParcelView, VisitorOutcome, VisitorView } from '../../../src/shared/flows';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { startGate, type GateRuntime } from '../../../src/main/runtime/startGate';
import { makeGate, ROOT, type TestGate } from '../../helpers/gate';
import { caller, idNo } from './helpers';

let gate: TestGate;
let reopened: GateRuntime | null = null;
afterEach(async () => {
  await reopened?.close();
  rmSync(dirname(gate.dataDir), { recursive: true, force: true });
});

it('what was confirmed survives a restart mid-way: the visitor inside, the parcel on the shelf, the observation, the open alert', async () => {
  gate = await makeGate();
  const { ok, householdOf, residentOf } = caller(() => gate);
  const visitor = await ok<VisitorOutcome>('visitor:register', {
    name: '张大爷',
    phone: '13812345678',
    idNumber: idNo(),
    householdId: householdOf('HM90001'),
    relation: 'parent',
    confirmation: { numberCalled: '13900000001', answeredBy: '张伟', outcome: 'confirmed' },
    readings: [{ celsius: 36.5, source: 'simulated' }],
  });
  await ok('parcel:dropoff', { carrier: '中通', trackingTail: '5678', householdId: householdOf('HM90001'), shelfSlot: 'C1' });
  await ok('returnee:register', {
    residentId: residentOf('HM90003'),
    householdId: householdOf('HM90003'),
    name: '王小明',
    idNumber: idNo('31010119800101123'),
    phone: '13900000003',
    originProvince: '广东省',
    originCity: '深圳市',
    keyRegion: false,
    transport: 'plane',
    transportNo: 'MU5101',
    arrivedOn: '2020-02-08',
    symptoms: [],
    readings: [{ celsius: 36.6, source: 'simulated' }],
  });
  await ok('check:scan', { code: 'HM90003', source: 'wedge', direction: 'out' });

  // The kiosk goes down (power cut, crash restart) and comes back on the same data folder.
  await gate.close();
  const clock = gate.clock;
  clock.advance(3 * 3600_000);
  reopened = await startGate({ dataDir: gate.dataDir, resourcesDir: join(ROOT, 'resources'), clock, newId: uuidv7Generator(clock), log: () => {} });
  reopened.staff.signIn(reopened.staff.staff.get('demo-guard')!, 'pin');
  const again = caller(() => ({ ...gate, ...reopened! }) as TestGate);

  const inside = await again.ok<VisitorView[]>('visitor:inside', {});
  expect(inside.map((v) => v.id)).toEqual([visitor.visitor!.id]);
  expect(inside[0]!.overstayed).toBe(true);
  reopened.flows.tick();
  const alerts = await again.ok<Alert[]>('alert:list', {});
  expect(alerts.map((a) => a.kind).sort()).toEqual(['home_observation_exit', 'visitor_overstay']);
  expect(await again.ok<ParcelView[]>('parcel:waiting', {})).toHaveLength(1);
  expect(await again.ok<ObservationView[]>('observation:list', {})).toHaveLength(1);
  expect(await again.ok('check:scan', { code: 'HM90003', source: 'wedge', direction: 'out' })).toMatchObject({ stage: 'deny', reasons: ['home_observation'] });
});
