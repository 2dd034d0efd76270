/**
 * Issue 4's records at the hub: visitors, parcels, returnees, observations and their follow-ups are
 * stored as received (idempotent on the event id), counted per kind in the gate list, validated per
 * kind — and a phone or ID number that is not masked is refused with the event's index, nothing of
 * the batch written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminGate, SyncEvent } from '../../src/shared/sync';
import {
  BACKENDS,
  count,
  entryEvent,
  expectOk,
  setupCompound,
  startHub,
  uuid,
  type Compound,
  type TestHub,
} from './helpers';

const AT = '2020-02-10T02:00:00.000Z';
const staff = ['demo-guard'];
const address = { householdId: 'hh-1', building: '1', unit: '1', room: '101' };

/** One event of every issue 4 kind, as a gate's sources build them (src/main/sync/flowSources.ts). */
export function flowEvents(gateId: string, seq = 1): SyncEvent[] {
  const base = (kind: string, payload: Record<string, unknown>) =>
    ({ id: uuid(), gateId, seq, occurredAt: AT, kind, payload }) as unknown as SyncEvent;
  return [
    base('visitor', {
      passNumber: 'V-0001',
      nameMasked: '张*爷',
      phoneMasked: '*******5678',
      idNumberMasked: '1101**********0021',
      ...address,
      relation: 'parent',
      confirmNumberMasked: '*******0001',
      confirmAnsweredByMasked: '张*',
      confirmOutcome: 'confirmed',
      temperatureC: 36.5,
      decision: 'admit',
      reasons: [],
      entryId: uuid(),
      registeredAt: AT,
      arrivedAt: AT,
      passExpiresAt: '2020-02-10T04:00:00.000Z',
      staff,
    }),
    base('visitor_departure', { visitorId: uuid(), entryId: uuid(), leftAt: AT, overstayed: false, staff }),
    base('parcel', {
      carrier: '顺丰',
      trackingTail: '4321',
      ...address,
      shelfSlot: 'B2',
      receivedAt: AT,
      staff,
    }),
    base('parcel_handover', {
      parcelId: uuid(),
      handover: 'pickup',
      handedAt: AT,
      residentId: 'r-1',
      deliveredBy: null,
      staff,
    }),
    base('returnee', {
      residentId: 'r-1',
      ...address,
      entryId: uuid(),
      nameMasked: '张*',
      idNumberMasked: '3101**********1234',
      phoneMasked: '*******0001',
      originProvince: '湖北省',
      originCity: '武汉市',
      origin: '湖北省武汉市',
      keyRegion: true,
      transport: 'train',
      transportNo: 'G1234',
      arrivedOn: '2020-02-09',
      symptoms: '无',
      temperatureC: 36.4,
      observationStart: '2020-02-09',
      observationEnd: '2020-02-22',
      registeredAt: AT,
      registeredBy: 'demo-guard',
      staff,
    }),
    base('observation', {
      returneeId: uuid(),
      residentId: 'r-1',
      householdId: 'hh-1',
      startedAt: AT,
      endsAt: '2020-02-22T16:00:00.000Z',
      staff,
    }),
    base('observation_end', {
      observationId: uuid(),
      endedAt: AT,
      reason: '核酸阴性',
      approvedBy: 'demo-manager',
      staff,
    }),
  ];
}

describe.each(BACKENDS)('issue 4 records at the hub ($name)', (backend) => {
  let h: TestHub;
  let c: Compound;
  beforeAll(async () => {
    if (backend.skip) return;
    h = await startHub(backend);
  });
  afterAll(async () => h?.close());
  const push = (events: unknown[]) =>
    h.call('POST', '/v1/events', {
      token: c.tokens['gate-a'],
      body: { sentAt: new Date().toISOString(), events },
    });
  const stored = () => count(h.db, 'SELECT count(*) FROM event WHERE compound_id = $1', [c.compound]);

  it.skipIf(backend.skip)(
    'stores every kind once, as received, and counts them per kind in the gate list',
    async () => {
      c = await setupCompound(h, ['gate-a']);
      const events = [entryEvent({ gateId: 'gate-a', seq: 1 }), ...flowEvents('gate-a')];
      expect(expectOk(await push(events)).json).toMatchObject({ accepted: 8, duplicates: 0 });
      // Retried after a lost acknowledgement: nothing twice.
      expect(expectOk(await push(events)).json).toMatchObject({ accepted: 0, duplicates: 8 });
      const rows = await h.db.query<{ event_id: string; kind: string; payload: unknown; seq: string }>(
        'SELECT event_id::text AS event_id, kind, payload, seq::text AS seq FROM event WHERE compound_id = $1',
        [c.compound],
      );
      expect(rows.rows).toHaveLength(8);
      for (const e of events)
        expect(rows.rows.find((r) => r.event_id === e.id)).toMatchObject({
          kind: e.kind,
          payload: e.payload,
          seq: '1',
        });
      const gates = expectOk(await h.admin('GET', `/v1/admin/gates?compound=${c.compound}`)).json
        .gates as AdminGate[];
      expect(gates[0]!.eventCounts).toEqual({
        entry: 1,
        visitor: 1,
        visitor_departure: 1,
        parcel: 1,
        parcel_handover: 1,
        returnee: 1,
        observation: 1,
        observation_end: 1,
      });
      // The entry log's highest seq is still the entry log's alone.
      expect(gates[0]!.hubMaxSeq).toBe(1);
    },
  );

  it.skipIf(backend.skip)(
    'a full phone or ID number is refused with the event index; nothing of the batch is written',
    async () => {
      c = await setupCompound(h, ['gate-a']);
      const [visitor, , , , returnee] = flowEvents('gate-a');
      const fullPhone = { ...visitor!, payload: { ...visitor!.payload, phoneMasked: '13812345678' } };
      const r1 = await push([entryEvent({ gateId: 'gate-a', seq: 1 }), fullPhone]);
      expect(r1.status).toBe(400);
      expect(r1.json.error).toMatchObject({ index: 1, message: expect.stringContaining('phoneMasked') });
      const fullId = {
        ...returnee!,
        payload: { ...returnee!.payload, idNumberMasked: '310101198001011234' },
      };
      const r2 = await push([fullId]);
      expect(r2.status).toBe(400);
      expect(r2.json.error).toMatchObject({ index: 0, message: expect.stringContaining('idNumberMasked') });
      // A field the kind does not have, and a kind the protocol does not know.
      const r3 = await push([{ ...visitor!, payload: { ...visitor!.payload, phone: '13812345678' } }]);
      expect(r3.status).toBe(400);
      const r4 = await push([{ ...visitor!, kind: 'vehicle' }]);
      expect(r4.status).toBe(400);
      expect(await stored()).toBe(0);
    },
  );
});
