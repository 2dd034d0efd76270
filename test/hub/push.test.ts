import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, count, entryEvent, expectOk, setupCompound, startHub, uuid, type Compound, type TestHub } from './helpers';

describe.each(BACKENDS)('push /v1/events ($name)', (backend) => {
  let h: TestHub;
  let c: Compound;
  let token: string;
  beforeAll(async () => {
    if (backend.skip) return;
    h = await startHub(backend);
  });
  afterAll(async () => h?.close());

  const fresh = async (): Promise<void> => {
    c = await setupCompound(h, ['gate-a']);
    token = c.tokens['gate-a']!;
  };
  const push = (events: unknown[], sentAt = new Date().toISOString()) => h.call('POST', '/v1/events', { token, body: { sentAt, events } });
  const stored = () => count(h.db, 'SELECT count(*) FROM event WHERE compound_id = $1', [c.compound]);

  it.skipIf(backend.skip)('stores gate time, gate seq and hub receive time; answers after commit with counts and the highest seq', async () => {
    await fresh();
    const events = [1, 2, 3].map((seq) => entryEvent({ gateId: 'gate-a', seq, occurredAt: `2020-02-10T0${seq}:00:00.000Z` }));
    const r = expectOk(await push(events));
    expect(r.json).toEqual({ accepted: 3, duplicates: 0, highestSeq: 3, receivedAt: expect.any(String) });
    const rows = await h.db.query<{ seq: string; occurred_at: Date; received_at: Date; payload: { staff: string[] } }>(
      'SELECT seq::text AS seq, occurred_at, received_at, payload FROM event WHERE compound_id = $1 ORDER BY seq',
      [c.compound],
    );
    expect(rows.rows.map((x) => [x.seq, new Date(x.occurred_at).toISOString()])).toEqual([
      ['1', '2020-02-10T01:00:00.000Z'],
      ['2', '2020-02-10T02:00:00.000Z'],
      ['3', '2020-02-10T03:00:00.000Z'],
    ]);
    expect(Math.abs(new Date(rows.rows[0]!.received_at).getTime() - Date.now())).toBeLessThan(60_000);
    expect(rows.rows[0]!.payload.staff).toEqual(['王保安']);
  });

  it.skipIf(backend.skip)('re-pushing the same batch (a lost acknowledgement) adds nothing: all duplicates', async () => {
    await fresh();
    const events = Array.from({ length: 50 }, (_, i) => entryEvent({ gateId: 'gate-a', seq: i + 1 }));
    expect(expectOk(await push(events)).json).toMatchObject({ accepted: 50, duplicates: 0, highestSeq: 50 });
    expect(expectOk(await push(events)).json).toMatchObject({ accepted: 0, duplicates: 50, highestSeq: 50 });
    // Overlapping batch: half old, half new.
    const more = [...events.slice(25), ...Array.from({ length: 25 }, (_, i) => entryEvent({ gateId: 'gate-a', seq: 51 + i }))];
    expect(expectOk(await push(more)).json).toMatchObject({ accepted: 25, duplicates: 25, highestSeq: 75 });
    // The same event twice in one batch counts once.
    const dup = entryEvent({ gateId: 'gate-a', seq: 76 });
    expect(expectOk(await push([dup, dup])).json).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await stored()).toBe(76);
  });

  it.skipIf(backend.skip)('a malformed event → 400 naming its index and the field; nothing of the batch is written', async () => {
    await fresh();
    const good = Array.from({ length: 10 }, (_, i) => entryEvent({ gateId: 'gate-a', seq: i + 1 }));
    const cases: Array<[string, (e: Record<string, any>) => void, string]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      ['bad direction', (e) => (e.payload.direction = 'sideways'), 'payload.direction'],
      ['missing decision', (e) => delete e.payload.decision, 'payload.decision'],
      ['seq zero', (e) => (e.seq = 0), 'seq'],
      ['not a uuid', (e) => (e.id = 'abc'), 'id'],
      ['unknown kind', (e) => (e.kind = 'telepathy'), 'kind'],
      ['extra field', (e) => (e.payload.fullIdNumber = '110101199003074512'), 'payload'],
      ['bad time', (e) => (e.occurredAt = 'yesterday'), 'occurredAt'],
      ['absurd temperature', (e) => (e.payload.tempBodyC = 1000), 'payload.tempBodyC'],
    ];
    for (const [label, spoil, field] of cases) {
      const events = structuredClone(good) as Array<Record<string, unknown>>;
      spoil(events[7]!);
      const r = await push(events);
      expect(r.status, label).toBe(400);
      expect(r.json.error, label).toMatchObject({ code: 'invalid_event', index: 7 });
      expect(r.json.error.message, label).toContain(`events[7].${field}`);
      expect(r.text, label).not.toMatch(/at .*\.ts|stack/i);
    }
    expect(await stored()).toBe(0);
  });

  it.skipIf(backend.skip)('a malformed batch → 400 (no index), too many events → 413; nothing written', async () => {
    await fresh();
    const one = [entryEvent({ gateId: 'gate-a', seq: 1 })];
    const bad = [
      h.call('POST', '/v1/events', { token, raw: '{"sentAt": "2020-01-01T00:00:00Z", "events": [' }),
      h.call('POST', '/v1/events', { token, raw: 'events=1', contentType: 'text/plain' }),
      h.call('POST', '/v1/events', { token, body: { events: one } }),
      h.call('POST', '/v1/events', { token, body: { sentAt: new Date().toISOString(), events: [] } }),
      h.call('POST', '/v1/events', { token, body: [] }),
    ];
    for (const r of await Promise.all(bad)) {
      expect(r.status).toBe(400);
      expect(r.json.error.index).toBeUndefined();
      expect(typeof r.json.error.message).toBe('string');
    }
    const tooMany = Array.from({ length: 1001 }, (_, i) => entryEvent({ gateId: 'gate-a', seq: i + 1 }));
    const r = await push(tooMany);
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('too_large');
    expect(await stored()).toBe(0);
    expect(expectOk(await push(tooMany.slice(0, 1000))).json).toMatchObject({ accepted: 1000, highestSeq: 1000 });
  });

  it.skipIf(backend.skip)('a clock far off is stored as sent, measured against the hub and flagged, never refused', async () => {
    await fresh();
    const dayAhead = new Date(Date.now() + 86_400_000).toISOString();
    const r = expectOk(await push([entryEvent({ gateId: 'gate-a', seq: 1, occurredAt: dayAhead })], dayAhead));
    expect(r.json.accepted).toBe(1);
    const gates = expectOk(await h.admin('GET', `/v1/admin/gates?compound=${c.compound}`)).json.gates;
    expect(gates[0]).toMatchObject({ gateId: 'gate-a', skewed: true, hubMaxSeq: 1 });
    expect(gates[0].clockSkewMs).toBeGreaterThan(86_000_000);
  });
  it.skipIf(backend.skip)('alerts and their acknowledgements are stored as their own kind: no passages, not in hubMaxSeq or the entry export', async () => {
    await fresh();
    expectOk(await push([1, 2, 3].map((seq) => entryEvent({ gateId: 'gate-a', seq }))));
    const passages = () => count(h.db, 'SELECT count(*) FROM passage WHERE compound_id = $1', [c.compound]);
    const before = await passages();
    const alertId = uuid();
    const at = '2020-02-10T02:00:00.000Z';
    const alerts = [
      { id: alertId, gateId: 'gate-a', seq: 40, occurredAt: at, kind: 'alert', payload: { action: 'raised', alertId, alertKind: 'fever', entryId: uuid(), at, staff: [] } },
      { id: uuid(), gateId: 'gate-a', seq: 41, occurredAt: at, kind: 'alert', payload: { action: 'acknowledged', alertId, alertKind: null, entryId: null, at, staff: ['王保安'] } },
    ];
    expect(expectOk(await push(alerts)).json).toMatchObject({ accepted: 2, duplicates: 0, highestSeq: 41 });
    expect(expectOk(await push(alerts)).json).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await count(h.db, "SELECT count(*) FROM event WHERE compound_id = $1 AND kind = 'alert'", [c.compound])).toBe(2);
    expect(await passages()).toBe(before);
    const gates = expectOk(await h.admin('GET', `/v1/admin/gates?compound=${c.compound}`)).json.gates;
    expect(gates[0]).toMatchObject({ gateId: 'gate-a', hubMaxSeq: 3 });
    const csv = expectOk(await h.admin('GET', `/v1/admin/export/entries.csv?compound=${c.compound}`)).text;
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 3);
    // An alert with an unknown action is refused by index, like any malformed event.
    const bad = { ...alerts[0]!, id: uuid(), seq: 42, payload: { ...alerts[0]!.payload, action: 'snoozed' } };
    const r = await push([bad]);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'invalid_event', index: 0 });
  });
});
