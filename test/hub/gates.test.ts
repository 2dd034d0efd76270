import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminGate, ChangesResponse, GateStatusReport, PresenceResponse, Review } from '../../src/shared/sync';
import { BACKENDS, entryEvent, expectOk, ROSTER, setupCompound, startHub, uuid, type TestHub } from './helpers';

const report = (o: Partial<GateStatusReport> = {}): GateStatusReport => ({
  gateClock: new Date().toISOString(),
  ackedSeq: 0,
  backlog: 0,
  oldestUnsentAgeS: null,
  revocationCursor: '0.0',
  rosterCursor: '0.0',
  presenceCursor: '0.0',
  rosterAsOf: null,
  quarantined: 0,
  quarantine: [],
  ...o,
});

describe.each(BACKENDS)('gate status, presence and reviews ($name)', (backend) => {
  let h: TestHub;
  beforeAll(async () => {
    if (!backend.skip) h = await startHub(backend);
  });
  afterAll(async () => h?.close());

  const gates = async (compound: string): Promise<AdminGate[]> => expectOk(await h.admin('GET', `/v1/admin/gates?compound=${compound}`)).json.gates;

  it.skipIf(backend.skip)('status: the hub answers its time and cursors, measures skew, and lists the gate', async () => {
    const c = await setupCompound(h, ['gate-a', 'gate-b']);
    const t = c.tokens['gate-a']!;
    const feed = expectOk(await h.call('GET', '/v1/changes?limit=5000', { token: t })).json as ChangesResponse;
    const ok = expectOk(await h.call('POST', '/v1/gates/me/status', { token: t, body: report({ rosterCursor: feed.roster.cursor, backlog: 3, oldestUnsentAgeS: 12 }) }));
    expect(ok.json).toMatchObject({ skewed: false, hub: { rosterCursor: feed.roster.cursor, revocationCursor: '0.0' } });
    expect(Math.abs(ok.json.clockSkewMs)).toBeLessThan(60_000);
    for (const [offset, skewed] of [
      [3_600_000, true],
      [-86_400_000, true],
      [-60_000, false],
    ] as const) {
      const r = expectOk(
        await h.call('POST', '/v1/gates/me/status', { token: c.tokens['gate-b'], body: report({ gateClock: new Date(Date.now() + offset).toISOString() }) }),
      );
      expect(r.json.skewed).toBe(skewed);
      expect(Math.abs(r.json.clockSkewMs - offset)).toBeLessThan(60_000);
    }
    const list = await gates(c.compound);
    expect(list.map((g) => g.gateId)).toEqual(['gate-a', 'gate-b']);
    expect(list[0]).toMatchObject({ tokenActive: true, backlog: 3, oldestUnsentAgeS: 12, rosterCursor: feed.roster.cursor, rosterBehindS: null, skewed: false, lagging: false });
    expect(list[1]).toMatchObject({ skewed: false });
    expect(list[1]!.rosterBehindS).not.toBeNull(); // it reported cursor 0.0 while the scheme exists
    expect((await h.call('POST', '/v1/gates/me/status', { token: t, body: { gateClock: 'now' } })).status).toBe(400);
  });

  it.skipIf(backend.skip)('a gate is lagging when its backlog is old or it misses roster changes for over 10 minutes', async () => {
    const c = await setupCompound(h, ['gate-a', 'gate-b']);
    expectOk(await h.call('POST', '/v1/gates/me/status', { token: c.tokens['gate-a'], body: report({ oldestUnsentAgeS: 3600 }) }));
    const feed = expectOk(await h.call('GET', '/v1/changes?limit=5000', { token: c.tokens['gate-b'] })).json as ChangesResponse;
    expectOk(await h.call('POST', '/v1/gates/me/status', { token: c.tokens['gate-b'], body: report({ rosterCursor: feed.roster.cursor }) }));
    let list = await gates(c.compound);
    expect(list.map((g) => g.lagging)).toEqual([true, false]);
    expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: ROSTER }));
    h.clock.advance(11 * 60_000);
    try {
      list = await gates(c.compound);
      expect(list[1]).toMatchObject({ lagging: true });
      expect(list[1]!.rosterBehindS).toBeGreaterThan(600);
      expect(list[1]!.hubRosterCursor).not.toBe(feed.roster.cursor);
    } finally {
      h.clock.set(new Date());
    }
  });

  it.skipIf(backend.skip)("presence: each resident's latest admitted passage at the OTHER gates of the same compound only", async () => {
    const c = await setupCompound(h, ['gate-a', 'gate-b']);
    const other = await setupCompound(h, ['gate-a']);
    const [r1, r2] = [uuid(), uuid()];
    const push = (token: string, events: unknown[]) => h.call('POST', '/v1/events', { token, body: { sentAt: new Date().toISOString(), events } });
    expectOk(
      await push(c.tokens['gate-a']!, [
        entryEvent({ gateId: 'gate-a', seq: 1, residentId: r1, direction: 'out', occurredAt: '2020-02-10T01:00:00Z' }),
        entryEvent({ gateId: 'gate-a', seq: 2, residentId: r1, direction: 'in', occurredAt: '2020-02-10T02:00:00Z' }),
        entryEvent({ gateId: 'gate-a', seq: 3, residentId: r2, direction: 'in', decision: 'deny', occurredAt: '2020-02-10T02:00:00Z' }),
      ]),
    );
    expectOk(await push(other.tokens['gate-a']!, [entryEvent({ gateId: 'gate-a', seq: 1, residentId: r2, direction: 'in' })]));
    const b = expectOk(await h.call('GET', '/v1/presence', { token: c.tokens['gate-b'] })).json as PresenceResponse;
    expect(b.items).toEqual([{ residentId: r1, gateId: 'gate-a', eventId: expect.any(String), direction: 'in', occurredAt: '2020-02-10T02:00:00.000Z' }]);
    const a = expectOk(await h.call('GET', '/v1/presence', { token: c.tokens['gate-a'] })).json as PresenceResponse;
    expect(a.items).toEqual([]); // its own passages it knows already
    // Then r1 leaves through gate B: A hears of it, B's cursor moves past nothing new of its own.
    expectOk(await push(c.tokens['gate-b']!, [entryEvent({ gateId: 'gate-b', seq: 1, residentId: r1, direction: 'out', occurredAt: '2020-02-10T03:00:00Z' })]));
    const a2 = expectOk(await h.call('GET', `/v1/presence?since=${a.cursor}`, { token: c.tokens['gate-a'] })).json as PresenceResponse;
    expect(a2.items).toEqual([expect.objectContaining({ residentId: r1, gateId: 'gate-b', direction: 'out' })]);
    expect((expectOk(await h.call('GET', `/v1/presence?since=${b.cursor}`, { token: c.tokens['gate-b'] })).json as PresenceResponse).items).toEqual([]);
  });

  it.skipIf(backend.skip)('two gates both offline admit the same resident IN with no OUT between: one review, never merged', async () => {
    const c = await setupCompound(h, ['gate-a', 'gate-b']);
    const [r1, r2] = [uuid(), uuid()];
    const push = (g: string, events: unknown[]) => h.call('POST', '/v1/events', { token: c.tokens[g], body: { sentAt: new Date().toISOString(), events } });
    // Gate B's IN (10:30) arrives first; gate A's earlier IN (10:00) arrives later, out of order.
    const bIn = entryEvent({ gateId: 'gate-b', seq: 1, residentId: r1, direction: 'in', occurredAt: '2020-02-10T10:30:00Z' });
    expectOk(await push('gate-b', [bIn]));
    expectOk(
      await push('gate-a', [
        entryEvent({ gateId: 'gate-a', seq: 1, residentId: r1, direction: 'in', occurredAt: '2020-02-10T10:00:00Z' }),
        // r2 goes in at A and out at A, then in at B: a proper OUT between, no review.
        entryEvent({ gateId: 'gate-a', seq: 2, residentId: r2, direction: 'in', occurredAt: '2020-02-10T09:00:00Z' }),
        entryEvent({ gateId: 'gate-a', seq: 3, residentId: r2, direction: 'out', occurredAt: '2020-02-10T09:30:00Z' }),
      ]),
    );
    expectOk(await push('gate-b', [entryEvent({ gateId: 'gate-b', seq: 2, residentId: r2, direction: 'in', occurredAt: '2020-02-10T09:45:00Z' })]));
    // A refused IN does not count as a passage.
    expectOk(await push('gate-b', [entryEvent({ gateId: 'gate-b', seq: 3, residentId: r2, direction: 'in', decision: 'deny', occurredAt: '2020-02-10T09:50:00Z' })]));
    const reviews = expectOk(await h.admin('GET', `/v1/admin/reviews?compound=${c.compound}`)).json.reviews as Review[];
    expect(reviews).toEqual([
      expect.objectContaining({
        kind: 'double_in',
        residentId: r1,
        first: expect.objectContaining({ gateId: 'gate-a', occurredAt: '2020-02-10T10:00:00.000Z' }),
        second: expect.objectContaining({ gateId: 'gate-b', occurredAt: '2020-02-10T10:30:00.000Z' }),
      }),
    ]);
    // Both entries stay as they were recorded.
    const n = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM event WHERE compound_id = $1 AND resident_id = $2', [c.compound, r1]);
    expect(n.rows[0]!.n).toBe(2);
    // Re-pushing changes nothing.
    expect(expectOk(await push('gate-b', [bIn])).json.duplicates).toBe(1);
    expect((expectOk(await h.admin('GET', `/v1/admin/reviews?compound=${c.compound}`)).json.reviews as Review[]).length).toBe(1);
  });

  it.skipIf(backend.skip)('two gates pushing at the same moment still produce every review (passages processed in log order)', async () => {
    const c = await setupCompound(h, ['gate-a', 'gate-b']);
    const residents = Array.from({ length: 20 }, () => uuid());
    const batch = (g: string, hour: string) => ({
      sentAt: new Date().toISOString(),
      events: residents.map((r, i) => entryEvent({ gateId: g, seq: i + 1, residentId: r, direction: 'in', occurredAt: `2020-02-10T${hour}:00:00Z` })),
    });
    const [a, b] = await Promise.all([
      h.call('POST', '/v1/events', { token: c.tokens['gate-a'], body: batch('gate-a', '10') }),
      h.call('POST', '/v1/events', { token: c.tokens['gate-b'], body: batch('gate-b', '11') }),
    ]);
    expectOk(a);
    expectOk(b);
    const reviews = expectOk(await h.admin('GET', `/v1/admin/reviews?compound=${c.compound}&limit=1000`)).json.reviews as Review[];
    expect(reviews.length).toBe(20);
  });
});
