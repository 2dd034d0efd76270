import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckView } from '../../src/shared/contract';
import { approval } from '../helpers/approval';
import { makeGate, type TestGate } from '../helpers/gate';

let gate: TestGate;
beforeEach(async () => {
  gate = await makeGate();
});
afterEach(() => gate.cleanup());

const call = async <T = unknown>(method: string, input: unknown): Promise<T> => {
  const r = await gate.dispatch(method, input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const entries = () => gate.db.prepare('SELECT * FROM entry_log ORDER BY seq').all() as Array<Record<string, unknown>>;

describe('a resident check through the core (temp database)', () => {
  it('scan then a normal reading: admitted, committed with who, where and the temperature', async () => {
    const first = await call<CheckView>('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    expect(first.stage).toBe('await_reading');
    expect(first.entryId).toBeNull();
    expect(entries()).toHaveLength(0);
    expect(first.household).toMatchObject({ building: '1', unit: '1', room: '101' });
    expect(first.resident).toEqual({ name: '张*', residency: 'owner' });
    expect(first.status).toMatchObject({ code: 'black', labelZh: '在家，假期未离开' });

    const done = await call<CheckView>('device:simulateReading', { celsius: 36.6 });
    expect(done.stage).toBe('admit');
    const rows = entries();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: done.entryId,
      gate_id: 'gate-south',
      direction: 'in',
      credential: 'HM90001',
      credential_source: 'wedge',
      building: '1',
      room: '101',
      resident_name_masked: '张*',
      temp_body_c: 36.6,
      temp_source: 'simulated',
      decision: 'admit',
      reasons: '',
    });
  });

  it('a reading taken just before the scan counts for it', async () => {
    expect(await call('device:simulateReading', { celsius: 36.4 })).toBeNull();
    gate.clock.advance(5_000);
    const v = await call<CheckView>('check:scan', { code: 'HM90002', source: 'wedge', direction: 'in' });
    expect(v.stage).toBe('admit');
    expect(v.temperatureC).toBe(36.4);
  });

  it('a stale reading (older than readingFreshS) does not count', async () => {
    await call('device:simulateReading', { celsius: 36.4 });
    gate.clock.advance(31_000);
    const v = await call<CheckView>('check:scan', { code: 'HM90002', source: 'wedge', direction: 'in' });
    expect(v.stage).toBe('await_reading');
  });

  it('fever: re-measure, then the second high reading refuses and raises an alert', async () => {
    await call('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    const again = await call<CheckView>('device:simulateReading', { celsius: 37.8 });
    expect(again.stage).toBe('remeasure');
    expect(entries()).toHaveLength(0);
    const denied = await call<CheckView>('device:simulateReading', { celsius: 37.9 });
    expect(denied).toMatchObject({ stage: 'deny', reasons: ['fever'], alert: true, temperatureC: 37.9 });
    expect(entries()).toHaveLength(1);
    expect(JSON.parse(entries()[0]!.readings_json as string).map((r: { celsius: number }) => r.celsius)).toEqual([37.8, 37.9]);
    const alerts = await call<Array<{ kind: string; household: string }>>('alert:list', {});
    expect(alerts).toEqual([expect.objectContaining({ kind: 'fever', household: '1-1-101' })]);
  });

  it('an unknown pass is refused at once and logged', async () => {
    const v = await call<CheckView>('check:scan', { code: 'NOPE-123', source: 'wedge', direction: 'in' });
    expect(v).toMatchObject({ stage: 'deny', reasons: ['unknown_pass'], household: null });
    expect(entries()[0]).toMatchObject({ decision: 'deny', reasons: 'unknown_pass', credential: 'NOPE-123', resident_id: null });
  });

  it('a resident under home observation going out is refused with an alert', async () => {
    const v = await call<CheckView>('check:scan', { code: 'HM90003', source: 'wedge', direction: 'out' });
    expect(v).toMatchObject({ stage: 'deny', reasons: ['home_observation'], alert: true });
    expect((await call<Array<{ kind: string }>>('alert:list', {}))[0]).toMatchObject({ kind: 'home_observation_exit' });
  });

  it('a new scan closes the unfinished check and logs it as referred', async () => {
    await call('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    await call('check:scan', { code: 'HM90002', source: 'wedge', direction: 'in' });
    expect(entries()[0]).toMatchObject({ credential: 'HM90001', decision: 'refer', reasons: 'no_reading,abandoned' });
  });

  it('a check left waiting past the timeout is logged by the ticker', async () => {
    await call('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    gate.clock.advance(121_000);
    gate.core.tick();
    expect(entries()).toHaveLength(1);
    expect(await call('check:current', {})).toBeNull();
  });

  it('soft anti-passback: going in twice warns but admits', async () => {
    await call('device:simulateReading', { celsius: 36.5 });
    await call('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    await call('device:simulateReading', { celsius: 36.5 });
    const v = await call<CheckView>('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    expect(v).toMatchObject({ stage: 'admit', reasons: ['already_inside'] });
    expect(v.insideSince).toBe('2020-02-10T01:00:00.000Z');
  });

  it('manual lookup of a resident without a card, with a staff reading, is flagged twice', async () => {
    const found = await call<Array<{ residentId: string; name: string }>>('roster:search', { building: '1', room: '101' });
    expect(found.map((r) => r.name).sort()).toEqual(['张*', '李*']);
    // A pass-less entry needs a second person (issue 6): the guard is alone, so the demo manager confirms.
    await call('check:manualEntry', { residentId: found[0]!.residentId, direction: 'in', reason: 'forgot pass', approval: approval('demo-guard', 'demo-manager') });
    const v = await call<CheckView>('check:manualReading', { celsius: 36.7 });
    expect(v).toMatchObject({ stage: 'admit', reasons: ['manual_lookup', 'manual_reading'] });
    expect(entries()[0]).toMatchObject({ credential_source: 'lookup', temp_source: 'manual' });
  });

  it('a failed commit shows nothing and keeps the check open', async () => {
    await call('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    gate.db.exec(`CREATE TRIGGER fail_insert BEFORE INSERT ON entry_log BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    const r = await gate.dispatch('device:simulateReading', { celsius: 36.5 });
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(entries()).toHaveLength(0);
    expect(await call<CheckView>('check:current', {})).toMatchObject({ stage: 'await_reading' });
    gate.db.exec('DROP TRIGGER fail_insert');
    expect(await call<CheckView>('device:simulateReading', { celsius: 36.5 })).toMatchObject({ stage: 'admit' });
  });

  it('log:list filters by local date, decision and building; export matches the rows', async () => {
    await call('check:scan', { code: 'NOPE', source: 'wedge', direction: 'in' });
    await call('device:simulateReading', { celsius: 36.5 });
    await call('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    // 01:00Z is 09:00 on 2020-02-10 in Shanghai.
    const all = await call<{ total: number }>('log:list', { filter: { from: '2020-02-10', to: '2020-02-10' }, limit: 100, offset: 0 });
    expect(all.total).toBe(2);
    const nextDay = await call<{ total: number }>('log:list', { filter: { from: '2020-02-11' }, limit: 100, offset: 0 });
    expect(nextDay.total).toBe(0);
    const denied = await call<{ rows: Array<{ credential: string }> }>('log:list', { filter: { decision: 'deny' }, limit: 100, offset: 0 });
    expect(denied.rows.map((r) => r.credential)).toEqual(['NOPE']);
    const b1 = await call<{ total: number }>('log:list', { filter: { building: '1' }, limit: 100, offset: 0 });
    expect(b1.total).toBe(1);
    const csv = await call<{ content: string; rows: number }>('log:exportCsv', { filter: {} });
    expect(csv.rows).toBe(2);
    expect(csv.content.split('\r\n').filter(Boolean)).toHaveLength(3);
  });
});
