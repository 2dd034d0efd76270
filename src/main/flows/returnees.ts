/**
 * Returnees (来(返)沪人员健康登记表) and home observation. Registering at the gate writes the form
 * row, the person's passage in, and the observation — which ends by itself at local midnight after
 * `observationDays` calendar days from arrival (rules.ts). The gate core asks `activeUntil` on every
 * exit, so a person under observation going out is refused with an alert. Ending one early is the
 * committee's decision: it needs dual control and is audited (`EarlyEnd`).
 */
import type { ObservationView, ReturneeInput, ReturneeOutcome } from '../../shared/flows';
import { GateError } from '../core/errors';
import { isValidIdNumber, maskIdNumber, maskName } from '../roster/idNumber';
import { appendPassage, findHousehold, type FlowDeps } from './flowContext';
import { arrivalDateProblem, observationPeriod, screenTemperature, symptomsText } from './rules';
import { localDate } from '../core/time';

/**
 * Ending early is approved before this is called (dual control: a second person's PIN, issue 6);
 * `audit` writes the audit record inside the same transaction, so the end and its record commit
 * together or not at all.
 */
export type EarlyEnd = { reason: string; approverId: string; audit: (o: { observationId: string; endedAt: string }) => void };

type ObservationRow = {
  id: string;
  returnee_id: string;
  resident_id: string | null;
  household_id: string;
  started_at: string;
  ended_at: string;
  name: string;
  building: string;
  unit: string;
  room: string;
  observation_end: string;
  ended_early: number;
};

const SELECT_OBSERVATION = `SELECT o.id, o.returnee_id, o.resident_id, o.household_id, o.started_at, o.ended_at, r.name, r.building,
    r.unit, r.room, r.observation_end, EXISTS (SELECT 1 FROM observation_end x WHERE x.observation_id = o.id) AS ended_early
  FROM observation o JOIN returnee r ON r.id = o.returnee_id`;

export class Returnees {
  private readonly activeByResident;
  private readonly activeByHousehold;
  constructor(private readonly d: FlowDeps) {
    this.activeByResident = d.db.prepare<[string, string, string], { ended_at: string }>(
      'SELECT max(ended_at) AS ended_at FROM observation WHERE resident_id = ? AND started_at <= ? AND ended_at > ? HAVING count(*) > 0',
    );
    this.activeByHousehold = d.db.prepare<[string, string, string], { n: number }>(
      'SELECT count(*) AS n FROM observation WHERE household_id = ? AND started_at <= ? AND ended_at > ?',
    );
  }

  /** When this resident's home observation ends, if it is running at `at`. On the scan hot path. */
  activeUntil(residentId: string, at: Date): string | null {
    const t = at.toISOString();
    return this.activeByResident.get(residentId, t, t)?.ended_at ?? null;
  }

  householdUnderObservation(householdId: string, at: Date): boolean {
    const t = at.toISOString();
    return (this.activeByHousehold.get(householdId, t, t)?.n ?? 0) > 0;
  }

  register(input: ReturneeInput): ReturneeOutcome {
    const d = this.d;
    const now = d.clock.now();
    const tz = d.config.timeZone;
    const idNumber = input.idNumber.toUpperCase();
    if (!isValidIdNumber(idNumber, now)) throw new GateError('invalid_input', 'invalid input at idNumber: check digit or birth date is wrong', { field: 'idNumber' });
    const dateProblem = arrivalDateProblem(input.arrivedOn, now, tz);
    if (dateProblem) throw new GateError('invalid_input', `invalid input at arrivedOn: ${dateProblem === 'future' ? 'after today' : 'no such date'}`, { field: 'arrivedOn' });
    const household = findHousehold(d, input.householdId);
    const resident = input.residentId ? d.roster.resident(input.residentId) : null;
    if (input.residentId && (!resident || resident.householdId !== household.id)) {
      throw new GateError('invalid_input', 'invalid input at residentId: not a member of this household', { field: 'residentId' });
    }

    const v = screenTemperature(input.readings, d.config.policy, now);
    if (v.stage !== 'admit' && v.stage !== 'deny') return { stage: v.stage, reasons: v.reasons, returneeId: null, observation: null };

    const period = observationPeriod(input.arrivedOn, d.config.flows.observationDays, tz);
    const at = now.toISOString();
    const endsAt = period.endsAt.toISOString();
    const staff = d.staffOnDuty();
    const name = resident?.name ?? input.name;
    const returneeId = d.newId();
    const observationId = endsAt > at ? d.newId() : null;
    let entryId = '';
    let alertId: string | null = null;

    d.db.transaction(() => {
      entryId = appendPassage(d, {
        direction: 'in',
        credential: 'returnee-form',
        credentialSource: 'returnee',
        residentId: resident?.residentId ?? null,
        householdId: resident ? household.id : null,
        address: household,
        nameMasked: maskName(name),
        statusCode: resident?.statusCode ?? null,
        readings: input.readings,
        decidingCelsius: v.reading?.celsius ?? null,
        decidingSource: v.reading?.source ?? null,
        decision: v.stage === 'admit' ? 'admit' : 'deny',
        reasons: ['returnee', ...v.reasons],
        alert: v.alert,
        staff,
        startedAt: at,
        at,
      });
      d.db
        .prepare(
          `INSERT INTO returnee (id, compound_id, gate_id, resident_id, household_id, entry_id, name, id_number, phone, building,
             unit, room, origin_province, origin_city, origin, key_region, transport, transport_no, arrived_on, symptoms,
             temperature_c, observation_start, observation_end, registered_at, registered_by, staff_json)
           VALUES (@id, @compound, @gate, @residentId, @householdId, @entryId, @name, @idNumber, @phone, @building, @unit, @room,
             @province, @city, @origin, @keyRegion, @transport, @transportNo, @arrivedOn, @symptoms, @temp, @obsStart,
             @obsEnd, @at, @registeredBy, @staff)`,
        )
        .run({
          id: returneeId,
          compound: d.config.compound.id,
          gate: d.config.gate.id,
          residentId: resident?.residentId ?? null,
          householdId: household.id,
          entryId,
          name,
          idNumber: d.config.flows.storeFullIdNumbers ? idNumber : maskIdNumber(idNumber),
          phone: input.phone,
          building: household.building,
          unit: household.unit,
          room: household.room,
          province: input.originProvince,
          city: input.originCity,
          origin: `${input.originProvince}${input.originCity}`,
          keyRegion: input.keyRegion ? 1 : 0,
          transport: input.transport,
          transportNo: input.transportNo,
          arrivedOn: input.arrivedOn,
          symptoms: symptomsText(input.symptoms),
          temp: v.reading?.celsius ?? null,
          obsStart: period.firstDay,
          obsEnd: period.lastDay,
          at,
          registeredBy: staff.join('、'),
          staff: JSON.stringify(staff),
        });
      // Arrival plus the period already past: the form is still kept, but nobody is held at home.
      if (observationId) {
        d.db
          .prepare(
            `INSERT INTO observation (id, compound_id, gate_id, returnee_id, resident_id, household_id, started_at, ended_at, staff_json)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(observationId, d.config.compound.id, d.config.gate.id, returneeId, resident?.residentId ?? null, household.id, at, endsAt, JSON.stringify(staff));
      }
      if (v.alert) alertId = d.alerts.raise('fever', entryId, at);
    })();
    d.events.emit('log:appended', { id: entryId });
    if (alertId) d.alerts.announce(alertId);
    return { stage: v.stage, reasons: v.reasons, returneeId, observation: observationId ? this.get(observationId) : null };
  }

  /** Observations running now, ending soonest first. */
  active(): ObservationView[] {
    const t = this.d.clock.now().toISOString();
    return this.d.db
      .prepare<[string, string], ObservationRow>(`${SELECT_OBSERVATION} WHERE o.started_at <= ? AND o.ended_at > ? ORDER BY o.ended_at`)
      .all(t, t)
      .map((r) => this.toView(r));
  }

  get(id: string): ObservationView {
    const row = this.d.db.prepare<[string], ObservationRow>(`${SELECT_OBSERVATION} WHERE o.id = ?`).get(id);
    if (!row) throw new GateError('not_found', 'no such observation');
    return this.toView(row);
  }

  /** Refuses an observation that is not running, before anyone is asked to approve it. */
  assertRunning(observationId: string): void {
    const o = this.get(observationId);
    if (o.endedEarly || o.endsAt <= this.d.clock.now().toISOString()) throw new GateError('conflict', 'this observation has already ended');
  }

  endEarly(observationId: string, end: EarlyEnd): ObservationView {
    const d = this.d;
    const at = d.clock.now().toISOString();
    const staff = d.staffOnDuty();
    d.db.transaction(() => {
      this.assertRunning(observationId);
      d.db
        .prepare('INSERT INTO observation_end (id, observation_id, ended_at, reason, approval_json, staff_json) VALUES (?, ?, ?, ?, ?, ?)')
        .run(d.newId(), observationId, at, end.reason, JSON.stringify({ approvedBy: end.approverId }), JSON.stringify(staff));
      d.db.prepare('UPDATE observation SET ended_at = ? WHERE id = ?').run(at, observationId);
      end.audit({ observationId, endedAt: at });
    })();
    return this.get(observationId);
  }

  private toView(r: ObservationRow): ObservationView {
    return {
      id: r.id,
      returneeId: r.returnee_id,
      residentId: r.resident_id,
      name: maskName(r.name),
      household: { id: r.household_id, building: r.building, unit: r.unit, room: r.room },
      startedAt: r.started_at,
      endsAt: r.ended_at,
      lastDay: r.ended_early ? localDate(new Date(r.ended_at), this.d.config.timeZone) : r.observation_end,
      endedEarly: r.ended_early === 1,
    };
  }
}
