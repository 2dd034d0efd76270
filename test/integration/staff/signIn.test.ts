import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { CheckView } from '../../../src/shared/contract';
import type { SignInResult, StaffSession } from '../../../src/shared/staff';
import { startGate } from '../../../src/main/runtime/startGate';
import { makeGate, ROOT, type TestGate } from '../../helpers/gate';
import { auditKinds, caller } from './helpers';

let gate: TestGate;
afterEach(() => gate.cleanup());
const { raw, call } = caller(() => gate);

describe('sign-in by PIN', () => {
  it('signs a person in with the right PIN and records it; a wrong PIN is refused and audited', async () => {
    gate = await makeGate({ signIn: false });
    const bad = await raw('staff:signIn', { staffId: 'demo-volunteer', pin: '9999' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'forbidden', details: { reason: 'bad_pin', attemptsLeft: 4 } } });
    const ok = await call<SignInResult>('staff:signIn', { staffId: 'demo-volunteer', pin: '2222' });
    expect(ok.signedIn).toMatchObject({ id: 'demo-volunteer', role: 'volunteer' });
    expect(ok.session.onDuty.map((p) => p.id)).toEqual(['demo-volunteer']);
    expect(auditKinds(gate)).toEqual(['staff.demo_seeded', 'staff.pin_refused', 'staff.sign_in']);
    // Nothing secret crosses the contract.
    expect(JSON.stringify(ok)).not.toMatch(/pin_hash|pin_salt|2222/);
  });

  it('locks a person out after 5 wrong PINs, even the right PIN, and a restart does not reset it', async () => {
    gate = await makeGate({ signIn: false });
    for (let i = 0; i < 4; i++) {
      expect(await raw('staff:signIn', { staffId: 'demo-guard', pin: '0000' })).toMatchObject({ error: { details: { reason: 'bad_pin' } } });
    }
    const fifth = await raw('staff:signIn', { staffId: 'demo-guard', pin: '0000' });
    expect(fifth).toMatchObject({ ok: false, error: { code: 'forbidden', details: { reason: 'locked', lockedUntil: '2020-02-10T01:05:00.000Z' } } });
    expect(await raw('staff:signIn', { staffId: 'demo-guard', pin: '1111' })).toMatchObject({ error: { details: { reason: 'locked' } } });
    // Others are not affected by one person's lockout.
    expect((await raw('staff:signIn', { staffId: 'demo-volunteer', pin: '2222' })).ok).toBe(true);

    await gate.close();
    const again = await startGate({ dataDir: gate.dataDir, resourcesDir: join(ROOT, 'resources'), clock: gate.clock, log: () => {} });
    try {
      expect(await again.dispatch('staff:signIn', { staffId: 'demo-guard', pin: '1111' })).toMatchObject({ error: { details: { reason: 'locked' } } });
      gate.clock.advance(5 * 60_000 + 1);
      expect(await again.dispatch('staff:signIn', { staffId: 'demo-guard', pin: '1111' })).toMatchObject({ ok: true });
      // The shift survived the restart as well: the volunteer is still on duty.
      const s = (await again.dispatch('staff:session', {})) as { ok: true; value: StaffSession };
      expect(s.value.onDuty.map((p) => p.id).sort()).toEqual(['demo-guard', 'demo-volunteer']);
    } finally {
      await again.close();
      gate.close = async () => {};
    }
  });

  it('the lockout is configurable in config.json (staff.lockoutFailures / lockoutMinutes)', async () => {
    gate = await makeGate({ signIn: false, config: { staff: { lockoutFailures: 3, lockoutMinutes: 1 } } });
    await raw('staff:signIn', { staffId: 'demo-guard', pin: '0000' });
    await raw('staff:signIn', { staffId: 'demo-guard', pin: '0000' });
    expect(await raw('staff:signIn', { staffId: 'demo-guard', pin: '0000' })).toMatchObject({ error: { details: { reason: 'locked', lockedUntil: '2020-02-10T01:01:00.000Z' } } });
    gate.clock.advance(60_001);
    expect((await raw('staff:signIn', { staffId: 'demo-guard', pin: '1111' })).ok).toBe(true);
  });

  it('a post holds at most two people; a third is refused without spending a PIN attempt', async () => {
    gate = await makeGate({ signIn: ['demo-guard', 'demo-volunteer'] });
    expect(await raw('staff:signIn', { staffId: 'demo-manager', pin: '3333' })).toMatchObject({ error: { code: 'conflict', details: { reason: 'post_full' } } });
    expect(gate.db.prepare("SELECT failed_attempts FROM staff WHERE id = 'demo-manager'").get()).toEqual({ failed_attempts: 0 });
  });

  it('a disabled person cannot sign in', async () => {
    gate = await makeGate({ signIn: ['demo-manager'] });
    await call('staff:update', { staffId: 'demo-volunteer', active: false });
    expect(await raw('staff:signIn', { staffId: 'demo-volunteer', pin: '2222' })).toMatchObject({ error: { details: { reason: 'inactive' } } });
  });
});

describe('sign-in by staff card', () => {
  it('a staff card scanned signs its holder in; an unknown GS- card is refused', async () => {
    gate = await makeGate({ signIn: false });
    const r = await call<SignInResult>('staff:signInCard', { code: 'gs-demo-0002' });
    expect(r.signedIn.id).toBe('demo-volunteer');
    expect(r.session.onDuty[0]).toMatchObject({ id: 'demo-volunteer', method: 'card' });
    expect(await raw('staff:signInCard', { code: 'GS-NOBODY-1' })).toMatchObject({ error: { code: 'forbidden', details: { reason: 'unknown_card' } } });
    // A resident pass is not a staff card: the schema refuses it before anything is looked up.
    expect(await raw('staff:signInCard', { code: 'HM90001' })).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('a card scanned on a device scanner signs in the second person; a pass with nobody on duty is ignored', async () => {
    gate = await makeGate({ signIn: false });
    // The device path is the scanner callback in startGate; drive it like a serial scanner would.
    const deviceScan = (code: string): void => (gate.devices as unknown as { deps: { onScan: (s: { code: string }, d: null, t: string) => void } }).deps.onScan({ code }, null, 'serial');
    deviceScan('HM90001');
    expect(gate.db.prepare('SELECT count(*) AS n FROM entry_log').get()).toEqual({ n: 0 });
    expect(gate.core.current()).toBeNull();
    deviceScan('GS-DEMO-0001');
    deviceScan('GS-DEMO-0002');
    expect(gate.staff.shifts.ids()).toEqual(['demo-guard', 'demo-volunteer']);
  });
});

describe('first run of a fresh install', () => {
  it('with no staff, the first committee admin is created and signed in; afterwards that door is closed', async () => {
    gate = await makeGate({ demoStaff: false });
    const s = await call<StaffSession>('staff:session', {});
    expect(s).toMatchObject({ firstRun: true, onDuty: [], staff: [] });
    const r = await call<SignInResult>('staff:firstAdmin', { name: '管理员', pin: '246810' });
    expect(r.signedIn).toMatchObject({ name: '管理员', role: 'committee_admin' });
    expect(await raw('staff:firstAdmin', { name: '又一个', pin: '135790' })).toMatchObject({ error: { code: 'forbidden', details: { reason: 'not_first_run' } } });
    expect(auditKinds(gate)).toEqual(['staff.created', 'staff.sign_in']);
  });
});

describe('two-person shifts', () => {
  it('every check written while two are on duty records both of them', async () => {
    gate = await makeGate({ signIn: ['demo-guard', 'demo-volunteer'] });
    await call('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    await call('device:simulateReading', { celsius: 36.5 });
    await call('check:scan', { code: 'HM99999', source: 'wedge', direction: 'in' }); // unknown pass: denied at once
    await call('check:scan', { code: 'HM90003', source: 'wedge', direction: 'out' });
    await call('check:dismiss', {}); // an unfinished check is logged too
    const staff = (gate.db.prepare('SELECT staff_json FROM entry_log ORDER BY seq').all() as Array<{ staff_json: string }>).map((r) => JSON.parse(r.staff_json));
    expect(staff).toHaveLength(3);
    for (const s of staff) expect(s).toEqual(['demo-guard', 'demo-volunteer']);
    // After one signs out, the next check names only the one left.
    await call('staff:signOut', { staffId: 'demo-volunteer' });
    await call('check:scan', { code: 'HM99998', source: 'wedge', direction: 'in' });
    const last = gate.db.prepare('SELECT staff_json FROM entry_log ORDER BY seq DESC LIMIT 1').get() as { staff_json: string };
    expect(JSON.parse(last.staff_json)).toEqual(['demo-guard']);
  });

  it('the last person signing out closes an open check, logged with their name', async () => {
    gate = await makeGate();
    await call('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    await call('staff:signOut', { staffId: 'demo-guard' });
    expect(gate.core.current()).toBeNull();
    const row = gate.db.prepare('SELECT reasons, staff_json FROM entry_log').get() as { reasons: string; staff_json: string };
    expect(row.reasons).toContain('abandoned');
    expect(JSON.parse(row.staff_json)).toEqual(['demo-guard']);
  });

  it('a handover note written at sign-out is shown to the next shift at sign-in', async () => {
    gate = await makeGate({ signIn: ['demo-guard', 'demo-volunteer'] });
    gate.clock.advance(60_000);
    await call('staff:signOut', { staffId: 'demo-volunteer' });
    await call('staff:signOut', { staffId: 'demo-guard', handoverNote: '3号楼电梯坏了，快递放门岗' });
    // Nobody on duty: writes are refused until the next shift signs in.
    expect(await raw('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' })).toMatchObject({ error: { code: 'not_signed_in' } });
    gate.clock.advance(60_000);
    const next = await call<SignInResult>('staff:signIn', { staffId: 'demo-manager', pin: '3333' });
    expect(next.handover).toEqual([expect.objectContaining({ note: '3号楼电梯坏了，快递放门岗', by: ['王保安'] })]);
    // The guard coming back later sees only notes written since their own shift ended: this one is theirs, after it.
    await call('staff:signOut', { staffId: 'demo-manager' });
    gate.clock.advance(60_000);
    const back = await call<SignInResult>('staff:signIn', { staffId: 'demo-guard', pin: '1111' });
    expect(back.handover).toEqual([]);
  });

  it('a watch note on a household shows on its scan card and at sign-in, until its date has passed', async () => {
    gate = await makeGate();
    const household = (gate.db.prepare(
      "SELECT h.id FROM household h JOIN building b ON b.id = h.building_id WHERE b.name = '3' AND h.room = '402'",
    ).get() as { id: string }).id;
    await call('watch:add', { householdId: household, note: '居家观察', until: '2020-02-20' });
    const v = await call<CheckView>('check:scan', { code: 'HM90003', source: 'wedge', direction: 'in' });
    expect(v.watchNotes).toEqual([{ note: '居家观察', until: '2020-02-20' }]);
    const other = await call<CheckView>('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    expect(other.watchNotes).toEqual([]);
    await call('staff:signOut', { staffId: 'demo-guard' });
    const s = await call<SignInResult>('staff:signIn', { staffId: 'demo-guard', pin: '1111' });
    expect(s.watchNotes).toEqual([expect.objectContaining({ household: '3-2-402', note: '居家观察' })]);
    gate.clock.set('2020-02-21T01:00:00.000Z'); // 2/21 in Shanghai: the note has run out
    const later = await call<CheckView>('check:scan', { code: 'HM90003', source: 'wedge', direction: 'in' });
    expect(later.watchNotes).toEqual([]);
  });
});
