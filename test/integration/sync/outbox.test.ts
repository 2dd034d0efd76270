/**
 * The gate's outbox against a real hub: the acknowledged mark moves only on acknowledgement,
 * failures back off without losing or blocking anything, and only the hub's own permanent
 * refusals set an event aside.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Backoff } from '../../../src/main/sync/backoff';
import { HubClient, type FetchLike } from '../../../src/main/sync/hubClient';
import { SyncService } from '../../../src/main/sync/syncService';
import { BACKENDS, count, PG_OK, setupCompound, startHub, type TestHub } from '../../hub/helpers';
import { makeGate } from '../../helpers/gate';
import { check, enrolledGate, entryCount, type SyncedGate } from './helpers';

const backend = BACKENDS.find((b) => b.name === (PG_OK ? 'postgres' : 'pglite'))!;

describe(`gate outbox (${backend.name})`, () => {
  let h: TestHub;
  const gates: SyncedGate[] = [];
  beforeAll(async () => {
    h = await startHub(backend);
  }, 60_000);
  afterAll(async () => h?.close());
  afterEach(async () => {
    for (const g of gates.splice(0)) await g.cleanup();
  });

  async function gate(fetch?: FetchLike, o: { batchSize?: number; timeoutMs?: number } = {}): Promise<SyncedGate & { hubCount: () => Promise<number> }> {
    const c = await setupCompound(h, []);
    const g = await enrolledGate(h, c, 'gate-a', { sync: { fetch, ...o } });
    gates.push(g);
    return Object.assign(g, { hubCount: () => count(h.db, 'SELECT count(*) FROM event WHERE compound_id = $1', [c.compound]) });
  }
  const realFetch: FetchLike = (url, init) => fetch(url, init);
  const pushes = (url: string) => url.includes('/v1/events');

  it('a fresh gate reports not_enrolled and touches nothing', async () => {
    const g = await makeGate();
    try {
      const s = await new SyncService({ db: g.db, compoundId: 'demo-compound', clock: g.clock }).syncOnce();
      expect(s).toMatchObject({ state: 'not_enrolled', connected: false, backlog: 0 });
    } finally {
      await g.cleanup();
    }
  });

  it('checks reach the hub; the mark moves to the last acknowledged seq; backlog and age are reported', async () => {
    const g = await gate();
    for (let i = 0; i < 5; i++) await check(g, 'NOPE-' + i); // unknown passes are refused and logged too
    const before = g.sync.outbox.backlog();
    expect(before).toMatchObject({ count: 5, oldestUnsentAt: '2020-02-10T01:00:00.000Z' });
    g.clock.advance(90_000);
    expect(g.sync.outbox.backlog().oldestUnsentAgeS).toBe(90);
    const s = await g.sync.syncOnce();
    expect(s).toMatchObject({ state: 'idle', connected: true, backlog: 0, ackedSeq: 5, quarantined: 0, lastError: null });
    expect(await g.hubCount()).toBe(5);
  });

  it('an acknowledgement lost on the way back: the mark stays, the retry is all duplicates, then it moves', async () => {
    let lose = 1;
    const g = await gate(async (url, init) => {
      const res = await realFetch(url, init);
      if (pushes(url) && lose-- > 0) throw new TypeError('fetch failed (connection reset)'); // hub committed, gate never hears
      return res;
    });
    await check(g, 'X1');
    await check(g, 'X2');
    const first = await g.sync.syncOnce();
    expect(first.ackedSeq).toBe(0);
    expect(first.backlog).toBe(2);
    expect(first.lastError).toMatchObject({ step: 'push', code: 'network', retryable: true });
    expect(await g.hubCount()).toBe(2);
    const second = await g.sync.syncOnce();
    expect(second).toMatchObject({ ackedSeq: 2, backlog: 0, lastError: null });
    expect(await g.hubCount()).toBe(2);
  });

  it('hub down, 5xx, a proxy error page, a timeout: retried with backoff, nothing set aside, nothing lost', async () => {
    const answers: Array<() => Promise<Response>> = [
      async () => new Response('{"error":{"code":"internal","message":"internal error"}}', { status: 500 }),
      async () => new Response('<html><body>404 Not Found</body></html>', { status: 404, headers: { 'content-type': 'text/html' } }),
      async () => new Response('<html>502 Bad Gateway</html>', { status: 502 }),
      async () => new Promise<Response>(() => {}), // never answers
      async () => Promise.reject(new TypeError('fetch failed')),
    ];
    let i = 0;
    const g = await gate(async (url, init) => {
      if (!pushes(url) || i >= answers.length) return realFetch(url, init);
      const answer = answers[i++]!;
      return Promise.race([
        answer(),
        new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
      ]);
    }, { timeoutMs: 300 });
    await check(g, 'Y1');
    const codes: string[] = [];
    for (let k = 0; k < answers.length; k++) {
      const s = await g.sync.syncOnce();
      codes.push(s.lastError?.code ?? 'none');
      expect(s).toMatchObject({ ackedSeq: 0, backlog: 1, quarantined: 0 });
    }
    expect(codes).toEqual(['internal', 'http_404', 'http_502', 'timeout', 'network']);
    expect((await g.sync.syncOnce())).toMatchObject({ ackedSeq: 1, backlog: 0, quarantined: 0, lastError: null });
  });

  it('backoff grows exponentially with jitter and resets', () => {
    const b = new Backoff({ baseMs: 100, capMs: 1_000, random: () => 0.5 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([75, 150, 300, 600, 750]);
    b.reset();
    expect(b.next()).toBe(75);
    const spread = new Set(Array.from({ length: 20 }, () => new Backoff({ baseMs: 1000, capMs: 1000 }).next()));
    expect(spread.size).toBeGreaterThan(1);
    for (const d of spread) expect(d >= 500 && d <= 1000).toBe(true);
  });

  it('the hub refuses one event for good: that event is quarantined, the rest arrive, the queue moves on', async () => {
    let poison = '';
    const g = await gate(async (url, init) => {
      if (pushes(url)) {
        const events = (JSON.parse(String(init.body)) as { events: Array<{ id: string }> }).events;
        const index = events.findIndex((e) => e.id === poison);
        if (index >= 0) {
          return new Response(JSON.stringify({ error: { code: 'invalid_event', message: `events[${index}].payload: refused`, index } }), { status: 400 });
        }
      }
      return realFetch(url, init);
    });
    for (let i = 0; i < 6; i++) await check(g, `Z${i}`);
    poison = (g.db.prepare('SELECT id FROM entry_log WHERE seq = 3').get() as { id: string }).id;
    const s = await g.sync.syncOnce();
    expect(s).toMatchObject({ ackedSeq: 6, backlog: 0, quarantined: 1, lastError: null });
    expect(g.sync.outbox.quarantine().recent).toEqual([expect.objectContaining({ eventId: poison, seq: 3, code: 'invalid_event' })]);
    expect(await g.hubCount()).toBe(5);
    expect(entryCount(g)).toBe(6); // the entry log is untouched
    // After a hub fix the quarantined event can be sent again.
    poison = '';
    const client = new HubClient({ baseUrl: h.url, token: (g.db.prepare('SELECT token FROM sync_state').get() as { token: string }).token });
    expect(await g.sync.outbox.retryQuarantined(client)).toEqual({ released: 1, still: 0 });
    expect(await g.hubCount()).toBe(6);
  });

  it('a corrupt row is set aside locally without bothering the hub', async () => {
    const g = await gate();
    await check(g, 'C1');
    g.db
      .prepare(
        `INSERT INTO entry_log (id, compound_id, gate_id, direction, credential, credential_source, readings_json, decision, reasons, staff_json, started_at, occurred_at, recorded_at)
         VALUES ('0190a5c4-0000-7000-8000-0000000000aa', 'x', 'gate-a', 'in', 'C2', 'wedge', 'not json', 'admit', '', '[]', 'then', 'now', 'now')`,
      )
      .run();
    await check(g, 'C3');
    const s = await g.sync.syncOnce();
    expect(s).toMatchObject({ ackedSeq: 3, backlog: 0, quarantined: 1 });
    expect(g.sync.outbox.quarantine().recent[0]).toMatchObject({ seq: 2, code: 'invalid_local' });
    expect(await g.hubCount()).toBe(2);
  });

  it('a batch refused as too large (413, even from a proxy) is split until it fits; nothing is quarantined', async () => {
    const sizes: number[] = [];
    const g = await gate(async (url, init) => {
      if (pushes(url)) {
        const n = (JSON.parse(String(init.body)) as { events: unknown[] }).events.length;
        sizes.push(n);
        if (n > 3) return new Response('<html>413 Request Entity Too Large</html>', { status: 413 });
      }
      return realFetch(url, init);
    }, { batchSize: 10 });
    for (let i = 0; i < 10; i++) await check(g, `L${i}`);
    const s = await g.sync.syncOnce();
    expect(s).toMatchObject({ ackedSeq: 10, backlog: 0, quarantined: 0 });
    expect(sizes.slice(0, 3)).toEqual([10, 5, 3]);
    expect(await g.hubCount()).toBe(10);
  });

  it('a revoked token stops sync (unauthorized), keeps every event and quarantines nothing', async () => {
    const g = await gate();
    await check(g, 'R1');
    const compound = g.config.compound.id;
    const committee = (g.db.prepare('SELECT committee_id FROM sync_state').get() as { committee_id: string }).committee_id;
    await h.admin('POST', `/v1/admin/committees/${committee}/compounds/${compound}/gates/gate-a/revoke`);
    const s = await g.sync.syncOnce();
    expect(s).toMatchObject({ state: 'unauthorized', backlog: 1, ackedSeq: 0, quarantined: 0 });
    expect(s.lastError).toMatchObject({ step: 'push', retryable: false });
  });

  it('the loop: start, checks are pushed on their own, status is emitted, stop', async () => {
    const g = await gate();
    const states: string[] = [];
    g.sync.onStatus((s) => states.push(s.state));
    g.sync.start();
    await check(g, 'LOOP1');
    g.sync.notify();
    const deadline = Date.now() + 10_000;
    while ((await g.hubCount()) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await g.sync.stop();
    expect(await g.hubCount()).toBe(1);
    expect(states).toContain('syncing');
    expect(states).toContain('idle');
    expect(g.sync.status()).toMatchObject({ backlog: 0, connected: true });
  });
});
