import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckView } from '../../../src/shared/contract';
import type { Alert, ParcelsForPass, ParcelView } from '../../../src/shared/flows';
import { makeGate, type TestGate } from '../../helpers/gate';
import { caller, idNo } from './helpers';

let gate: TestGate;
beforeEach(async () => {
  gate = await makeGate();
});
afterEach(() => gate.cleanup());
const { ok, fails, rows, householdOf, residentOf } = caller(() => gate);

const drop = (pass: string, over: Record<string, unknown> = {}) =>
  ok<ParcelView>('parcel:dropoff', { carrier: '顺丰', trackingTail: '4321', householdId: householdOf(pass), shelfSlot: 'b2', ...over });

describe('parcels: drop-off ledger and pickup by pass', () => {
  it('logs a drop-off, shows it to the household that scans its pass, and hands it over once', async () => {
    const p = await drop('HM90001');
    expect(p).toMatchObject({ carrier: '顺丰', trackingTail: '4321', shelfSlot: 'B2', household: { building: '1', room: '101' }, receivedAt: '2020-02-10T01:00:00.000Z', collectedAt: null, doorDrop: false });
    await drop('HM90003', { trackingTail: '999' });
    expect(await ok<ParcelView[]>('parcel:waiting', {})).toHaveLength(2);

    // 李娜 lives in the same household as 张伟: her pass shows his parcel.
    const mine = await ok<ParcelsForPass>('parcel:forPass', { code: 'HM90002' });
    expect(mine).toMatchObject({ residentName: '李*', household: { building: '1', room: '101', underObservation: false } });
    expect(mine.parcels.map((x) => x.id)).toEqual([p.id]);

    expect(await fails('parcel:collect', { code: 'HM90003', parcelIds: [p.id] })).toMatchObject({ code: 'forbidden' });
    expect(await fails('parcel:collect', { code: 'NOPE', parcelIds: [p.id] })).toMatchObject({ code: 'not_found' });
    gate.clock.advance(60_000);
    const [collected] = await ok<ParcelView[]>('parcel:collect', { code: 'HM90002', parcelIds: [p.id] });
    expect(collected).toMatchObject({ collectedAt: '2020-02-10T01:01:00.000Z', handover: 'pickup' });
    expect(rows('SELECT kind, resident_id, staff_json FROM parcel_handover')).toEqual([{ kind: 'pickup', resident_id: residentOf('HM90002'), staff_json: '["demo-guard"]' }]);
    expect(await fails('parcel:collect', { code: 'HM90002', parcelIds: [p.id] })).toMatchObject({ code: 'conflict' });
    expect((await ok<ParcelsForPass>('parcel:forPass', { code: 'HM90001' })).parcels).toEqual([]);
    expect(() => gate.db.prepare("UPDATE parcel SET collected_at = '2020-02-11T00:00:00.000Z'").run()).toThrow(/once/);
    expect(() => gate.db.prepare("UPDATE parcel SET shelf_slot = 'Z9'").run()).toThrow(/append-only/);
  });

  it('collects all or nothing: one parcel of another household refuses the lot', async () => {
    const a = await drop('HM90001');
    const b = await drop('HM90003');
    expect(await fails('parcel:collect', { code: 'HM90001', parcelIds: [a.id, b.id] })).toMatchObject({ code: 'forbidden' });
    expect(rows('SELECT count(*) AS n FROM parcel WHERE collected_at IS NOT NULL')).toEqual([{ n: 0 }]);
    expect(rows('SELECT count(*) AS n FROM parcel_handover')).toEqual([{ n: 0 }]);
  });

  it('validates the ledger fields', async () => {
    expect(await fails('parcel:dropoff', { carrier: '顺丰', trackingTail: '12', householdId: householdOf('HM90001'), shelfSlot: 'A1' })).toMatchObject({ message: expect.stringContaining('trackingTail') });
    expect(await fails('parcel:dropoff', { carrier: '', trackingTail: '1234', householdId: householdOf('HM90001'), shelfSlot: 'A1' })).toMatchObject({ message: expect.stringContaining('carrier') });
    expect(await fails('parcel:dropoff', { carrier: '顺丰', trackingTail: '1234', householdId: householdOf('HM90001'), shelfSlot: 'A 1' })).toMatchObject({ message: expect.stringContaining('shelfSlot') });
    expect(rows('SELECT count(*) AS n FROM parcel')).toEqual([{ n: 0 }]);
  });

  it('a household under home observation gets door-drop tasks; a volunteer records delivering them', async () => {
    await ok('returnee:register', {
      residentId: residentOf('HM90001'),
      householdId: householdOf('HM90001'),
      name: '张伟',
      idNumber: idNo('31010119800101123'),
      phone: '13900000001',
      originProvince: '浙江省',
      originCity: '温州市',
      keyRegion: true,
      transport: 'car',
      transportNo: '',
      arrivedOn: '2020-02-10',
      symptoms: [],
      readings: [{ celsius: 36.5, source: 'simulated' }],
    });
    const p = await drop('HM90001');
    expect(p.doorDrop).toBe(true);
    expect((await ok<ParcelsForPass>('parcel:forPass', { code: 'HM90002' })).household.underObservation).toBe(true);
    expect(await fails('parcel:collect', { code: 'HM90002', parcelIds: [p.id] })).toMatchObject({ code: 'forbidden', message: expect.stringContaining('observation') });
    gate.clock.advance(15 * 60_000);
    const done = await ok<ParcelView>('parcel:doorDelivered', { parcelId: p.id, deliveredBy: '志愿者王' });
    expect(done).toMatchObject({ handover: 'door_drop', deliveredBy: '志愿者王', collectedAt: '2020-02-10T01:15:00.000Z', doorDrop: false });
    expect(await ok<ParcelView[]>('parcel:waiting', {})).toEqual([]);
    expect(await fails('parcel:doorDelivered', { parcelId: p.id, deliveredBy: '志愿者王' })).toMatchObject({ code: 'conflict' });
  });
});

describe('alerts', () => {
  it('a withdrawn pass shown at the gate raises an alert', async () => {
    gate.db.prepare("UPDATE pass SET status = 'revoked' WHERE number = 'HM90004'").run();
    expect(await ok<CheckView>('check:scan', { code: 'HM90004', source: 'wedge', direction: 'in' })).toMatchObject({ stage: 'deny', reasons: ['revoked_pass'], alert: true });
    expect(await ok<Alert[]>('alert:list', {})).toMatchObject([{ kind: 'revoked_pass', household: '5-1-1201' }]);
  });

  it('cannot be acknowledged with nobody signed in; the alert stays open', async () => {
    gate.db.prepare("UPDATE pass SET status = 'revoked' WHERE number = 'HM90004'").run();
    await ok('check:scan', { code: 'HM90004', source: 'wedge', direction: 'in' });
    const [a] = await ok<Alert[]>('alert:list', {});
    gate.staff.shifts.signOut('demo-guard', undefined);
    expect(gate.staff.shifts.ids()).toEqual([]);
    expect((await fails('alert:ack', { id: a!.id })).code).toBe('not_signed_in');
    // The ledger itself refuses too, for any caller that bypasses the contract's sign-in gate.
    expect(() => gate.flows.alerts.acknowledge(a!.id)).toThrow(/signed-in staff/);
    expect(rows('SELECT acknowledged_at FROM alert')).toEqual([{ acknowledged_at: null }]);
  });
});
