import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, VisitorOutcome, VisitorView } from '../../../src/shared/flows';
import { makeGate, type TestGate } from '../../helpers/gate';
import { caller, idNo } from './helpers';

let gate: TestGate;
afterEach(() => gate.cleanup());
const { ok, fails, rows, householdOf } = caller(() => gate);

const visit = (over: Record<string, unknown> = {}) => ({
  name: '张大爷',
  phone: '13812345678',
  idNumber: idNo(),
  householdId: householdOf('HM90001'),
  relation: 'parent',
  confirmation: { numberCalled: '13900000001', answeredBy: '张伟', outcome: 'confirmed' },
  readings: [{ celsius: 36.5, source: 'simulated' }],
  ...over,
});

describe('visitors with the default policy (direct relatives after a phone call)', () => {
  beforeEach(async () => {
    gate = await makeGate();
  });

  it('admits a confirmed parent with a 2 h pass, logs the passage with the staff on duty, and checks them out', async () => {
    const out = await ok<VisitorOutcome>('visitor:register', visit());
    expect(out.stage).toBe('admit');
    const v = out.visitor!;
    expect(v).toMatchObject({
      name: '张*爷',
      phone: '*******5678',
      idNumber: '1101**********' + idNo().slice(-4),
      household: { building: '1', unit: '1', room: '101' },
      arrivedAt: '2020-02-10T01:00:00.000Z',
      expiresAt: '2020-02-10T03:00:00.000Z',
      leftAt: null,
      overstayed: false,
    });
    expect(v.passNumber).toMatch(/^V[0-9A-F]{8}$/);
    // Stored masked by default; the confirmation call is kept as structured fields.
    expect(rows('SELECT id_number, id_number_full, confirm_number, confirm_answered_by, confirm_outcome, staff_json FROM visitor')).toEqual([
      { id_number: '1101**********' + idNo().slice(-4), id_number_full: 0, confirm_number: '13900000001', confirm_answered_by: '张伟', confirm_outcome: 'confirmed', staff_json: '["demo-guard"]' },
    ]);
    expect(rows("SELECT direction, decision, reasons, credential, credential_source, household_id, building, resident_name_masked, temp_body_c, staff_json FROM entry_log")).toEqual([
      { direction: 'in', decision: 'admit', reasons: 'visitor', credential: v.passNumber, credential_source: 'visitor', household_id: null, building: '1', resident_name_masked: '张*爷', temp_body_c: 36.5, staff_json: '["demo-guard"]' },
    ]);
    expect(await ok<VisitorView[]>('visitor:inside', {})).toHaveLength(1);

    gate.clock.advance(30 * 60_000);
    const left = await ok<VisitorView>('visitor:checkout', { passNumber: v.passNumber!.toLowerCase() });
    expect(left).toMatchObject({ leftAt: '2020-02-10T01:30:00.000Z', overstayed: false });
    expect(await ok<VisitorView[]>('visitor:inside', {})).toEqual([]);
    expect(rows('SELECT overstayed, staff_json FROM visitor_departure')).toEqual([{ overstayed: 0, staff_json: '["demo-guard"]' }]);
    expect(rows("SELECT direction, reasons FROM entry_log WHERE direction = 'out'")).toEqual([{ direction: 'out', reasons: 'visitor' }]);
    expect((await fails('visitor:checkout', { visitorId: v.id })).code).toBe('conflict');
    // The departure is written once; the table refuses a second one or an edit.
    expect(() => gate.db.prepare('UPDATE visitor SET left_at = ? WHERE id = ?').run('2020-02-10T05:00:00.000Z', v.id)).toThrow(/leaves once/);
    expect(() => gate.db.prepare("UPDATE visitor SET name = 'x'").run()).toThrow(/append-only/);
  });

  it('raises one overstay alert from the tick when the pass runs out inside; the late check-out is flagged', async () => {
    const v = (await ok<VisitorOutcome>('visitor:register', visit())).visitor!;
    gate.clock.advance(2 * 3600_000 - 1);
    gate.flows.tick();
    expect(await ok<Alert[]>('alert:list', {})).toEqual([]);
    gate.clock.advance(1);
    const raised: unknown[] = [];
    gate.events.subscribe((e, p) => e === 'alert:raised' && raised.push(p));
    gate.flows.tick();
    gate.flows.tick();
    const alerts = await ok<Alert[]>('alert:list', {});
    expect(alerts).toMatchObject([{ kind: 'visitor_overstay', household: '1-1-101', residentName: '张*爷', acknowledgedAt: null }]);
    expect(raised).toHaveLength(1);
    expect((await ok<VisitorView[]>('visitor:inside', {}))[0]!.overstayed).toBe(true);

    gate.clock.advance(10 * 60_000);
    await ok('visitor:checkout', { visitorId: v.id });
    expect(rows('SELECT overstayed FROM visitor_departure')).toEqual([{ overstayed: 1 }]);
    expect(rows("SELECT reasons FROM entry_log WHERE direction = 'out'")).toEqual([{ reasons: 'visitor,visitor_overstay' }]);
    // Leaving does not silence the alert: a person still acknowledges it.
    expect((await ok<Alert[]>('alert:list', {}))[0]!.acknowledgedAt).toBeNull();
  });

  it('the visitor pass shown on the way out checks the visitor out like any gate check; not on the way in', async () => {
    const v = (await ok<VisitorOutcome>('visitor:register', visit())).visitor!;
    expect(await ok('check:scan', { code: v.passNumber, source: 'wedge', direction: 'in' })).toMatchObject({ stage: 'deny', reasons: ['unknown_pass'] });
    gate.clock.advance(2 * 3600_000 + 60_000);
    const check = await ok<{ stage: string; reasons: string[]; household: { room: string }; entryId: string }>('check:scan', { code: v.passNumber, source: 'wedge', direction: 'out' });
    expect(check).toMatchObject({ stage: 'admit', reasons: ['visitor', 'visitor_overstay'], household: { room: '101' } });
    expect(rows('SELECT id, direction, reasons FROM entry_log WHERE id = ?', check.entryId)).toEqual([{ id: check.entryId, direction: 'out', reasons: 'visitor,visitor_overstay' }]);
    expect(await ok<VisitorView[]>('visitor:inside', {})).toEqual([]);
    // Shown again after leaving, it is no pass at all.
    expect(await ok('check:scan', { code: v.passNumber, source: 'wedge', direction: 'out' })).toMatchObject({ stage: 'deny', reasons: ['unknown_pass'] });
  });

  it.each([
    ['a sibling', { relation: 'sibling' }, 'not_direct_relative'],
    ['a call nobody answered', { confirmation: { numberCalled: '13900000001', answeredBy: '无人接听', outcome: 'no_answer' } }, 'visit_not_confirmed'],
    ['no call at all', { confirmation: null }, 'visit_not_confirmed'],
  ])('refuses %s and logs the refusal (no pass, no arrival)', async (_what, over, reason) => {
    const out = await ok<VisitorOutcome>('visitor:register', visit(over));
    expect(out).toMatchObject({ stage: 'deny', reasons: [reason], visitor: { decision: 'deny', passNumber: null, arrivedAt: null } });
    expect(rows('SELECT decision, reasons, arrived_at FROM visitor')).toEqual([{ decision: 'deny', reasons: reason, arrived_at: null }]);
    expect(rows('SELECT decision, reasons FROM entry_log')).toEqual([{ decision: 'deny', reasons: `visitor,${reason}` }]);
    expect(await ok<VisitorView[]>('visitor:inside', {})).toEqual([]);
  });

  it('a first high reading asks for another and writes nothing; the second refuses with a fever alert', async () => {
    const first = await ok<VisitorOutcome>('visitor:register', visit({ readings: [{ celsius: 37.8, source: 'simulated' }] }));
    expect(first).toEqual({ stage: 'remeasure', reasons: ['fever'], visitor: null });
    expect(await ok<VisitorOutcome>('visitor:register', visit({ readings: [] }))).toMatchObject({ stage: 'await_reading', visitor: null });
    expect(rows('SELECT count(*) AS n FROM visitor')).toEqual([{ n: 0 }]);
    expect(rows('SELECT count(*) AS n FROM entry_log')).toEqual([{ n: 0 }]);
    const second = await ok<VisitorOutcome>('visitor:register', visit({ readings: [{ celsius: 37.8, source: 'simulated' }, { celsius: 37.9, source: 'simulated' }] }));
    expect(second).toMatchObject({ stage: 'deny', reasons: ['fever'], visitor: { temperatureC: 37.9 } });
    expect(await ok<Alert[]>('alert:list', {})).toMatchObject([{ kind: 'fever', household: '1-1-101' }]);
    expect(rows('SELECT decision, reasons, alert FROM entry_log')).toEqual([{ decision: 'deny', reasons: 'visitor,fever', alert: 1 }]);
  });

  it('validates field by field and saves nothing half-filled', async () => {
    const badId = idNo().slice(0, 17) + (idNo().endsWith('1') ? '2' : '1');
    expect(await fails('visitor:register', visit({ idNumber: badId }))).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('idNumber') });
    expect(await fails('visitor:register', visit({ phone: '12345' }))).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('phone') });
    expect(await fails('visitor:register', visit({ householdId: 'nope' }))).toMatchObject({ code: 'not_found' });
    expect(rows('SELECT count(*) AS n FROM visitor')).toEqual([{ n: 0 }]);
    expect(rows('SELECT count(*) AS n FROM entry_log')).toEqual([{ n: 0 }]);
  });

  it('needs someone signed in to register a visitor', async () => {
    await gate.cleanup();
    gate = await makeGate({ signIn: false });
    expect((await fails('visitor:register', visit())).code).toBe('not_signed_in');
  });
});

describe('visitor policy from config', () => {
  it('"no visitors" refuses even a confirmed parent; the ID can be kept in full where the committee requires it', async () => {
    gate = await makeGate({ config: { flows: { visitorPolicy: 'none', visitorPassHours: 2, observationDays: 14, storeFullIdNumbers: true } } });
    const out = await ok<VisitorOutcome>('visitor:register', visit());
    expect(out).toMatchObject({ stage: 'deny', reasons: ['visitors_not_allowed'] });
    expect(rows('SELECT id_number, id_number_full FROM visitor')).toEqual([{ id_number: idNo(), id_number_full: 1 }]);
    // Still masked on every screen.
    expect(out.visitor!.idNumber).toBe('1101**********' + idNo().slice(-4));
  });

  it('a shorter pass from config', async () => {
    gate = await makeGate({ config: { flows: { visitorPolicy: 'relatives_confirmed', visitorPassHours: 0.5, observationDays: 14, storeFullIdNumbers: false } } });
    expect((await ok<VisitorOutcome>('visitor:register', visit())).visitor!.expiresAt).toBe('2020-02-10T01:30:00.000Z');
  });
});
