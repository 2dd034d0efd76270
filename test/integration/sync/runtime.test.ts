/**
 * Sync inside the running gate (runtime/startGate.ts → GateSync) through the contract, as the UI
 * uses it: enrolment at runtime starts syncing without a restart, a logged check is pushed on its
 * own, status and its event, the typed errors, local roster import refused once enrolled, the
 * quarantine list and retry, and alerts (raised and acknowledged) reaching the hub.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../../src/shared/sync';
import { BACKENDS, count, expectOk, PG_OK, setupCompound, startHub, type Compound, type TestHub } from '../../hub/helpers';
import { makeGate, SMALL_ROSTER, type TestGate } from '../../helpers/gate';
import { check } from './helpers';
import { freePort } from './hubProcess';

const backend = BACKENDS.find((b) => b.name === (PG_OK ? 'postgres' : 'pglite'))!;

type Answer = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; details?: unknown } };

async function until<T>(what: string, fn: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe(`sync in the running gate (${backend.name})`, () => {
  let h: TestHub;
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    h = await startHub(backend);
  }, 60_000);
  afterAll(async () => h?.close());
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function gateFor(c: Compound, gateId: string, roster = SMALL_ROSTER): Promise<TestGate & { qr: string; statuses: SyncStatusView[] }> {
    const created = expectOk(await h.admin('POST', `${c.base}/gates`, { id: gateId, name: gateId }));
    const g = await makeGate({ roster, config: { compound: { id: c.compound, name: '示范小区' }, gate: { id: gateId, name: gateId }, devices: [] } });
    cleanups.push(g.cleanup);
    const statuses: SyncStatusView[] = [];
    g.events.subscribe((e, p) => {
      if (e === 'sync:status') statuses.push(p as SyncStatusView);
    });
    return Object.assign(g, { qr: created.json.enrolment.qr as string, statuses });
  }
  const call = (g: TestGate, method: string, input: unknown = {}): Promise<Answer> => g.dispatch(method, input) as Promise<Answer>;
  const value = async <T,>(g: TestGate, method: string, input: unknown = {}): Promise<T> => {
    const r = await call(g, method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const hubEvents = (c: Compound, kind = 'entry') => count(h.db, 'SELECT count(*) FROM event WHERE compound_id = $1 AND kind = $2', [c.compound, kind]);

  it('enrolling at runtime starts syncing at once; a check reaches the hub with no "sync now"; the roster becomes the hub\'s', async () => {
    const c = await setupCompound(h, []);
    expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: SMALL_ROSTER }));
    const g = await gateFor(c, 'gate-a', []);
    const fresh = await value<SyncStatusView>(g, 'sync:status');
    expect(fresh).toMatchObject({ enrolled: false, state: 'not_enrolled', hubUrl: null, backlog: 0, rosterStale: false, unsentAlarm: false });

    const enrolled = await value<{ hubUrl: string; status: SyncStatusView }>(g, 'sync:enrol', { qr: g.qr });
    expect(enrolled.hubUrl).toBe(h.url);
    expect(enrolled.status.enrolled).toBe(true);
    // The loop pulls the hub's roster by itself.
    const pulled = await until('the first pull', () => value<SyncStatusView>(g, 'sync:status'), (s) => s.rosterAsOf !== null);
    expect(pulled).toMatchObject({ enrolled: true, hubUrl: h.url, rosterStale: false });
    // …and tells the screens: a sync:status event carries the new roster time.
    await until('a status event with the roster', () => g.statuses, (l) => l.some((s) => s.enrolled && s.rosterAsOf === pulled.rosterAsOf));

    expect((await check(g, 'HM90001')).stage).toBe('admit');
    await until('the check at the hub', () => hubEvents(c), (n) => n === 1);
    const after = await until('the acknowledgement', () => value<SyncStatusView>(g, 'sync:status'), (s) => s.backlog === 0 && s.lastPushAt !== null);
    expect(after.oldestUnsentAt).toBe(null);
  });

  it('typed errors: a bad QR, a code for another gate, an unreachable hub, a used code; nothing is stored', async () => {
    const c = await setupCompound(h, []);
    const g = await gateFor(c, 'gate-a');
    const other = expectOk(await h.admin('POST', `${c.base}/gates`, { id: 'gate-b', name: 'gate-b' })).json.enrolment.qr as string;
    expect(await call(g, 'sync:enrol', { qr: 'HM90001' })).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { reason: 'bad_qr' } } });
    expect(await call(g, 'sync:enrol', { qr: other })).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'mismatch' } } });
    expect(await call(g, 'sync:enrol', { hubUrl: h.url })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(g, 'sync:enrol', { qr: g.qr, code: 'ABCDEF12' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(g, 'sync:enrol', { hubUrl: 'ftp://example', code: 'ABCDEF12' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const closed = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await call(g, 'sync:enrol', { qr: g.qr.replace(encodeURIComponent(h.url), encodeURIComponent(closed)) });
    expect(unreachable).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await call(g, 'sync:enrol', { hubUrl: h.url, code: 'NOTACODE99' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await value<SyncStatusView>(g, 'sync:status')).enrolled).toBe(false);
    expect(await call(g, 'sync:now')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(g.db.prepare("SELECT count(*) AS n FROM audit_log WHERE kind = 'sync.enrol'").get()).toEqual({ n: 0 });
    // The real code still works after all that, once, and the audit trail says who enrolled the gate where.
    expect((await call(g, 'sync:enrol', { qr: g.qr })).ok).toBe(true);
    const audit = g.db.prepare("SELECT actors_json, subject, details_json FROM audit_log WHERE kind = 'sync.enrol'").all() as Array<Record<string, string>>;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject).toBe(h.url);
    expect(JSON.parse(audit[0]!.actors_json as string)).not.toEqual([]);
    expect(JSON.parse(audit[0]!.details_json as string)).toEqual({ committeeId: c.committee, compoundId: c.compound, gateId: 'gate-a', by: 'qr' });
    expect(JSON.stringify(audit)).not.toContain(g.db.prepare('SELECT token FROM sync_state').pluck().get() as string);
    const again = await call(g, 'sync:enrol', { qr: g.qr });
    expect(again.ok).toBe(false);
    expect(['forbidden', 'conflict']).toContain((again as { error: { code: string } }).error.code);
  });

  it('once enrolled, a local roster import is refused with a typed error, dry runs included', async () => {
    const c = await setupCompound(h, []);
    const g = await gateFor(c, 'gate-a');
    const csv = Buffer.from('楼号,单元,室,姓名,电话,身份证号,户籍,出入证号,状态\n1,1,101,张伟,13900000001,,业主,HM1,black\n').toString('base64');
    const input = { fileName: 'r.csv', dataBase64: csv, mode: 'all_or_nothing', dryRun: true };
    expect((await call(g, 'roster:import', input)).ok).toBe(true); // not enrolled: the gate's own roster
    await value(g, 'sync:enrol', { qr: g.qr });
    for (const dryRun of [true, false]) {
      expect(await call(g, 'roster:import', { ...input, dryRun })).toMatchObject({
        ok: false,
        error: { code: 'forbidden', details: { reason: 'roster_from_hub' } },
      });
    }
  });

  it('sync now and its status event, the clock skew flag, the stale roster', async () => {
    const c = await setupCompound(h, []);
    const g = await gateFor(c, 'gate-a');
    await value(g, 'sync:enrol', { qr: g.qr });
    g.clock.set(new Date());
    const events = g.statuses.length;
    const now = await value<SyncStatusView>(g, 'sync:now');
    expect(now).toMatchObject({ state: 'idle', connected: true, rosterCurrent: true, skewed: false, quarantined: 0, lastError: null });
    expect(now.limits).toEqual({ rosterStaleAfterS: 24 * 3600, unsentAlarmAfterS: 3600 });
    expect(g.statuses.length).toBeGreaterThan(events);
    expect(g.statuses.at(-1)).toMatchObject({ state: 'idle', lastPullAt: now.lastPullAt });
    // A gate clock a day behind the hub's is flagged; the roster "as of" is the hub's time, so it now looks old.
    g.clock.set(new Date(Date.now() - 24 * 3600_000));
    expect((await value<SyncStatusView>(g, 'sync:now')).skewed).toBe(true);
    g.clock.set(new Date(Date.now() + 25 * 3600_000));
    expect((await value<SyncStatusView>(g, 'sync:status')).rosterStale).toBe(true);
  });

  it('the backlog alarm: an unsent check older than the limit, while the hub cannot be reached', async () => {
    const c = await setupCompound(h, []);
    const g = await gateFor(c, 'gate-a');
    const closed = `http://127.0.0.1:${await freePort()}`;
    await value(g, 'sync:enrol', { qr: g.qr });
    await value(g, 'sync:now');
    // Point the gate at a dead address (as if the hub went away) and log a check.
    g.db.prepare('UPDATE sync_state SET hub_url = ? WHERE id = 1').run(closed);
    await check(g, 'HM90001');
    expect(await call(g, 'sync:now')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const fresh = await value<SyncStatusView>(g, 'sync:status');
    expect(fresh).toMatchObject({ backlog: 1, unsentAlarm: false, state: 'offline' });
    g.clock.advance(61 * 60_000);
    const old = await value<SyncStatusView>(g, 'sync:status');
    expect(old).toMatchObject({ backlog: 1, unsentAlarm: true });
    expect(old.oldestUnsentAgeS).toBeGreaterThan(3600);
    expect(await call(g, 'sync:retryQuarantine')).toMatchObject({ ok: true, value: { released: 0, still: 0 } });
  });

  it('quarantine: listed with its kind and reason, retried, released when the hub takes it', async () => {
    const c = await setupCompound(h, []);
    const g = await gateFor(c, 'gate-a');
    await value(g, 'sync:enrol', { qr: g.qr });
    await check(g, 'HM90001');
    await check(g, 'HM90002');
    // As if the hub had refused the first one for good in an earlier release.
    const first = g.db.prepare('SELECT id, seq FROM entry_log ORDER BY seq LIMIT 1').get() as { id: string; seq: number };
    g.db
      .prepare('INSERT INTO sync_quarantine (event_id, seq, code, reason, quarantined_at) VALUES (?, ?, ?, ?, ?)')
      .run(first.id, first.seq, 'invalid_event', 'events[0].payload.reasons: unknown', g.clock.now().toISOString());
    const s = await value<SyncStatusView>(g, 'sync:now');
    expect(s).toMatchObject({ quarantined: 1, backlog: 0 });
    expect(await hubEvents(c)).toBe(1);
    const list = await value<{ count: number; items: Array<Record<string, unknown>> }>(g, 'sync:quarantine', { limit: 10 });
    expect(list).toMatchObject({ count: 1, items: [{ eventId: first.id, kind: 'entry', seq: first.seq, code: 'invalid_event' }] });
    expect(await call(g, 'sync:quarantine', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await value(g, 'sync:retryQuarantine')).toEqual({ released: 1, still: 0 });
    expect(await hubEvents(c)).toBe(2);
    expect((await value<SyncStatusView>(g, 'sync:status')).quarantined).toBe(0);
  });

  it('alerts reach the hub as their own events, and so does their acknowledgement', async () => {
    const c = await setupCompound(h, []);
    expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: SMALL_ROSTER }));
    const g = await gateFor(c, 'gate-a', []);
    await value(g, 'sync:enrol', { qr: g.qr });
    await value(g, 'sync:now');
    const zhang = (expectOk(await h.admin('GET', `${c.base}/residents?name=张伟`)).json.residents as Array<{ id: string }>)[0]!;
    expectOk(await h.admin('PATCH', `${c.base}/residents/${zhang.id}`, { status: 'purple' })); // home isolation
    await value(g, 'sync:now');
    const seen = g.statuses.length;
    expect(await check(g, 'HM90001', 'out')).toMatchObject({ stage: 'deny', alert: true });
    // The loop pushes the check and its alert by itself, then settles (its next round is 15 s away).
    const raised = await until(
      'the alert at the hub',
      async () =>
        (await h.db.query<{ gate_id: string; payload: Record<string, unknown> }>("SELECT gate_id, payload FROM event WHERE compound_id = $1 AND kind = 'alert'", [c.compound]))
          .rows,
      (rows) => rows.length > 0,
    );
    await until('the round to end', () => g.statuses.slice(seen), (l) => l.some((x) => x.state === 'idle' && x.backlog === 0));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ gate_id: 'gate-a', payload: { action: 'raised', alertKind: 'home_observation_exit' } });
    const alertId = raised[0]!.payload.alertId as string;
    await value(g, 'alert:ack', { id: alertId });
    // No "sync now": the acknowledgement itself wakes the loop.
    const acks = await until(
      'the acknowledgement at the hub',
      async () =>
        (
          await h.db.query<{ payload: Record<string, unknown> }>(
            "SELECT payload FROM event WHERE compound_id = $1 AND kind = 'alert' AND payload->>'action' = 'acknowledged'",
            [c.compound],
          )
        ).rows,
      (rows) => rows.length > 0,
      5_000, // well inside the 15 s interval: only the wake-up can make it
    );
    expect(acks).toEqual([{ payload: expect.objectContaining({ alertId, action: 'acknowledged' }) }]);
    // Pushed once: another round sends nothing again, and the hub's entry export is entries only.
    const s = await value<SyncStatusView>(g, 'sync:now');
    expect(s.backlog).toBe(0);
    expect(await hubEvents(c, 'alert')).toBe(2);
    expect(await hubEvents(c)).toBe(1);
  });
  it('a token revoked at the hub: status says so, "sync now" is forbidden, a new code enrols again without a restart and nothing is lost', async () => {
    const c = await setupCompound(h, []);
    const g = await gateFor(c, 'gate-a');
    await value(g, 'sync:enrol', { qr: g.qr });
    await check(g, 'HM90001');
    await value(g, 'sync:now');
    expect(await hubEvents(c)).toBe(1);
    expectOk(await h.admin('POST', `${c.base}/gates/gate-a/revoke`, {}));
    await check(g, 'HM90002');
    const refused = await call(g, 'sync:now');
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await value<SyncStatusView>(g, 'sync:status')).toMatchObject({ enrolled: true, state: 'unauthorized', backlog: 1 });
    expect(g.statuses.at(-1)).toMatchObject({ state: 'unauthorized' });
    const code = expectOk(await h.admin('POST', `${c.base}/gates/gate-a/enrolment`, {})).json.qr as string;
    await value(g, 'sync:enrol', { qr: code });
    // The fresh loop pushes what waited, by itself; the first check is not sent twice.
    await until('the waiting check at the hub', () => hubEvents(c), (n) => n === 2);
    const s = await until('the status', () => value<SyncStatusView>(g, 'sync:status'), (x) => x.state === 'idle' && x.backlog === 0);
    expect(s.lastError).toBe(null);
    expect(await hubEvents(c)).toBe(2);
  });
});
