import { afterEach, describe, expect, it } from 'vitest';
import type { CheckView } from '../../../src/shared/contract';
import type { EntryCorrection } from '../../../src/shared/staff';
import { approval } from '../../helpers/approval';
import { makeGate, type TestGate } from '../../helpers/gate';
import { auditKinds, caller } from './helpers';

let gate: TestGate;
afterEach(() => gate.cleanup());
const { raw, call } = caller(() => gate);

/** An unknown pass is denied at once: a committed deny to override. */
async function denied(): Promise<string> {
  const v = await call<CheckView>('check:scan', { code: 'HM99999', source: 'wedge', direction: 'in' });
  expect(v.stage).toBe('deny');
  return v.entryId!;
}
const corrections = () =>
  gate.db.prepare('SELECT * FROM entry_correction').all() as Array<Record<string, unknown>>;

describe('dual control: admit despite a deny', () => {
  it('two on duty: refused with a wrong or missing PIN from either person, accepted with both', async () => {
    gate = await makeGate({ signIn: ['demo-guard', 'demo-volunteer'] });
    const entryId = await denied();
    // Missing approval, or the old one-PIN shape: the contract refuses it outright.
    expect(await raw('override:admit', { entryId, reason: '业主本人，证件在家' })).toMatchObject({
      error: { code: 'invalid_input' },
    });
    expect(
      await raw('override:admit', {
        entryId,
        reason: '业主本人',
        approval: { staffId: 'demo-volunteer', pin: '2222' },
      }),
    ).toMatchObject({
      error: { code: 'invalid_input' },
    });
    expect(
      await raw('override:admit', {
        entryId,
        reason: '业主本人',
        approval: approval('demo-guard', 'demo-volunteer', { approver: '0000' }),
      }),
    ).toMatchObject({
      error: { code: 'forbidden', details: { reason: 'bad_pin', who: 'approver' } },
    });
    // The approver's right PIN is not enough: the requester proves they are here too.
    expect(
      await raw('override:admit', {
        entryId,
        reason: '业主本人',
        approval: approval('demo-guard', 'demo-volunteer', { requester: '9999' }),
      }),
    ).toMatchObject({
      error: { code: 'forbidden', details: { reason: 'bad_pin', who: 'requester' } },
    });
    expect(corrections()).toHaveLength(0);
    const c = await call<EntryCorrection>('override:admit', {
      entryId,
      reason: '业主本人',
      approval: approval('demo-guard', 'demo-volunteer'),
    });
    expect(c).toMatchObject({
      entryId,
      kind: 'override_admit',
      approver: { id: 'demo-volunteer' },
      staff: ['demo-guard', 'demo-volunteer'],
    });
    // The entry itself is untouched; the correction is its own row, and both names are in the audit trail.
    expect(gate.db.prepare('SELECT decision FROM entry_log WHERE id = ?').get(entryId)).toEqual({
      decision: 'deny',
    });
    expect(corrections()).toHaveLength(1);
    const rec = gate.db
      .prepare("SELECT actors_json, details_json FROM audit_log WHERE kind = 'entry.override_admit'")
      .get() as { actors_json: string; details_json: string };
    expect(JSON.parse(rec.actors_json)).toEqual(['demo-guard', 'demo-volunteer']);
    expect(JSON.parse(rec.details_json)).toMatchObject({ reason: '业主本人', approver: 'demo-volunteer' });
    expect(JSON.parse(rec.details_json)).toMatchObject({ requester: 'demo-guard' });
    expect(auditKinds(gate).slice(-2)).toEqual(['dual_control.approved', 'entry.override_admit']);
    const approved = gate.db
      .prepare("SELECT actors_json, details_json FROM audit_log WHERE kind = 'dual_control.approved'")
      .get() as { actors_json: string; details_json: string };
    expect(JSON.parse(approved.details_json)).toMatchObject({
      action: 'override_admit',
      requester: 'demo-guard',
      approver: 'demo-volunteer',
    });
    // Once is enough.
    expect(
      await raw('override:admit', {
        entryId,
        reason: 'again',
        approval: approval('demo-guard', 'demo-volunteer'),
      }),
    ).toMatchObject({ error: { code: 'conflict' } });
  });

  it('two on duty: one guard alone cannot approve their own override, whoever they name as requester', async () => {
    gate = await makeGate({ signIn: ['demo-guard', 'demo-volunteer'] });
    const entryId = await denied();
    const ask = (a: ReturnType<typeof approval>) =>
      raw('override:admit', { entryId, reason: '我自己批', approval: a });
    // The guard as both people, by id and by their own card.
    expect(await ask(approval('demo-guard', 'demo-guard'))).toMatchObject({
      error: { code: 'forbidden', details: { reason: 'same_person' } },
    });
    expect(await ask(approval('demo-guard', 'GS-DEMO-0001', { approver: '1111' }))).toMatchObject({
      error: { code: 'forbidden', details: { reason: 'same_person' } },
    });
    // A requester who is not on duty here (a manager at home, say) cannot stand in for the guard.
    expect(await ask(approval('demo-manager', 'demo-guard'))).toMatchObject({
      error: { code: 'forbidden', details: { reason: 'requester_not_on_duty' } },
    });
    // Refused pairings cost nobody a PIN attempt: no PIN was tried.
    expect(gate.db.prepare('SELECT sum(failed_attempts) AS n FROM staff').get()).toEqual({ n: 0 });
    expect(corrections()).toHaveLength(0);
    // The other way round works too: the volunteer asks, the guard confirms.
    expect((await ask(approval('demo-volunteer', 'demo-guard'))).ok).toBe(true);
  });

  it('one on duty: their own PIN is not a second person, a volunteer is not enough, a manager is', async () => {
    gate = await makeGate({ signIn: ['demo-guard'] });
    const entryId = await denied();
    const ask = (approver: string, requester = 'demo-guard') =>
      raw('override:admit', { entryId, reason: '核实后放行', approval: approval(requester, approver) });
    expect(await ask('demo-guard')).toMatchObject({
      error: { code: 'forbidden', details: { reason: 'same_person' } },
    });
    expect(await ask('demo-volunteer')).toMatchObject({
      error: { code: 'forbidden', details: { reason: 'needs_manager' } },
    });
    // The manager cannot be both people either: the requester is the one on duty.
    expect(await ask('demo-manager', 'demo-manager')).toMatchObject({
      error: { code: 'forbidden', details: { reason: 'requester_not_on_duty' } },
    });
    expect(corrections()).toHaveLength(0);
    expect((await ask('demo-manager')).ok).toBe(true);
  });

  it('the approver may be named by their staff card, still with their PIN', async () => {
    gate = await makeGate({ signIn: ['demo-guard'] });
    const entryId = await denied();
    const c = await call<EntryCorrection>('override:admit', {
      entryId,
      reason: 'ok',
      approval: approval('demo-guard', 'GS-DEMO-0003', { approver: '3333' }),
    });
    expect(c.approver.id).toBe('demo-manager');
  });

  it('an admitted entry has nothing to override (refused before any PIN is tried)', async () => {
    gate = await makeGate({ signIn: ['demo-guard', 'demo-volunteer'] });
    await call('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    const v = await call<CheckView>('device:simulateReading', { celsius: 36.5 });
    expect(
      await raw('override:admit', {
        entryId: v.entryId,
        reason: 'x',
        approval: approval('demo-guard', 'demo-volunteer', { requester: '0000', approver: '0000' }),
      }),
    ).toMatchObject({ error: { code: 'conflict', details: { reason: 'not_denied' } } });
    expect(gate.db.prepare('SELECT sum(failed_attempts) AS n FROM staff').get()).toEqual({ n: 0 });
  });
});

describe('dual control: voiding a record', () => {
  it('a void is a new record, never an edit; refused without the second PIN', async () => {
    gate = await makeGate({ signIn: ['demo-guard', 'demo-volunteer'] });
    const entryId = await denied();
    expect(
      await raw('log:void', {
        entryId,
        reason: '扫错了',
        approval: approval('demo-guard', 'demo-volunteer', { approver: '1234' }),
      }),
    ).toMatchObject({ error: { code: 'forbidden' } });
    expect(corrections()).toHaveLength(0);
    await call('log:void', { entryId, reason: '扫错了', approval: approval('demo-guard', 'demo-volunteer') });
    expect(await call<EntryCorrection[]>('log:corrections', { entryId })).toEqual([
      expect.objectContaining({ kind: 'void', reason: '扫错了' }),
    ]);
    expect(gate.db.prepare('SELECT count(*) AS n FROM entry_log WHERE id = ?').get(entryId)).toEqual({
      n: 1,
    });
    expect(() => gate.db.prepare("UPDATE entry_correction SET reason = 'x'").run()).toThrow(/append-only/);
    expect(
      await raw('log:void', { entryId, reason: 'again', approval: approval('demo-guard', 'demo-volunteer') }),
    ).toMatchObject({ error: { details: { reason: 'already_void' } } });
  });
});

describe('dual control: manual entry of a resident without a pass', () => {
  it('a bare lookup is refused; manual entry needs the second PIN and starts the check', async () => {
    gate = await makeGate({ signIn: ['demo-guard', 'demo-volunteer'] });
    const found = await call<Array<{ residentId: string }>>('roster:search', { building: '3', room: '402' });
    const residentId = found[0]!.residentId;
    expect(await raw('check:lookup', { residentId, direction: 'in' })).toMatchObject({
      error: { code: 'forbidden', details: { reason: 'needs_second_person' } },
    });
    expect(
      await raw('check:manualEntry', {
        residentId,
        direction: 'in',
        reason: '忘带出入证',
        approval: approval('demo-guard', 'demo-volunteer', { approver: '9999' }),
      }),
    ).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(gate.core.current()).toBeNull();
    const v = await call<CheckView>('check:manualEntry', {
      residentId,
      direction: 'in',
      reason: '忘带出入证',
      approval: approval('demo-guard', 'demo-volunteer'),
    });
    expect(v).toMatchObject({ stage: 'await_reading', credential: 'manual-lookup' });
    const approved = gate.db
      .prepare("SELECT subject, details_json FROM audit_log WHERE kind = 'dual_control.approved'")
      .get() as { subject: string; details_json: string };
    expect(approved.subject).toBe(residentId);
    expect(JSON.parse(approved.details_json)).toMatchObject({
      action: 'manual_entry',
      requester: 'demo-guard',
      approver: 'demo-volunteer',
      onDuty: ['demo-guard', 'demo-volunteer'],
    });
  });
});

describe('dual control primitive (for full ID view and ending observation early)', () => {
  it('refuses with nobody on duty, and repeated wrong PINs lock the approver out', async () => {
    gate = await makeGate({ signIn: false });
    const confirm = (a: ReturnType<typeof approval>) =>
      gate.staff.dualControl.confirmSecondPerson({ action: 'end_observation', approval: a });
    await expect(confirm(approval('demo-guard', 'demo-manager'))).rejects.toMatchObject({
      code: 'forbidden',
      details: { reason: 'not_signed_in' },
    });
    gate.staff.signIn(gate.staff.staff.get('demo-guard')!, 'pin');
    for (let i = 0; i < 5; i++) {
      await expect(
        confirm(approval('demo-guard', 'demo-manager', { approver: '0000' })),
      ).rejects.toMatchObject({ code: 'forbidden', details: { who: 'approver' } });
    }
    await expect(confirm(approval('demo-guard', 'demo-manager'))).rejects.toMatchObject({
      details: { reason: 'locked', who: 'approver' },
    });
  });

  it('the lockout applies to the requester’s PIN too, and a locked requester cannot ask', async () => {
    gate = await makeGate({ signIn: ['demo-guard'] });
    const confirm = (a: ReturnType<typeof approval>) =>
      gate.staff.dualControl.confirmSecondPerson({ action: 'full_id_view', approval: a });
    for (let i = 0; i < 5; i++) {
      await expect(
        confirm(approval('demo-guard', 'demo-manager', { requester: '0000' })),
      ).rejects.toMatchObject({ details: { who: 'requester' } });
    }
    await expect(confirm(approval('demo-guard', 'demo-manager'))).rejects.toMatchObject({
      details: { reason: 'locked', who: 'requester' },
    });
    // The approver's PIN was never tried while the requester's failed.
    expect(gate.db.prepare("SELECT failed_attempts FROM staff WHERE id = 'demo-manager'").get()).toEqual({
      failed_attempts: 0,
    });
    expect(
      gate.db.prepare("SELECT count(*) AS n FROM audit_log WHERE kind = 'dual_control.approved'").get(),
    ).toEqual({ n: 0 });
  });

  it('an accepted approval returns the approver, the requester and who was on duty', async () => {
    gate = await makeGate({ signIn: ['demo-guard', 'demo-volunteer'] });
    const a = await gate.staff.dualControl.confirmSecondPerson({
      action: 'full_id_view',
      approval: approval('demo-volunteer', 'demo-manager'),
      subject: 'r1',
    });
    expect(a).toMatchObject({
      id: 'demo-manager',
      requester: { id: 'demo-volunteer' },
      onDuty: ['demo-guard', 'demo-volunteer'],
    });
    const rec = gate.db
      .prepare("SELECT actors_json, subject FROM audit_log WHERE kind = 'dual_control.approved'")
      .get() as { actors_json: string; subject: string };
    expect(JSON.parse(rec.actors_json)).toEqual(['demo-guard', 'demo-volunteer', 'demo-manager']);
    expect(rec.subject).toBe('r1');
  });
});

describe('a staff card is not a pass', () => {
  it('check:scan refuses a GS- code instead of logging a false deny', async () => {
    gate = await makeGate();
    expect(await raw('check:scan', { code: 'GS-DEMO-0002', source: 'wedge', direction: 'in' })).toMatchObject(
      { error: { code: 'invalid_input', details: { reason: 'staff_card' } } },
    );
    expect(gate.db.prepare('SELECT count(*) AS n FROM entry_log').get()).toEqual({ n: 0 });
  });
});
