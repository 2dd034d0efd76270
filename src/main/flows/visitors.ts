/**
 * Visitors (直系亲属探望实行电话确认、严格登记): policy first, then the phone confirmation, then the
 * temperature. Every final attempt — admitted or refused — is one visitor row and one entry-log row,
 * committed together before the answer is returned. An admitted visitor gets a pass tied to the
 * host household that runs out after `visitorPassHours`; the gate's tick raises an overstay alert
 * for a visitor still inside then, and check-out is its own append-only event.
 */
import type { CheckView } from '../../shared/contract';
import type { ReasonCode } from '../../shared/domain';
import type { VisitorInput, VisitorOutcome, VisitorView } from '../../shared/flows';
import { GateError } from '../core/errors';
import { statement } from '../store/db';
import { isValidIdNumber, maskIdNumber, maskName, maskPhone } from '../roster/idNumber';
import { appendPassage, findHousehold, type FlowDeps } from './flowContext';
import { isOverstay, screenTemperature, visitorPassExpiry, visitorPolicyRefusal } from './rules';

type VisitorRow = {
  id: string;
  pass_number: string | null;
  name: string;
  phone: string;
  id_number: string;
  household_id: string;
  building: string;
  unit: string;
  room: string;
  relation: VisitorView['relation'];
  decision: 'admit' | 'deny';
  reasons: string;
  temperature_c: number | null;
  entry_id: string;
  arrived_at: string | null;
  pass_expires_at: string | null;
  left_at: string | null;
};

export class Visitors {
  constructor(private readonly d: FlowDeps) {}

  register(input: VisitorInput): VisitorOutcome {
    const d = this.d;
    const now = d.clock.now();
    const flows = d.config.flows;
    const idNumber = input.idNumber.toUpperCase();
    if (!isValidIdNumber(idNumber, now)) throw new GateError('invalid_input', 'invalid input at idNumber: check digit or birth date is wrong', { field: 'idNumber' });
    const household = findHousehold(d, input.householdId);

    // Policy refusals need no thermometer: the visitor is turned away at the gate either way.
    const refusal = visitorPolicyRefusal(flows.visitorPolicy, input.relation, input.confirmation);
    let reasons: ReasonCode[] = refusal;
    let alert = false;
    let deciding: VisitorInput['readings'][number] | null = null;
    let measuredOk = false;
    if (refusal.length === 0) {
      const v = screenTemperature(input.readings, d.config.policy, now);
      // Nothing is written until the decision is final: the form asks for (another) reading.
      if (v.stage !== 'admit' && v.stage !== 'deny') return { stage: v.stage, reasons: v.reasons, visitor: null };
      reasons = v.reasons;
      alert = v.alert;
      deciding = v.reading ? { celsius: v.reading.celsius, source: v.reading.source } : null;
      measuredOk = v.stage === 'admit';
    }
    const decision: 'admit' | 'deny' = refusal.length === 0 && measuredOk ? 'admit' : 'deny';
    const at = now.toISOString();
    const id = d.newId();
    const passNumber = decision === 'admit' ? `V${id.replace(/-/g, '').slice(-8).toUpperCase()}` : null;
    const expiresAt = decision === 'admit' ? visitorPassExpiry(now, flows.visitorPassHours).toISOString() : null;
    const staff = d.staffOnDuty();
    let alertId: string | null = null;
    let entryId = '';

    d.db.transaction(() => {
      entryId = appendPassage(d, {
        direction: 'in',
        credential: passNumber ?? 'visitor',
        credentialSource: 'visitor',
        residentId: null,
        householdId: null,
        address: household,
        nameMasked: maskName(input.name),
        statusCode: null,
        readings: input.readings,
        decidingCelsius: deciding?.celsius ?? null,
        decidingSource: deciding?.source ?? null,
        decision,
        reasons: ['visitor', ...reasons],
        alert,
        staff,
        startedAt: at,
        at,
      });
      d.db
        .prepare(
          `INSERT INTO visitor (id, compound_id, gate_id, pass_number, name, phone, id_number, id_number_full, household_id,
             building, unit, room, relation, confirm_number, confirm_answered_by, confirm_outcome, temperature_c, temp_source,
             decision, reasons, entry_id, registered_at, arrived_at, pass_expires_at, staff_json)
           VALUES (@id, @compound, @gate, @passNumber, @name, @phone, @idNumber, @idFull, @householdId, @building, @unit, @room,
             @relation, @confirmNumber, @answeredBy, @outcome, @temp, @tempSource, @decision, @reasons, @entryId, @at,
             @arrivedAt, @expiresAt, @staff)`,
        )
        .run({
          id,
          compound: d.config.compound.id,
          gate: d.config.gate.id,
          passNumber,
          name: input.name,
          phone: input.phone,
          idNumber: flows.storeFullIdNumbers ? idNumber : maskIdNumber(idNumber),
          idFull: flows.storeFullIdNumbers ? 1 : 0,
          householdId: household.id,
          building: household.building,
          unit: household.unit,
          room: household.room,
          relation: input.relation,
          confirmNumber: input.confirmation?.numberCalled ?? null,
          answeredBy: input.confirmation?.answeredBy ?? null,
          outcome: input.confirmation?.outcome ?? null,
          temp: deciding?.celsius ?? null,
          tempSource: deciding?.source ?? null,
          decision,
          reasons: reasons.join(','),
          entryId,
          at,
          arrivedAt: decision === 'admit' ? at : null,
          expiresAt,
          staff: JSON.stringify(staff),
        });
      if (alert) alertId = d.alerts.raise('fever', entryId, at);
    })();
    d.events.emit('log:appended', { id: entryId });
    if (alertId) d.alerts.announce(alertId);
    const visitor = this.byId(id);
    return { stage: decision, reasons, visitor };
  }

  /** Visitors now inside, soonest-expiring first (overstayers lead). */
  inside(): VisitorView[] {
    return this.d.db
      .prepare<[], VisitorRow>(`SELECT * FROM visitor WHERE arrived_at IS NOT NULL AND left_at IS NULL ORDER BY pass_expires_at`)
      .all()
      .map((r) => this.toView(r));
  }

  checkout(by: { visitorId: string } | { passNumber: string }): VisitorView {
    return this.leave(by).view;
  }

  /**
   * The visitor shows their pass at the gate on the way out: checked out, and answered as a gate
   * check so the guard screen shows it like any other. Null when the code is not the pass of a
   * visitor now inside (the scan then goes on as an ordinary pass).
   */
  exitByPass(code: string): CheckView | null {
    const row = statement<[string], VisitorRow>(
      this.d.db,
      'SELECT * FROM visitor WHERE pass_number = ? AND arrived_at IS NOT NULL AND left_at IS NULL',
    ).get(code.toUpperCase());
    if (!row) return null;
    const { view, entryId, at } = this.leave({ visitorId: row.id });
    return {
      checkId: this.d.newId(),
      stage: 'admit',
      direction: 'out',
      credential: row.pass_number ?? code,
      household: view.household,
      resident: null,
      status: null,
      readings: [],
      temperatureC: null,
      reasons: view.overstayed ? ['visitor', 'visitor_overstay'] : ['visitor'],
      alert: false,
      insideSince: row.arrived_at,
      entryId,
      startedAt: at,
    };
  }

  private leave(by: { visitorId: string } | { passNumber: string }): { view: VisitorView; entryId: string; at: string } {
    const d = this.d;
    const row =
      'visitorId' in by
        ? d.db.prepare<[string], VisitorRow>('SELECT * FROM visitor WHERE id = ?').get(by.visitorId)
        : d.db.prepare<[string], VisitorRow>('SELECT * FROM visitor WHERE pass_number = ?').get(by.passNumber.toUpperCase());
    if (!row) throw new GateError('not_found', 'no such visitor pass');
    if (!row.arrived_at) throw new GateError('conflict', 'this visitor was refused and never entered');
    if (row.left_at) throw new GateError('conflict', 'this visitor has already left');
    const now = d.clock.now();
    const at = now.toISOString();
    const overstayed = isOverstay({ expiresAt: row.pass_expires_at, leftAt: null }, now);
    const staff = d.staffOnDuty();
    let entryId = '';
    d.db.transaction(() => {
      entryId = appendPassage(d, {
        direction: 'out',
        credential: row.pass_number ?? 'visitor',
        credentialSource: 'visitor',
        residentId: null,
        householdId: null,
        address: { id: row.household_id, building: row.building, unit: row.unit, room: row.room },
        nameMasked: maskName(row.name),
        statusCode: null,
        readings: [],
        decidingCelsius: null,
        decidingSource: null,
        decision: 'admit',
        reasons: overstayed ? ['visitor', 'visitor_overstay'] : ['visitor'],
        alert: false,
        staff,
        startedAt: at,
        at,
      });
      d.db
        .prepare('INSERT INTO visitor_departure (id, visitor_id, entry_id, left_at, overstayed, staff_json) VALUES (?, ?, ?, ?, ?, ?)')
        .run(d.newId(), row.id, entryId, at, overstayed ? 1 : 0, JSON.stringify(staff));
      d.db.prepare('UPDATE visitor SET left_at = ? WHERE id = ?').run(at, row.id);
    })();
    d.events.emit('log:appended', { id: entryId });
    return { view: this.byId(row.id), entryId, at };
  }

  /**
   * Raises one overstay alert per visitor whose pass ran out while inside; called from the gate's
   * one-second tick. Cheap when nothing is due: one indexed query.
   */
  raiseOverstays(): number {
    const d = this.d;
    const at = d.clock.now().toISOString();
    const due = d.db
      .prepare<[string], { entry_id: string }>(
        `SELECT v.entry_id FROM visitor v
          WHERE v.left_at IS NULL AND v.arrived_at IS NOT NULL AND v.pass_expires_at <= ?
            AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.entry_id = v.entry_id AND a.kind = 'visitor_overstay')`,
      )
      .all(at);
    if (due.length === 0) return 0;
    const raised: string[] = [];
    d.db.transaction(() => {
      for (const v of due) raised.push(d.alerts.raise('visitor_overstay', v.entry_id, at));
    })();
    for (const id of raised) d.alerts.announce(id);
    return raised.length;
  }

  private byId(id: string): VisitorView {
    const row = this.d.db.prepare<[string], VisitorRow>('SELECT * FROM visitor WHERE id = ?').get(id);
    if (!row) throw new GateError('not_found', 'no such visitor');
    return this.toView(row);
  }

  private toView(r: VisitorRow): VisitorView {
    return {
      id: r.id,
      passNumber: r.pass_number,
      name: maskName(r.name),
      phone: maskPhone(r.phone),
      idNumber: maskIdNumber(r.id_number),
      household: { id: r.household_id, building: r.building, unit: r.unit, room: r.room },
      relation: r.relation,
      decision: r.decision,
      reasons: r.reasons ? (r.reasons.split(',') as ReasonCode[]) : [],
      temperatureC: r.temperature_c,
      arrivedAt: r.arrived_at,
      expiresAt: r.pass_expires_at,
      leftAt: r.left_at,
      overstayed: isOverstay({ expiresAt: r.pass_expires_at, leftAt: r.left_at }, this.d.clock.now()),
    };
  }
}
