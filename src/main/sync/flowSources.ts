/**
 * Issue 4's records as sync sources (migration 0007): visitors and their departures, parcels and
 * their handovers, returnees, home observations and their early ends. Each table is appended to
 * with a `seq` and a UUIDv7 `id`, so each is a plain `tableSource` with its own mark in `meta`.
 *
 * Personal numbers leave the gate masked, whatever the gate keeps: a visitor's or returnee's phone
 * is kept in full for the guard to call, and an ID number is kept in full only where the policy
 * says so (`flows.storeFullIdNumbers`), yet the hub gets the masked forms only — the same masks the
 * gate's own screens and exports use (roster/idNumber.ts). Names go masked like the entry log's.
 *
 * The state cells the gate keeps beside a record (visitor.left_at, parcel.collected_at) are not in
 * the record's payload: they arrive as the follow-up event. An observation's end is, since it is
 * the observation's term; an early end also arrives as observation_end.
 *
 * A follow-up is pushed after its record (sources drain in registry order) but may be acknowledged
 * in a later round; the hub stores each kind as it comes, keyed by the event id.
 */
import type { SyncEvent } from '../../shared/sync';
import type { Db } from '../store/db';
import { maskIdNumber, maskName, maskPhone } from '../roster/idNumber';
import { json, metaMark, tableExists, tableSource, type OutboxSource } from './sources';

type Staffed = { id: string; staff_json: string; seq_: number };
type Gated = { gate_: string | null };

type VisitorRow = Staffed & {
  gate_id: string;
  pass_number: string | null;
  name: string;
  phone: string;
  id_number: string;
  household_id: string;
  building: string;
  unit: string;
  room: string;
  relation: string;
  confirm_number: string | null;
  confirm_answered_by: string | null;
  confirm_outcome: string | null;
  temperature_c: number | null;
  decision: string;
  reasons: string;
  entry_id: string;
  registered_at: string;
  arrived_at: string | null;
  pass_expires_at: string | null;
};
type DepartureRow = Staffed &
  Gated & { visitor_id: string; entry_id: string; left_at: string; overstayed: number };
type ParcelRow = Staffed & {
  gate_id: string;
  carrier: string;
  tracking_tail: string;
  household_id: string;
  building: string;
  unit: string;
  room: string;
  shelf_slot: string;
  received_at: string;
};
type HandoverRow = Staffed &
  Gated & {
    parcel_id: string;
    kind: string;
    handed_at: string;
    resident_id: string | null;
    delivered_by: string | null;
  };
type ReturneeRow = Staffed & {
  gate_id: string;
  resident_id: string | null;
  household_id: string;
  entry_id: string;
  name: string;
  id_number: string;
  phone: string;
  building: string;
  unit: string;
  room: string;
  origin_province: string;
  origin_city: string;
  origin: string;
  key_region: number;
  transport: string;
  transport_no: string;
  arrived_on: string;
  symptoms: string;
  temperature_c: number | null;
  observation_start: string;
  observation_end: string;
  registered_at: string;
  registered_by: string;
};
type ObservationRow = Staffed & {
  gate_id: string;
  returnee_id: string;
  resident_id: string | null;
  household_id: string;
  started_at: string;
  ended_at: string;
};
type ObservationEndRow = Staffed &
  Gated & { observation_id: string; ended_at: string; reason: string; approval_json: string };

/** Loosely typed on purpose, like toSyncEvent: a corrupt row must fail validation and be set aside, not crash. */
const event = (
  id: string,
  gateId: string | null,
  seq: number,
  occurredAt: string,
  kind: string,
  payload: Record<string, unknown>,
): SyncEvent => ({ id, gateId, seq, occurredAt, kind, payload }) as unknown as SyncEvent;

const orNull = <T>(v: T | null, f: (x: T) => unknown): unknown => (v === null ? null : f(v));
const codes = (text: string): string[] => (text ? text.split(',') : []);

function approvedBy(text: string): unknown {
  const a = json(text);
  return a && typeof a === 'object' && 'approvedBy' in a ? (a as { approvedBy: unknown }).approvedBy : null;
}

export function flowSources(db: Db, gateId: string | null): OutboxSource[] {
  if (!tableExists(db, 'visitor')) return []; // migration 0007 not applied yet
  const gate = (r: Gated): string | null => r.gate_ ?? gateId;
  return [
    tableSource<VisitorRow>(db, {
      name: 'visitor',
      kind: 'visitor',
      from: 'FROM visitor t',
      seq: 't.seq',
      at: 't.registered_at',
      toEvent: (r) =>
        event(r.id, r.gate_id, r.seq_, r.registered_at, 'visitor', {
          passNumber: r.pass_number,
          nameMasked: maskName(r.name),
          phoneMasked: maskPhone(r.phone),
          idNumberMasked: maskIdNumber(r.id_number),
          householdId: r.household_id,
          building: r.building,
          unit: r.unit,
          room: r.room,
          relation: r.relation,
          confirmNumberMasked: orNull(r.confirm_number, maskPhone),
          confirmAnsweredByMasked: orNull(r.confirm_answered_by, maskName),
          confirmOutcome: r.confirm_outcome,
          temperatureC: r.temperature_c,
          decision: r.decision,
          reasons: codes(r.reasons),
          entryId: r.entry_id,
          registeredAt: r.registered_at,
          arrivedAt: r.arrived_at,
          passExpiresAt: r.pass_expires_at,
          staff: json(r.staff_json),
        }),
      mark: metaMark('visitor'),
    }),
    tableSource<DepartureRow>(db, {
      name: 'visitor_departure',
      kind: 'visitor_departure',
      from: 'FROM visitor_departure t LEFT JOIN visitor v ON v.id = t.visitor_id',
      seq: 't.seq',
      at: 't.left_at',
      select: 'v.gate_id AS gate_',
      toEvent: (r) =>
        event(r.id, gate(r), r.seq_, r.left_at, 'visitor_departure', {
          visitorId: r.visitor_id,
          entryId: r.entry_id,
          leftAt: r.left_at,
          overstayed: r.overstayed === 1,
          staff: json(r.staff_json),
        }),
      mark: metaMark('visitor_departure'),
    }),
    tableSource<ParcelRow>(db, {
      name: 'parcel',
      kind: 'parcel',
      from: 'FROM parcel t',
      seq: 't.seq',
      at: 't.received_at',
      toEvent: (r) =>
        event(r.id, r.gate_id, r.seq_, r.received_at, 'parcel', {
          carrier: r.carrier,
          trackingTail: r.tracking_tail,
          householdId: r.household_id,
          building: r.building,
          unit: r.unit,
          room: r.room,
          shelfSlot: r.shelf_slot,
          receivedAt: r.received_at,
          staff: json(r.staff_json),
        }),
      mark: metaMark('parcel'),
    }),
    tableSource<HandoverRow>(db, {
      name: 'parcel_handover',
      kind: 'parcel_handover',
      from: 'FROM parcel_handover t LEFT JOIN parcel p ON p.id = t.parcel_id',
      seq: 't.seq',
      at: 't.handed_at',
      select: 'p.gate_id AS gate_',
      toEvent: (r) =>
        event(r.id, gate(r), r.seq_, r.handed_at, 'parcel_handover', {
          parcelId: r.parcel_id,
          handover: r.kind,
          handedAt: r.handed_at,
          residentId: r.resident_id,
          deliveredBy: r.delivered_by,
          staff: json(r.staff_json),
        }),
      mark: metaMark('parcel_handover'),
    }),
    tableSource<ReturneeRow>(db, {
      name: 'returnee',
      kind: 'returnee',
      from: 'FROM returnee t',
      seq: 't.seq',
      at: 't.registered_at',
      toEvent: (r) =>
        event(r.id, r.gate_id, r.seq_, r.registered_at, 'returnee', {
          residentId: r.resident_id,
          householdId: r.household_id,
          building: r.building,
          unit: r.unit,
          room: r.room,
          entryId: r.entry_id,
          nameMasked: maskName(r.name),
          idNumberMasked: maskIdNumber(r.id_number),
          phoneMasked: maskPhone(r.phone),
          originProvince: r.origin_province,
          originCity: r.origin_city,
          origin: r.origin,
          keyRegion: r.key_region === 1,
          transport: r.transport,
          transportNo: r.transport_no,
          arrivedOn: r.arrived_on,
          symptoms: r.symptoms,
          temperatureC: r.temperature_c,
          observationStart: r.observation_start,
          observationEnd: r.observation_end,
          registeredAt: r.registered_at,
          registeredBy: r.registered_by,
          staff: json(r.staff_json),
        }),
      mark: metaMark('returnee'),
    }),
    tableSource<ObservationRow>(db, {
      name: 'observation',
      kind: 'observation',
      from: 'FROM observation t',
      seq: 't.seq',
      at: 't.started_at',
      toEvent: (r) =>
        event(r.id, r.gate_id, r.seq_, r.started_at, 'observation', {
          returneeId: r.returnee_id,
          residentId: r.resident_id,
          householdId: r.household_id,
          startedAt: r.started_at,
          endsAt: r.ended_at,
          staff: json(r.staff_json),
        }),
      mark: metaMark('observation'),
    }),
    tableSource<ObservationEndRow>(db, {
      name: 'observation_end',
      kind: 'observation_end',
      from: 'FROM observation_end t LEFT JOIN observation o ON o.id = t.observation_id',
      seq: 't.seq',
      at: 't.ended_at',
      select: 'o.gate_id AS gate_',
      toEvent: (r) =>
        event(r.id, gate(r), r.seq_, r.ended_at, 'observation_end', {
          observationId: r.observation_id,
          endedAt: r.ended_at,
          reason: r.reason,
          approvedBy: approvedBy(r.approval_json),
          staff: json(r.staff_json),
        }),
      mark: metaMark('observation_end'),
    }),
  ];
}
