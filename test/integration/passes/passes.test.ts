/**
 * Status map, temporary passes, vehicles and the household quota through the dispatcher, on a temp
 * database with the small roster (1-1-101 black ×2, 3-2-402 orange, 5-1-1201 pink).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckView } from '../../../src/shared/contract';
import type { HouseholdDetail, HouseholdPresence, StatusMap, TempPassView, VehicleEventView } from '../../../src/shared/passes';
import { join } from 'node:path';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { startGate } from '../../../src/main/runtime/startGate';
import { makeGate, ROOT, type TestGate } from '../../helpers/gate';

let gate: TestGate;
let pushed: { event: string; payload: unknown }[];
beforeEach(async () => {
  gate = await makeGate();
  pushed = [];
  gate.events.subscribe((event, payload) => pushed.push({ event, payload }));
});
afterEach(() => gate.cleanup());

const call = async <T = unknown>(method: string, input: unknown): Promise<T> => {
  const r = await gate.dispatch(method, input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const fails = async (method: string, input: unknown): Promise<string> => {
  const r = await gate.dispatch(method, input);
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
  return r.error.code;
};
const scan = (code: string, direction: 'in' | 'out' = 'in') => call<CheckView>('check:scan', { code, source: 'wedge', direction });
const reading = (celsius: number) => call<CheckView>('device:simulateReading', { celsius });
const householdOf = async (room: string): Promise<string> => {
  const map = await call<StatusMap>('statusMap:get', {});
  const h = map.buildings.flatMap((b) => b.households).find((x) => x.room === room);
  if (!h) throw new Error(`no household ${room}`);
  return h.id;
};

describe('household status map', () => {
  it('counts households per status of the active scheme, per building', async () => {
    const map = await call<StatusMap>('statusMap:get', {});
    expect(map.scheme).toBe('yijingyuan9');
    expect(map.total).toBe(3);
    expect(map.counts).toMatchObject({ black: 1, orange: 1, pink: 1, yellow: 0 });
    expect(Object.keys(map.counts)).toHaveLength(9);
    expect(map.other).toBe(0);
    expect(map.buildings.map((b) => b.name)).toEqual(['1', '3', '5']);
    expect(map.buildings[0]?.households[0]).toMatchObject({ room: '101', status: 'black', members: 2 });
    expect(map.schemes.map((s) => s.id).sort()).toEqual(['hongqiao5', 'yijingyuan9']);
  });

  it('a committee change recolours the household, applies to its members at the gate, is recorded and pushed', async () => {
    const id = await householdOf('101');
    const detail = await call<HouseholdDetail>('household:setStatus', { householdId: id, status: 'purple', note: '返沪居家隔离' });
    expect(detail.status).toBe('purple');
    expect(detail.members.map((m) => [m.name, m.status])).toEqual([
      ['张*', 'purple'],
      ['李*', 'purple'],
    ]);
    expect(detail.history[0]).toMatchObject({ from: 'black', to: 'purple', source: 'committee', note: '返沪居家隔离' });
    expect(pushed).toContainEqual({ event: 'household:changed', payload: { householdId: id } });
    const map = await call<StatusMap>('statusMap:get', {});
    expect(map.counts).toMatchObject({ black: 0, purple: 1 });
    // Purple is home isolation: the member may not go out.
    const out = await scan('HM90001', 'out');
    expect(out.stage).toBe('deny');
    expect(out.reasons).toContain('home_observation');
  });

  it('refuses a status outside the active scheme and an unknown household', async () => {
    const id = await householdOf('101');
    expect(await fails('household:setStatus', { householdId: id, status: 'hq_purple', note: '' })).toBe('invalid_input');
    expect(await fails('household:setStatus', { householdId: 'nope', status: 'black', note: '' })).toBe('not_found');
    expect((await call<HouseholdDetail>('household:detail', { householdId: id })).history).toEqual([]);
  });

  it('the 5-colour scheme is selectable; households outside it are counted as other', async () => {
    const map = await call<StatusMap>('statusMap:setScheme', { scheme: 'hongqiao5' });
    expect(map.activeScheme).toBe('hongqiao5');
    expect(Object.keys(map.counts)).toHaveLength(5);
    expect(map.other).toBe(3);
    const id = await householdOf('402');
    await call('household:setStatus', { householdId: id, status: 'hq_orange', note: '' });
    expect((await call<StatusMap>('statusMap:get', {})).counts.hq_orange).toBe(1);
    expect(await fails('statusMap:setScheme', { scheme: 'nope' })).toBe('invalid_input');
  });

  it('the detail shows masked members and recent checks', async () => {
    await scan('HM90001');
    await reading(36.5);
    const d = await call<HouseholdDetail>('household:detail', { householdId: await householdOf('101') });
    expect(d.members.map((m) => m.name)).toEqual(['张*', '李*']);
    expect(d.recentChecks).toHaveLength(1);
    expect(d.recentChecks[0]).toMatchObject({ direction: 'in', decision: 'admit', residentName: '张*', temperatureC: 36.5 });
  });
});

describe('temporary passes', () => {
  const issue = async (hours = 4): Promise<TempPassView> =>
    call<TempPassView>('tempPass:issue', { householdId: await householdOf('101'), purpose: 'medical', validHours: hours });

  it('a pass issued here is admitted on return after the temperature check, logged against the household', async () => {
    const pass = await issue();
    expect(pass).toMatchObject({ household: '1-1-101', state: 'valid', purpose: 'medical' });
    const first = await scan(pass.payload);
    expect(first.stage).toBe('await_reading');
    expect(first.household).toMatchObject({ building: '1', room: '101' });
    const done = await reading(36.6);
    expect(done.stage).toBe('admit');
    const row = gate.db.prepare('SELECT * FROM entry_log WHERE id = ?').get(done.entryId) as Record<string, unknown>;
    expect(row).toMatchObject({ credential: `temp-pass:${pass.id}`, pass_id: pass.id, building: '1', room: '101', decision: 'admit' });
    expect(row.resident_id).toBeNull();
  });

  it('a tampered pass is denied as forged', async () => {
    const pass = await issue();
    const i = pass.payload.indexOf('.', 6) - 10; // inside the body part
    const tampered = pass.payload.slice(0, i) + (pass.payload[i] === 'x' ? 'y' : 'x') + pass.payload.slice(i + 1);
    const v = await scan(tampered);
    expect(v.stage).toBe('deny');
    expect(v.reasons).toEqual(['forged_pass']);
    expect(gate.db.prepare('SELECT credential FROM entry_log WHERE id = ?').get(v.entryId)).toMatchObject({ credential: expect.stringMatching(/^temp-pass-forged:/) });
  });

  it('a revoked pass is denied as revoked; revoking twice keeps the first reason', async () => {
    const pass = await issue();
    const revoked = await call<TempPassView>('tempPass:revoke', { id: pass.id, reason: 'lost' });
    expect(revoked).toMatchObject({ state: 'revoked', revokeReason: 'lost' });
    expect((await call<TempPassView>('tempPass:revoke', { id: pass.id, reason: 'again' })).revokeReason).toBe('lost');
    const v = await scan(pass.payload);
    expect(v).toMatchObject({ stage: 'deny', reasons: ['revoked_pass'] });
  });

  it('a pass withdrawn by the committee hub (sync_revocation) is denied too', async () => {
    const pass = await issue();
    gate.db.prepare('INSERT INTO sync_revocation (pass_number, revoked_at, reason) VALUES (?, ?, ?)').run(pass.id, '2020-02-10T01:00:00Z', 'hub');
    expect((await scan(pass.payload)).reasons).toEqual(['revoked_pass']);
  });

  it('an expired pass is denied as expired', async () => {
    const pass = await issue(2);
    gate.clock.advance(2 * 3600_000);
    expect(await scan(pass.payload)).toMatchObject({ stage: 'deny', reasons: ['expired_pass'] });
    expect((await call<TempPassView[]>('tempPass:list', { limit: 10 }))[0]?.state).toBe('expired');
  });

  it('a pass from a gate under another committee key is denied as forged (wrong key)', async () => {
    const other = await makeGate();
    try {
      const map = (await other.dispatch('statusMap:get', {})) as { ok: true; value: StatusMap };
      const hid = map.value.buildings[0]!.households[0]!.id;
      const r = await other.dispatch('tempPass:issue', { householdId: hid, purpose: 'work', validHours: 4 });
      if (!r.ok) throw new Error(r.error.message);
      const v = await scan((r.value as TempPassView).payload);
      expect(v).toMatchObject({ stage: 'deny', reasons: ['forged_pass'] });
    } finally {
      await other.cleanup();
    }
  });

  it('prints a 58 or 80 mm receipt page carrying the payload; key info says local root', async () => {
    const pass = await issue();
    const { html, fileName } = await call<{ html: string; fileName: string }>('tempPass:printHtml', { id: pass.id, widthMm: 80 });
    expect(fileName).toBe(`temp-pass_${pass.id}.html`);
    expect(html).toContain(`data-payload="${pass.payload}"`);
    expect(html).toContain('size: 80mm');
    expect(await call('tempPass:keyInfo', {})).toMatchObject({ mode: 'local_root', canIssue: true });
    expect(await fails('tempPass:printHtml', { id: 'nope', widthMm: 58 })).toBe('not_found');
    expect(await fails('tempPass:printHtml', { id: pass.id, widthMm: 70 })).toBe('invalid_input');
  });
});

describe('vehicles', () => {
  it('a resident car with two occupants, one with a fever, is turned back and linked to both checks', async () => {
    const hid = await householdOf('101');
    await call('vehicle:addResident', { householdId: hid, plate: '沪ａ·12345' });
    expect(await call('vehicle:lookup', { plate: '沪A 12345' })).toMatchObject({ plate: '沪A12345', household: { id: hid, label: '1-1-101' } });

    const started = await call<VehicleEventView>('vehicle:start', { plate: '沪A12345', direction: 'in' });
    expect(started).toMatchObject({ kind: 'resident', decision: null, occupants: [] });
    expect(await fails('vehicle:finish', {})).toBe('invalid_input'); // nobody checked yet

    await scan('HM90001');
    const a = await reading(36.5);
    await scan('HM90002');
    await reading(38.2);
    expect(await fails('vehicle:finish', {})).toBe('conflict'); // the second person is still being re-measured
    const b = await reading(38.1);
    expect(b.stage).toBe('deny');

    const done = await call<VehicleEventView>('vehicle:finish', {});
    expect(done.decision).toBe('deny');
    expect(done.reasons).toEqual(['occupant_denied']);
    expect(done.occupants.map((o) => [o.entryId, o.decision])).toEqual([
      [a.entryId, 'admit'],
      [b.entryId, 'deny'],
    ]);
    expect(await call('vehicle:current', {})).toBeNull();
    expect(pushed.some((p) => p.event === 'vehicle:updated')).toBe(true);
  });

  it('all occupants admitted: the vehicle is admitted; the daily report counts it', async () => {
    await call('vehicle:addResident', { householdId: await householdOf('101'), plate: '沪AD12345' });
    await call('vehicle:start', { plate: '沪AD12345', direction: 'in' });
    await scan('HM90001');
    await reading(36.4);
    expect(await call('vehicle:finish', {})).toMatchObject({ decision: 'admit', reasons: [] });
    const report = await call<{ vehicles: { available: boolean; in: number } }>('report:daily', { from: '2020-02-10', to: '2020-02-10' });
    expect(report.vehicles).toMatchObject({ available: true, in: 1 });
  });

  it('an unknown plate is refused (logged) or registered as a visitor of a household', async () => {
    expect(await fails('vehicle:start', { plate: '苏E88888', direction: 'in' })).toBe('not_found');
    const refused = await call<VehicleEventView>('vehicle:refuse', { plate: '苏E88888', direction: 'in' });
    expect(refused).toMatchObject({ kind: 'unknown', decision: 'deny', reasons: ['unknown_vehicle'] });
    const visitor = await call<VehicleEventView>('vehicle:start', {
      plate: '苏E88888',
      direction: 'in',
      visitor: { householdId: await householdOf('402'), note: '送药' },
    });
    expect(visitor).toMatchObject({ kind: 'visitor', household: '3-2-402', note: '送药' });
    expect(await fails('vehicle:start', { plate: '苏E88888', direction: 'in' })).toBe('conflict');
    expect(await call('vehicle:cancel', {})).toMatchObject({ decision: 'deny', reasons: ['cancelled'] });
  });

  it('refuses a malformed plate with the problem named, and a plate of another household', async () => {
    const r = await gate.dispatch('vehicle:lookup', { plate: 'ABC123' });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'invalid_input', details: { field: 'plate', problem: 'bad_province' } });
    await call('vehicle:addResident', { householdId: await householdOf('101'), plate: '沪A12345' });
    expect(await fails('vehicle:addResident', { householdId: await householdOf('402'), plate: '沪A12345' })).toBe('conflict');
    expect(await call('vehicle:removeResident', { plate: '沪A12345' })).toEqual({ removed: true });
  });
});

describe('presence and household quota', () => {
  it('shows who of the household is outside, since when', async () => {
    const hid = await householdOf('101');
    const out = await scan('HM90001', 'out');
    expect(out.stage).toBe('admit');
    const p = await call<HouseholdPresence>('presence:household', { householdId: hid });
    expect(p.outside).toEqual([{ residentId: expect.any(String), name: '张*', since: '2020-02-10T01:00:00.000Z', gateId: 'gate-south' }]);
    gate.clock.advance(60_000);
    await scan('HM90001', 'in');
    await reading(36.5);
    expect((await call<HouseholdPresence>('presence:household', { householdId: hid })).outside).toEqual([]);
  });

  it('one exit per household per 48 h: the second is a warning, or refused when enforced, and the window ends', async () => {
    await call('presence:setQuota', { quota: { maxOuts: 1, windowHours: 48, enforce: false } });
    expect((await scan('HM90001', 'out')).reasons).toEqual([]);
    const second = await scan('HM90002', 'out');
    expect(second.stage).toBe('admit');
    expect(second.reasons).toEqual(['household_quota']);
    const p = await call<HouseholdPresence>('presence:household', { householdId: await householdOf('101') });
    expect(p).toMatchObject({ outsInWindow: 2, overQuota: true });

    await call('presence:setQuota', { quota: { maxOuts: 1, windowHours: 48, enforce: true } });
    expect(await scan('HM90002', 'out')).toMatchObject({ stage: 'deny', reasons: ['household_quota'] });
    // Another household is not affected.
    expect((await scan('HM90003', 'in')).reasons).not.toContain('household_quota');

    gate.clock.advance(48 * 3600_000 + 1000);
    expect(await scan('HM90001', 'out')).toMatchObject({ stage: 'admit', reasons: [] });
    await call('presence:setQuota', { quota: null });
    expect(await call('presence:getQuota', {})).toBeNull();
  });
});

describe('roster import with plates', () => {
  const file = (...lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8').toString('base64');
  const HEAD = '楼号,单元,室,姓名,电话,身份证号,户籍,出入证号,状态,车牌';

  it('puts the file’s plates on the roster, replaces them on the next full import, keeps gate-registered ones', async () => {
    const imported = await call<{ imported: boolean }>('roster:import', {
      fileName: 'r.csv',
      dataBase64: file(HEAD, '1,1,101,张伟,,,owner,HM90001,black,沪A12345', '3,2,402,王小明,,,renter,HM90003,orange,'),
      mode: 'all_or_nothing',
      dryRun: false,
    });
    expect(imported.imported).toBe(true);
    expect(await call('vehicle:lookup', { plate: '沪A12345' })).toMatchObject({ household: { label: '1-1-101' } });
    await call('vehicle:addResident', { householdId: await householdOf('402'), plate: '沪C55555' });

    await call('roster:import', {
      fileName: 'r.csv',
      dataBase64: file(HEAD, '1,1,101,张伟,,,owner,HM90001,black,沪AD12345', '3,2,402,王小明,,,renter,HM90003,orange,'),
      mode: 'all_or_nothing',
      dryRun: false,
    });
    expect(await call('vehicle:lookup', { plate: '沪A12345' })).toMatchObject({ household: null });
    expect(await call('vehicle:lookup', { plate: '沪AD12345' })).toMatchObject({ household: { label: '1-1-101' } });
    expect(await call('vehicle:lookup', { plate: '沪C55555' })).toMatchObject({ household: { label: '3-2-402' } });
  });
});

describe('presence as of a scan', () => {
  it('the scan card asks as of its start, so the person going out is not listed by their own exit', async () => {
    const hid = await householdOf('101');
    await call('presence:setQuota', { quota: { maxOuts: 1, windowHours: 48, enforce: false } });
    gate.clock.advance(1000);
    const first = await scan('HM90001', 'out');
    gate.clock.advance(1000);
    const second = await scan('HM90002', 'out');
    const asOfSecond = await call<HouseholdPresence>('presence:household', { householdId: hid, before: second.startedAt });
    expect(asOfSecond.outside.map((o) => o.name)).toEqual(['张*']);
    expect(asOfSecond).toMatchObject({ outsInWindow: 1, overQuota: true });
    const asOfFirst = await call<HouseholdPresence>('presence:household', { householdId: hid, before: first.startedAt });
    expect(asOfFirst).toMatchObject({ outside: [], outsInWindow: 0, overQuota: false });
  });
});

describe('restart', () => {
  it('an open vehicle check and the passes issued before a restart carry on after it', async () => {
    const hid = await householdOf('101');
    const pass = await call<TempPassView>('tempPass:issue', { householdId: hid, purpose: 'work', validHours: 8 });
    await call('vehicle:addResident', { householdId: hid, plate: '沪A12345' });
    await call('vehicle:start', { plate: '沪A12345', direction: 'in' });
    await scan('HM90001');
    await reading(36.5);
    await gate.close();

    const again = await startGate({ dataDir: gate.dataDir, resourcesDir: join(ROOT, 'resources'), clock: gate.clock, newId: uuidv7Generator(gate.clock), log: () => {} });
    try {
      again.staff.signIn(again.staff.staff.get('demo-guard')!, 'pin');
      const on = async <T>(method: string, input: unknown): Promise<T> => {
        const r = await again.dispatch(method, input);
        if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
        return r.value as T;
      };
      expect(await on<VehicleEventView>('vehicle:current', {})).toMatchObject({ plate: '沪A12345', decision: null, occupants: [{ residentName: '张*' }] });
      // The pass holder rides along: the restarted gate still verifies the pass with the same keys.
      expect(await on<CheckView>('check:scan', { code: pass.payload, source: 'wedge', direction: 'in' })).toMatchObject({ stage: 'await_reading' });
      expect(await on<CheckView>('device:simulateReading', { celsius: 36.4 })).toMatchObject({ stage: 'admit' });
      const done = await on<VehicleEventView>('vehicle:finish', {});
      expect(done).toMatchObject({ decision: 'admit' });
      expect(done.occupants).toHaveLength(2);
    } finally {
      await again.close();
    }
  });
});

describe('a returnee registered at the gate recolours the household', () => {
  const register = (keyRegion: boolean, householdId: string, arrivedOn = '2020-02-10') =>
    call('returnee:register', {
      residentId: null,
      householdId,
      name: '陈晓',
      idNumber: withCheckDigit('31010119800101123'),
      phone: '13900000009',
      originProvince: '湖北省',
      originCity: '武汉市',
      keyRegion,
      transport: 'train',
      transportNo: 'G1',
      arrivedOn,
      symptoms: [],
      readings: [{ celsius: 36.5, source: 'simulated' }],
    });

  it('from a key region: the household turns orange (in isolation), recorded as a gate change and pushed', async () => {
    const hid = await householdOf('101');
    await register(true, hid);
    const d = await call<HouseholdDetail>('household:detail', { householdId: hid });
    expect(d.status).toBe('orange');
    expect(d.history[0]).toMatchObject({ from: 'black', to: 'orange', source: 'gate', staff: ['demo-guard'] });
    // Only the map colour: the members' own statuses are the committee's to change.
    expect(d.members.map((m) => m.status)).toEqual(['black', 'black']);
    expect(pushed).toContainEqual({ event: 'household:changed', payload: { householdId: hid } });
    expect((await call<StatusMap>('statusMap:get', {})).counts).toMatchObject({ black: 0, orange: 2 });
  });

  it('never lowers a more severe colour, and an arrival whose observation is already over changes nothing', async () => {
    const orange = await householdOf('402');
    await register(false, orange); // purple is less severe than orange
    expect((await call<HouseholdDetail>('household:detail', { householdId: orange })).status).toBe('orange');
    const black = await householdOf('101');
    await register(false, black, '2020-01-01');
    expect((await call<HouseholdDetail>('household:detail', { householdId: black })).status).toBe('black');
    await register(false, black);
    expect((await call<HouseholdDetail>('household:detail', { householdId: black })).status).toBe('purple');
  });
});

/** A valid mainland ID number from its first 17 digits (GB 11643 check character). */
function withCheckDigit(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}
