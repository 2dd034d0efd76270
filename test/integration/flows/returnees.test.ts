import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckView } from '../../../src/shared/contract';
import type { Alert, ObservationView, ReturneeOutcome } from '../../../src/shared/flows';
import { laterSections } from '../../../src/main/report/laterSections';
import { returneeRows } from '../../../src/main/export/formQueries';
import { approval } from '../../helpers/approval';
import { makeGate, type TestGate } from '../../helpers/gate';
import { caller, idNo, returneeForm } from './helpers';

let gate: TestGate;
beforeEach(async () => {
  gate = await makeGate();
});
afterEach(() => gate.cleanup());
const { ok, fails, rows, householdOf, residentOf } = caller(() => gate);

const form = (over: Record<string, unknown> = {}) =>
  returneeForm({ residentId: residentOf('HM90001'), householdId: householdOf('HM90001'), ...over });

const scanOut = async (code = 'HM90001') => ok<CheckView>('check:scan', { code, source: 'wedge', direction: 'out' });

describe('returnees and home observation', () => {
  it('registering puts the person under observation until local midnight after arrival + 14 days', async () => {
    const out = await ok<ReturneeOutcome>('returnee:register', form());
    expect(out).toMatchObject({
      stage: 'admit',
      observation: { name: '张*', household: { building: '1', room: '101' }, startedAt: '2020-02-10T01:00:00.000Z', endsAt: '2020-02-22T16:00:00.000Z', lastDay: '2020-02-22', endedEarly: false },
    });
    expect(rows('SELECT origin, key_region, transport, arrived_on, symptoms, temperature_c, observation_start, observation_end, registered_by, id_number FROM returnee')).toEqual([
      { origin: '湖北省武汉市', key_region: 1, transport: 'train', arrived_on: '2020-02-09', symptoms: '无', temperature_c: 36.4, observation_start: '2020-02-09', observation_end: '2020-02-22', registered_by: 'demo-guard', id_number: '3101**********' + idNo('31010119800101123').slice(-4) },
    ]);
    // The arrival is a passage in, with the person's own household.
    expect(rows('SELECT direction, decision, reasons, credential_source, resident_id IS NOT NULL AS known FROM entry_log')).toEqual([
      { direction: 'in', decision: 'admit', reasons: 'returnee', credential_source: 'returnee', known: 1 },
    ]);
    expect(await ok<ObservationView[]>('observation:list', {})).toHaveLength(1);
  });

  it('the same person going out is denied with an alert that stays open until a signed-in staff member acknowledges it', async () => {
    await ok('returnee:register', form());
    const raised: Alert[] = [];
    gate.events.subscribe((e, p) => e === 'alert:raised' && raised.push(p as Alert));
    const check = await scanOut();
    expect(check).toMatchObject({ stage: 'deny', reasons: ['home_observation'], alert: true });
    expect(raised).toMatchObject([{ kind: 'home_observation_exit', household: '1-1-101', acknowledgedBy: [] }]);
    const [alert] = await ok<Alert[]>('alert:list', {});
    expect(alert).toMatchObject({ kind: 'home_observation_exit', acknowledgedAt: null });

    gate.clock.advance(20_000);
    const pushed: Alert[] = [];
    gate.events.subscribe((e, p) => e === 'alert:acknowledged' && pushed.push(p as Alert));
    const acked = await ok<Alert>('alert:ack', { id: alert!.id });
    expect(pushed).toEqual([acked]);
    expect(acked).toMatchObject({ acknowledgedAt: '2020-02-10T01:00:20.000Z', acknowledgedBy: ['demo-guard'] });
    expect(rows('SELECT staff_json FROM alert_ack')).toEqual([{ staff_json: '["demo-guard"]' }]);
    // A second press (the other guard) returns the first acknowledgement unchanged.
    gate.clock.advance(5_000);
    expect(await ok<Alert>('alert:ack', { id: alert!.id })).toEqual(acked);
    expect(pushed).toHaveLength(1);
    expect(rows('SELECT count(*) AS n FROM alert_ack')).toEqual([{ n: 1 }]);
    expect(() => gate.db.prepare("UPDATE alert_ack SET staff_json = '[]'").run()).toThrow(/append-only/);
  });

  it('ends by itself: the last local minute still holds them, the next one lets them out', async () => {
    await ok('returnee:register', form());
    gate.clock.set('2020-02-22T15:59:00.000Z');
    expect((await scanOut()).stage).toBe('deny');
    gate.clock.set('2020-02-22T16:00:00.000Z');
    expect((await scanOut()).stage).toBe('admit');
    expect(await ok<ObservationView[]>('observation:list', {})).toEqual([]);
  });

  it('coming home is allowed; someone else of the household may still go out', async () => {
    await ok('returnee:register', form());
    await ok('device:simulateReading', { celsius: 36.5 });
    expect((await ok<CheckView>('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' })).stage).toBe('admit');
    expect((await scanOut('HM90002')).stage).toBe('admit');
  });

  it('an arrival long enough ago keeps the form but starts no observation; a future arrival is refused', async () => {
    const old = await ok<ReturneeOutcome>('returnee:register', form({ arrivedOn: '2020-01-20' }));
    expect(old).toMatchObject({ stage: 'admit', observation: null });
    expect(rows('SELECT count(*) AS n FROM returnee')).toEqual([{ n: 1 }]);
    expect(rows('SELECT count(*) AS n FROM observation')).toEqual([{ n: 0 }]);
    expect(await fails('returnee:register', form({ arrivedOn: '2020-02-11' }))).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('arrivedOn') });
    expect(await fails('returnee:register', form({ residentId: residentOf('HM90003') }))).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('residentId') });
    expect(rows('SELECT count(*) AS n FROM returnee')).toEqual([{ n: 1 }]);
  });

  it('a returnee with a fever is refused with an alert; the form and the observation are still recorded', async () => {
    const first = await ok<ReturneeOutcome>('returnee:register', form({ readings: [{ celsius: 38.2, source: 'simulated' }] }));
    expect(first).toMatchObject({ stage: 'remeasure', returneeId: null });
    expect(rows('SELECT count(*) AS n FROM returnee')).toEqual([{ n: 0 }]);
    const out = await ok<ReturneeOutcome>('returnee:register', form({ symptoms: ['fever', 'cough'], readings: [{ celsius: 38.2, source: 'simulated' }, { celsius: 38.3, source: 'manual' }] }));
    expect(out).toMatchObject({ stage: 'deny', reasons: ['fever', 'manual_reading'] });
    expect(rows('SELECT symptoms, temperature_c FROM returnee')).toEqual([{ symptoms: '发热、咳嗽', temperature_c: 38.3 }]);
    expect(await ok<Alert[]>('alert:list', {})).toMatchObject([{ kind: 'fever' }]);
  });

  it('ending early needs a second person with their PIN, is audited, and can only move the end earlier', async () => {
    const { observation } = await ok<ReturneeOutcome>('returnee:register', form());
    const id = observation!.id;
    gate.clock.advance(3600_000);
    expect(await fails('observation:endEarly', { observationId: id, reason: '核酸阴性，居委会决定' })).toMatchObject({ code: 'invalid_input' });
    expect(await fails('observation:endEarly', { observationId: id, reason: '核酸阴性', approval: approval('demo-guard', 'demo-manager', { approver: '0000' }) })).toMatchObject({ code: 'forbidden' });
    expect(await fails('observation:endEarly', { observationId: id, reason: '核酸阴性', approval: approval('demo-guard', 'demo-guard') })).toMatchObject({ code: 'forbidden', details: { reason: 'same_person' } });
    expect((await scanOut()).stage).toBe('deny');

    const ended = await ok<ObservationView>('observation:endEarly', { observationId: id, reason: '核酸阴性', approval: approval('demo-guard', 'demo-manager') });
    expect(ended).toMatchObject({ endedEarly: true, endsAt: '2020-02-10T02:00:00.000Z', lastDay: '2020-02-10' });
    expect(rows("SELECT kind, subject FROM audit_log WHERE kind = 'observation.ended_early'")).toEqual([{ kind: 'observation.ended_early', subject: id }]);
    // Both people are named: the guard who asked and the manager who confirmed.
    expect(JSON.parse((rows("SELECT details_json FROM audit_log WHERE kind = 'observation.ended_early'")[0] as { details_json: string }).details_json)).toMatchObject({
      requester: 'demo-guard',
      approver: 'demo-manager',
    });
    expect(rows('SELECT reason, approval_json, staff_json FROM observation_end')).toEqual([{ reason: '核酸阴性', approval_json: '{"approvedBy":"demo-manager"}', staff_json: '["demo-guard"]' }]);
    expect((await scanOut()).stage).toBe('admit');
    expect(await fails('observation:endEarly', { observationId: id, reason: '再次', approval: approval('demo-guard', 'demo-manager') })).toMatchObject({ code: 'conflict' });
    // Not even a direct write can extend or end it without an approved end record.
    expect(() => gate.db.prepare("UPDATE observation SET ended_at = '2020-03-01T00:00:00.000Z'").run()).toThrow(/approved end/);
  });
});

describe('the daily report and the arrivals register read these tables', () => {
  it('counts visitors, parcels, returnees and observations of the day', async () => {
    await ok('returnee:register', form());
    const visitor = await ok<{ visitor: { id: string } }>('visitor:register', {
      name: '李四',
      phone: '13812345678',
      idNumber: idNo(),
      householdId: householdOf('HM90002'),
      relation: 'child',
      confirmation: { numberCalled: '13900000002', answeredBy: '李娜', outcome: 'confirmed' },
      readings: [{ celsius: 36.6, source: 'manual' }],
    });
    await ok('visitor:checkout', { visitorId: visitor.visitor.id });
    const parcel = await ok<{ id: string }>('parcel:dropoff', { carrier: '顺丰', trackingTail: '4321', householdId: householdOf('HM90003'), shelfSlot: 'a3' });
    await ok('parcel:dropoff', { carrier: '美团', trackingTail: '0088', householdId: householdOf('HM90003'), shelfSlot: 'A4' });
    await ok('parcel:collect', { code: 'HM90003', parcelIds: [parcel.id] });

    const report = await ok<Record<string, Record<string, unknown>>>('report:daily', { from: '2020-02-10', to: '2020-02-10' });
    expect(report.visitors).toMatchObject({ available: true, registered: 1, left: 1 });
    expect(report.parcels).toMatchObject({ available: true, received: 2, collected: 1 });
    expect(report.returnees).toMatchObject({ available: true, registered: 1 });
    // Started today; its end (22 Feb) is not today's.
    expect(report.observations).toMatchObject({ available: true, started: 1, ended: 0 });
    const later = laterSections(gate.db, { compoundId: gate.config.compound.id, gateId: gate.config.gate.id, fromUtc: '2020-02-22T16:00:00.000Z', toUtc: '2020-02-23T16:00:00.000Z' });
    expect(later.observations).toMatchObject({ started: 0, ended: 1, gateFiltered: true });

    const [row] = returneeRows(gate.db, {}, gate.config.compound.id);
    expect(row).toMatchObject({ name: '张伟', building: '1', unit: '1', room: '101', origin: '湖北省武汉市', arrived_on: '2020-02-09', transport: 'train', transport_no: 'G1234', temperature_c: 36.4, symptoms: '无', observation_start: '2020-02-09', observation_end: '2020-02-22', registered_by: 'demo-guard' });
  });
});
