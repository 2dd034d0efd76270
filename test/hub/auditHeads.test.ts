/**
 * Gates' daily audit chain heads at the hub (issue 6 item 4): stored once per gate and day and
 * idempotent on replay; a later head for a stored day that differs is flagged (audit_mismatch, the
 * gate list's `auditMismatch`, the admin list) and never replaces the stored one; a malformed head
 * is refused with its index and nothing of the batch is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminGate, AuditMismatch, SyncEvent } from '../../src/shared/sync';
import { BACKENDS, count, entryEvent, expectOk, setupCompound, startHub, uuid, type Compound, type TestHub } from './helpers';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

function headEvent(gateId: string, seq: number, payload: Record<string, unknown>): SyncEvent {
  return {
    id: uuid(),
    gateId,
    seq,
    occurredAt: '2020-02-11T00:00:05.000Z',
    kind: 'audit_head',
    payload: { day: '2020-02-10', seq: 41, hash: H1, at: '2020-02-10T15:59:00.000Z', records: 12, ...payload },
  } as SyncEvent;
}

describe.each(BACKENDS)('audit chain heads at the hub ($name)', (backend) => {
  let h: TestHub;
  beforeAll(async () => {
    if (backend.skip) return;
    h = await startHub(backend);
  });
  afterAll(async () => h?.close());
  const push = (c: Compound, events: unknown[], gate = 'gate-a') =>
    h.call('POST', '/v1/events', { token: c.tokens[gate], body: { sentAt: new Date().toISOString(), events } });
  const stored = async (c: Compound) =>
    (
      await h.db.query<{ gate_id: string; day: string; seq: string; hash: string; records: string }>(
        `SELECT gate_id, day::text AS day, seq::text AS seq, hash, records::text AS records FROM audit_head
          WHERE compound_id = $1 ORDER BY gate_id, day`,
        [c.compound],
      )
    ).rows;
  const flags = (c: Compound) => count(h.db, 'SELECT count(*) FROM audit_mismatch WHERE compound_id = $1', [c.compound]);
  const gateList = async (c: Compound) =>
    expectOk(await h.admin('GET', `/v1/admin/gates?compound=${c.compound}`)).json.gates as AdminGate[];

  it.skipIf(backend.skip)('stores a head once per gate and day; a replayed batch adds nothing', async () => {
    const c = await setupCompound(h, ['gate-a']);
    const batch = [entryEvent({ gateId: 'gate-a', seq: 1 }), headEvent('gate-a', 1, {}), headEvent('gate-a', 2, { day: '2020-02-11', seq: 60, hash: H2 })];
    expect(expectOk(await push(c, batch)).json).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(expectOk(await push(c, batch)).json).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(await stored(c)).toEqual([
      { gate_id: 'gate-a', day: '2020-02-10', seq: '41', hash: H1, records: '12' },
      { gate_id: 'gate-a', day: '2020-02-11', seq: '60', hash: H2, records: '12' },
    ]);
    expect(await flags(c)).toBe(0);
    // The same head again under a new event id (a gate that rebuilt its outbox) is no mismatch.
    expectOk(await push(c, [headEvent('gate-a', 3, {})]));
    expect(await flags(c)).toBe(0);
    expect((await gateList(c))[0]).toMatchObject({ auditHeadDay: '2020-02-11', auditMismatch: false });
  });

  it.skipIf(backend.skip)('flags a differing head for a stored day and keeps the stored one', async () => {
    const c = await setupCompound(h, ['gate-a', 'gate-b']);
    expectOk(await push(c, [headEvent('gate-a', 1, {})]));
    // Another gate's chain is its own: the same day with another hash is not a mismatch.
    expectOk(await push(c, [headEvent('gate-b', 1, { hash: H2 })], 'gate-b'));
    expect(await flags(c)).toBe(0);

    // The trail at gate-a was rewritten: its head for the 10th now names another hash, then another seq.
    const rewritten = headEvent('gate-a', 2, { hash: H2, records: 11 });
    const reordered = headEvent('gate-a', 3, { seq: 40 });
    expect(expectOk(await push(c, [rewritten, reordered])).json).toMatchObject({ accepted: 2, duplicates: 0 });
    expectOk(await push(c, [rewritten, reordered])); // replayed: flagged once
    expect(await flags(c)).toBe(2);
    expect((await stored(c)).filter((r) => r.gate_id === 'gate-a')).toEqual([
      { gate_id: 'gate-a', day: '2020-02-10', seq: '41', hash: H1, records: '12' },
    ]);
    const gates = await gateList(c);
    expect(gates.find((g) => g.gateId === 'gate-a')).toMatchObject({ auditMismatch: true, auditHeadDay: '2020-02-10' });
    expect(gates.find((g) => g.gateId === 'gate-b')).toMatchObject({ auditMismatch: false });
    const list = expectOk(await h.admin('GET', `/v1/admin/audit-mismatches?compound=${c.compound}`)).json.mismatches as AuditMismatch[];
    expect(list).toHaveLength(2);
    expect(list.find((m) => m.eventId === rewritten.id)).toMatchObject({
      gateId: 'gate-a',
      day: '2020-02-10',
      stored: { seq: 41, hash: H1, records: 12, at: '2020-02-10T15:59:00.000Z' },
      received: { seq: 41, hash: H2, records: 11 },
    });
    expect(list.find((m) => m.eventId === reordered.id)).toMatchObject({ stored: { seq: 41 }, received: { seq: 40, hash: H1 } });
  });

  it.skipIf(backend.skip)('refuses a malformed head with its index and writes nothing of the batch', async () => {
    const c = await setupCompound(h, ['gate-a']);
    const bad: Record<string, unknown>[] = [
      { hash: 'A'.repeat(64) },
      { hash: 'a'.repeat(63) },
      { hash: 'g'.repeat(64) },
      { seq: -1 },
      { seq: 1.5 },
      { seq: '41' },
      { records: -1 },
      { day: '2020-2-10' },
      { day: '20200210' },
      { at: 'yesterday' },
      { extra: 1 },
    ];
    for (const b of bad) {
      const r = await push(c, [entryEvent({ gateId: 'gate-a', seq: 1 }), headEvent('gate-a', 1, b)]);
      expect(r.status, JSON.stringify(b)).toBe(400);
      expect(r.json.error, JSON.stringify(b)).toMatchObject({ code: 'invalid_event', index: 1 });
    }
    // seq 0 is a valid head (a chain's anchor); a missing field is not.
    const { hash: _h, ...noHash } = (headEvent('gate-a', 1, {}) as { payload: Record<string, unknown> }).payload;
    const r = await push(c, [{ ...headEvent('gate-a', 1, {}), payload: noHash }]);
    expect(r.status).toBe(400);
    expect(await count(h.db, 'SELECT count(*) FROM event WHERE compound_id = $1', [c.compound])).toBe(0);
    expect(await stored(c)).toEqual([]);
    expectOk(await push(c, [headEvent('gate-a', 1, { seq: 0 })]));
    expect(await stored(c)).toHaveLength(1);
  });
});
