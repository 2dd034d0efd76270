/**
 * Vehicles at the gate (逢车必查): the plate is looked up on the roster, an unknown vehicle is
 * refused or registered as a visitor of a household, and every occupant goes through the ordinary
 * pass + temperature check. While a vehicle event is open, each check the gate commits is linked
 * to it as an occupant (by entry-log id), so the vehicle reuses the one check path and its log.
 * The open event is a row with no decision yet, so it survives a restart of the kiosk.
 */
import type { Decision, Direction, ReasonCode } from '../../shared/domain';
import type { PlateLookup, VehicleEventView, VehicleKind, VehicleReason } from '../../shared/passes';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import type { GateEvents } from '../core/events';
import type { IdGenerator } from '../core/ids';
import { statement, type Db } from '../store/db';
import type { HouseholdStore } from '../passes/households';
import { normalisePlate } from './plate';

type EventRow = {
  id: string;
  plate: string;
  direction: Direction;
  kind: VehicleKind;
  household_label: string | null;
  note: string;
  decision: Decision | null;
  reasons: string;
  staff_json: string;
  occurred_at: string;
  closed_at: string | null;
};

type OccupantRow = {
  id: string;
  resident_name_masked: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  decision: Decision;
  reasons: string;
  temp_body_c: number | null;
};

export type VehicleDeps = {
  db: Db;
  households: HouseholdStore;
  events: GateEvents;
  clock: Clock;
  newId: IdGenerator;
  compoundId: string;
  gateId: string;
  staffOnDuty: () => string[];
  /** Whether a person's check is still open at this gate (the vehicle cannot be closed under it). */
  checkOpen: () => boolean;
  setDirection: (d: Direction) => void;
};

export class VehicleService {
  private readonly unsubscribe: () => void;

  constructor(private readonly d: VehicleDeps) {
    this.unsubscribe = d.events.subscribe((event, payload) => {
      if (event === 'log:appended') this.attach((payload as { id: string }).id);
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** Normalised plate, or a typed error naming what is wrong with it. */
  plate(raw: string): { plate: string; newEnergy: boolean } {
    const r = normalisePlate(raw);
    if (!r.ok) throw new GateError('invalid_input', `bad plate (${r.problem}): ${raw}`, { field: 'plate', problem: r.problem });
    return r;
  }

  lookup(raw: string): PlateLookup {
    const { plate, newEnergy } = this.plate(raw);
    const row = this.d.db.prepare<[string], { household_id: string }>('SELECT household_id FROM household_vehicle WHERE plate = ?').get(plate);
    const h = row ? this.d.households.household(row.household_id) : null;
    return { plate, newEnergy, household: h ? { id: h.id, label: h.label } : null };
  }

  addResident(householdId: string, raw: string, source: 'roster' | 'gate' = 'gate'): PlateLookup {
    const { plate } = this.plate(raw);
    if (!this.d.households.household(householdId)) throw new GateError('not_found', 'no such household');
    const taken = this.d.db.prepare<[string], { household_id: string }>('SELECT household_id FROM household_vehicle WHERE plate = ?').get(plate);
    if (taken && taken.household_id !== householdId) throw new GateError('conflict', 'this plate belongs to another household');
    this.d.db
      .prepare('INSERT INTO household_vehicle (plate, household_id, source, added_at) VALUES (?, ?, ?, ?) ON CONFLICT(plate) DO NOTHING')
      .run(plate, householdId, source, this.now());
    return this.lookup(plate);
  }

  removeResident(raw: string): boolean {
    const { plate } = this.plate(raw);
    return this.d.db.prepare('DELETE FROM household_vehicle WHERE plate = ?').run(plate).changes > 0;
  }

  platesOf(householdId: string): string[] {
    return this.d.db
      .prepare<[string], { plate: string }>('SELECT plate FROM household_vehicle WHERE household_id = ? ORDER BY plate')
      .all(householdId)
      .map((r) => r.plate);
  }

  current(): VehicleEventView | null {
    const row = this.openRow();
    return row ? this.view(row) : null;
  }

  start(i: { plate: string; direction: Direction; visitor?: { householdId: string; note: string } }): VehicleEventView {
    const found = this.lookup(i.plate);
    if (this.openRow()) throw new GateError('conflict', 'another vehicle is being checked; finish or cancel it first');
    let kind: VehicleKind = 'resident';
    let household = found.household;
    if (!household) {
      if (!i.visitor) throw new GateError('not_found', 'unknown vehicle: refuse it or register it as a visitor', { reason: 'unknown_vehicle' });
      const h = this.d.households.household(i.visitor.householdId);
      if (!h) throw new GateError('not_found', 'no such household');
      kind = 'visitor';
      household = { id: h.id, label: h.label };
    }
    const id = this.d.newId();
    this.d.db
      .prepare(
        `INSERT INTO vehicle_event (id, compound_id, gate_id, plate, direction, kind, household_id, household_label, note, staff_json, occurred_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, this.d.compoundId, this.d.gateId, found.plate, i.direction, kind, household.id, household.label, i.visitor?.note ?? '', this.staff(), this.now());
    // Occupants' passes are scanned on the same lane as the vehicle.
    this.d.setDirection(i.direction);
    return this.publish(id);
  }

  refuse(i: { plate: string; direction: Direction }): VehicleEventView {
    const found = this.lookup(i.plate);
    const id = this.d.newId();
    const now = this.now();
    this.d.db
      .prepare(
        `INSERT INTO vehicle_event (id, compound_id, gate_id, plate, direction, kind, household_id, household_label, decision, reasons, staff_json, occurred_at, closed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'deny', 'unknown_vehicle', ?, ?, ?)`,
      )
      .run(id, this.d.compoundId, this.d.gateId, found.plate, i.direction, found.household ? 'resident' : 'unknown', found.household?.id ?? null, found.household?.label ?? null, this.staff(), now, now);
    return this.byId(id);
  }

  finish(): VehicleEventView {
    const row = this.openRow();
    if (!row) throw new GateError('not_found', 'no vehicle is being checked');
    if (this.d.checkOpen()) throw new GateError('conflict', 'an occupant check is still open; finish it first');
    const occupants = this.occupants(row.id);
    if (occupants.length === 0) throw new GateError('invalid_input', 'check at least one occupant (the driver) first', { reason: 'no_occupant' });
    const { decision, reasons } = vehicleDecision(occupants.map((o) => o.decision));
    return this.closeWith(row.id, decision, reasons);
  }

  cancel(): VehicleEventView | null {
    const row = this.openRow();
    return row ? this.closeWith(row.id, 'deny', ['cancelled']) : null;
  }

  list(limit: number): VehicleEventView[] {
    return this.d.db
      .prepare<[number], EventRow>('SELECT * FROM vehicle_event ORDER BY seq DESC LIMIT ?')
      .all(limit)
      .map((r) => this.view(r));
  }

  private closeWith(id: string, decision: Decision, reasons: readonly VehicleReason[]): VehicleEventView {
    this.d.db
      .prepare('UPDATE vehicle_event SET decision = ?, reasons = ?, closed_at = ? WHERE id = ? AND decision IS NULL')
      .run(decision, reasons.join(','), this.now(), id);
    const view = this.byId(id);
    this.d.events.emit('vehicle:updated', null);
    return view;
  }

  private attach(entryId: string): void {
    const row = this.openRow();
    if (!row) return;
    this.d.db.prepare('INSERT OR IGNORE INTO vehicle_occupant (vehicle_event_id, entry_id) VALUES (?, ?)').run(row.id, entryId);
    this.publish(row.id);
  }

  private publish(id: string): VehicleEventView {
    const view = this.byId(id);
    this.d.events.emit('vehicle:updated', view);
    return view;
  }

  private openRow(): EventRow | undefined {
    return statement<[string], EventRow>(this.d.db, 'SELECT * FROM vehicle_event WHERE gate_id = ? AND decision IS NULL').get(this.d.gateId);
  }

  private byId(id: string): VehicleEventView {
    const row = this.d.db.prepare<[string], EventRow>('SELECT * FROM vehicle_event WHERE id = ?').get(id);
    if (!row) throw new GateError('not_found', 'no such vehicle event');
    return this.view(row);
  }

  private occupants(eventId: string): VehicleEventView['occupants'] {
    return this.d.db
      .prepare<[string], OccupantRow>(
        `SELECT e.id, e.resident_name_masked, e.building, e.unit, e.room, e.decision, e.reasons, e.temp_body_c
           FROM vehicle_occupant o JOIN entry_log e ON e.id = o.entry_id WHERE o.vehicle_event_id = ? ORDER BY e.seq`,
      )
      .all(eventId)
      .map((o) => ({
        entryId: o.id,
        residentName: o.resident_name_masked,
        household: o.building ? [o.building, o.unit, o.room].filter(Boolean).join('-') : null,
        decision: o.decision,
        reasons: o.reasons ? (o.reasons.split(',') as ReasonCode[]) : [],
        temperatureC: o.temp_body_c,
      }));
  }

  private view(r: EventRow): VehicleEventView {
    return {
      id: r.id,
      plate: r.plate,
      direction: r.direction,
      kind: r.kind,
      household: r.household_label,
      note: r.note,
      decision: r.decision,
      reasons: r.reasons ? (r.reasons.split(',') as VehicleReason[]) : [],
      occupants: this.occupants(r.id),
      occurredAt: r.occurred_at,
      closedAt: r.closed_at,
      staff: JSON.parse(r.staff_json) as string[],
    };
  }

  private staff(): string {
    return JSON.stringify(this.d.staffOnDuty());
  }

  private now(): string {
    return this.d.clock.now().toISOString();
  }
}

/** A vehicle passes only if every occupant did; one refused occupant turns the vehicle back. */
export function vehicleDecision(occupants: readonly Decision[]): { decision: Decision; reasons: VehicleReason[] } {
  if (occupants.includes('deny')) return { decision: 'deny', reasons: ['occupant_denied'] };
  if (occupants.includes('refer')) return { decision: 'refer', reasons: ['occupant_referred'] };
  return { decision: 'admit', reasons: [] };
}
