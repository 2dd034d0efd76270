/**
 * Deliveries (快递、外卖) do not enter: the guard logs each parcel at the drop-off shelf, the
 * resident scans their pass to see what is waiting and takes it, and parcels for a household under
 * home observation become door-drop tasks a volunteer carries up. A hand-over is an append-only row;
 * `parcel.collected_at` is its write-once copy for the daily report.
 */
import type { ParcelInput, ParcelsForPass, ParcelView } from '../../shared/flows';
import { GateError } from '../core/errors';
import { maskName } from '../roster/idNumber';
import { findHousehold, type FlowDeps } from './flowContext';
import type { Returnees } from './returnees';
import { parcelState } from './rules';

type ParcelRow = {
  id: string;
  carrier: string;
  tracking_tail: string;
  household_id: string;
  building: string;
  unit: string;
  room: string;
  shelf_slot: string;
  received_at: string;
  collected_at: string | null;
  kind: 'pickup' | 'door_drop' | null;
  delivered_by: string | null;
};

const SELECT = `SELECT p.id, p.carrier, p.tracking_tail, p.household_id, p.building, p.unit, p.room, p.shelf_slot,
    p.received_at, p.collected_at, h.kind, h.delivered_by
  FROM parcel p LEFT JOIN parcel_handover h ON h.parcel_id = p.id`;

export class Parcels {
  constructor(
    private readonly d: FlowDeps,
    private readonly observation: Pick<Returnees, 'householdUnderObservation'>,
  ) {}

  dropoff(input: ParcelInput): ParcelView {
    const d = this.d;
    const household = findHousehold(d, input.householdId);
    const id = d.newId();
    d.db
      .prepare(
        `INSERT INTO parcel (id, compound_id, gate_id, carrier, tracking_tail, household_id, building, unit, room, shelf_slot,
           received_at, staff_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        d.config.compound.id,
        d.config.gate.id,
        input.carrier,
        input.trackingTail,
        household.id,
        household.building,
        household.unit,
        household.room,
        input.shelfSlot,
        d.clock.now().toISOString(),
        JSON.stringify(d.staffOnDuty()),
      );
    return this.get(id);
  }

  /** Everything on the shelf, oldest first; door-drop tasks are the ones with `doorDrop`. */
  waiting(): ParcelView[] {
    return this.d.db
      .prepare<[string], ParcelRow>(`${SELECT} WHERE p.collected_at IS NULL AND p.compound_id = ? ORDER BY p.seq`)
      .all(this.d.config.compound.id)
      .map((r) => this.toView(r));
  }

  /** The resident shows their pass: who they are and what waits for their household. */
  forPass(code: string): ParcelsForPass {
    const { resident } = this.holder(code);
    const household = findHousehold(this.d, resident.householdId);
    return {
      household: { ...household, underObservation: this.observation.householdUnderObservation(household.id, this.d.clock.now()) },
      residentName: maskName(resident.name),
      parcels: this.d.db
        .prepare<[string], ParcelRow>(`${SELECT} WHERE p.collected_at IS NULL AND p.household_id = ? ORDER BY p.seq`)
        .all(household.id)
        .map((r) => this.toView(r)),
    };
  }

  /** All or nothing: one parcel that is not this household's or already gone refuses the lot. */
  collect(code: string, parcelIds: readonly string[]): ParcelView[] {
    const d = this.d;
    const { resident } = this.holder(code);
    const now = d.clock.now();
    if (this.observation.householdUnderObservation(resident.householdId, now)) {
      throw new GateError('forbidden', 'this household is under home observation: its parcels are carried to the door');
    }
    const at = now.toISOString();
    const staff = JSON.stringify(d.staffOnDuty());
    d.db.transaction(() => {
      for (const id of new Set(parcelIds)) {
        const p = this.row(id);
        if (p.household_id !== resident.householdId) throw new GateError('forbidden', 'this parcel is for another household');
        if (p.collected_at) throw new GateError('conflict', 'this parcel has already been handed over');
        this.handOver(id, 'pickup', at, resident.residentId, null, staff);
      }
    })();
    return parcelIds.map((id) => this.get(id));
  }

  /** A volunteer carried it to the door: who, and when (now). */
  doorDelivered(parcelId: string, deliveredBy: string): ParcelView {
    const d = this.d;
    const at = d.clock.now().toISOString();
    d.db.transaction(() => {
      const p = this.row(parcelId);
      if (p.collected_at) throw new GateError('conflict', 'this parcel has already been handed over');
      this.handOver(parcelId, 'door_drop', at, null, deliveredBy, JSON.stringify(d.staffOnDuty()));
    })();
    return this.get(parcelId);
  }

  private handOver(id: string, kind: 'pickup' | 'door_drop', at: string, residentId: string | null, by: string | null, staff: string): void {
    this.d.db
      .prepare('INSERT INTO parcel_handover (id, parcel_id, kind, handed_at, resident_id, delivered_by, staff_json) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(this.d.newId(), id, kind, at, residentId, by, staff);
    this.d.db.prepare('UPDATE parcel SET collected_at = ? WHERE id = ?').run(at, id);
  }

  private holder(code: string) {
    const found = this.d.roster.findPass(code.trim());
    if (!found) throw new GateError('not_found', 'pass not recognised');
    const now = this.d.clock.now();
    const p = found.pass;
    if (p.passStatus !== 'active' || (p.validFrom && now < new Date(p.validFrom)) || (p.validUntil && now >= new Date(p.validUntil))) {
      throw new GateError('forbidden', 'this pass is not valid');
    }
    return found;
  }

  private row(id: string): ParcelRow {
    const row = this.d.db.prepare<[string], ParcelRow>(`${SELECT} WHERE p.id = ?`).get(id);
    if (!row) throw new GateError('not_found', 'no such parcel');
    return row;
  }

  private get(id: string): ParcelView {
    return this.toView(this.row(id));
  }

  private toView(r: ParcelRow): ParcelView {
    return {
      id: r.id,
      carrier: r.carrier,
      trackingTail: r.tracking_tail,
      household: { id: r.household_id, building: r.building, unit: r.unit, room: r.room },
      shelfSlot: r.shelf_slot,
      receivedAt: r.received_at,
      collectedAt: r.collected_at,
      handover: r.kind,
      deliveredBy: r.delivered_by,
      doorDrop:
        parcelState({ collectedAt: r.collected_at, handover: r.kind }, r.collected_at === null && this.observation.householdUnderObservation(r.household_id, this.d.clock.now())) ===
        'door_drop_due',
    };
  }
}
