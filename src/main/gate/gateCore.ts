/**
 * The check in progress at one gate: a scan starts it, readings advance it, and the moment the
 * decision is final it is committed to the entry log and only then shown. One decision at a time:
 * a new scan closes (and logs) an unfinished one.
 */
import type { Alert, CheckView, Reading } from '../../shared/contract';
import type { Direction, ReadingSource, ScanSource } from '../../shared/domain';
import type { GateConfig } from '../config/config';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import type { GateEvents } from '../core/events';
import type { IdGenerator } from '../core/ids';
import { maskCredential } from '../export/mask';
import { isValidIdNumber, maskIdNumber, maskName } from '../roster/idNumber';
import type { AlertRecord, EntryLogStore } from '../store/entryLog';
import type { ResidentFacts, RosterStore } from '../store/roster';
import { abandon, decide, FINAL_STAGES, type SubjectFacts, type Verdict } from './decide';
import { alertKindFor } from '../flows/rules';
import type { GatePassHooks } from '../passes/gateHooks';
import { storableUnknownCredential } from '../privacy/unknownCredential';

type TempPassHousehold = Pick<ResidentFacts, 'householdId' | 'building' | 'unit' | 'room' | 'statusCode' | 'status'>;

type Pending = {
  checkId: string;
  direction: Direction;
  credential: string;
  credentialSource: ScanSource | 'lookup';
  passId: string | null;
  subject: SubjectFacts;
  resident: ResidentFacts | null;
  /** The household a signed temporary pass names (no resident behind it); issue 4. */
  household?: TempPassHousehold | null;
  readings: Reading[];
  startedAt: Date;
  verdict: Verdict;
};

export type GateCoreDeps = {
  roster: RosterStore;
  log: EntryLogStore;
  config: GateConfig;
  clock: Clock;
  newId: IdGenerator;
  events: GateEvents;
  staffOnDuty: () => string[];
  /** Temporary passes and the household exit quota (issue 4; passes/gateHooks.ts). */
  passes?: GatePassHooks;
  /** When a resident's home observation ends, if one is running (issue 4; flows/returnees.ts). */
  observationUntil?: (residentId: string, at: Date) => string | null;
  /** A visitor pass shown on the way out checks the visitor out (issue 4; flows/visitors.ts); null if it is none. */
  visitorExit?: (credential: string) => CheckView | null;
  /** Watch notes in force for a household, shown on its scan card (issue 6). */
  watchNotesFor?: (householdId: string) => { note: string; until: string | null }[];
  /** The resident an ID card (scanned in place of a pass) belongs to, by keyed digest (privacy/idLookup.ts). */
  residentByIdNumber?: (idNumber: string) => ResidentFacts | null;
};

export class GateCore {
  private pending: Pending | null = null;
  /** The lane the guard has chosen on screen; scans from serial/HID scanners take it. */
  direction: Direction = 'in';
  /** A reading taken before the pass was shown; it counts for the next scan while fresh. */
  private loose: Reading | null = null;
  private readonly policy: GateConfig['policy'];

  constructor(private readonly deps: GateCoreDeps) {
    this.policy = deps.config.policy;
  }

  setDirection(direction: Direction): Direction {
    this.direction = direction;
    this.deps.events.emit('gate:direction', { direction });
    return direction;
  }

  current(): CheckView | null {
    return this.pending ? this.view(this.pending, null) : null;
  }

  scan(code: string, source: ScanSource, direction: Direction): CheckView {
    // Scanners and wedge input can carry control bytes (GS separators, stray CR); they are not part of the code.
    // eslint-disable-next-line no-control-regex
    const credential = code.replace(/[\u0000-\u001f\u007f]/g, '').trim();
    if (!credential) throw new GateError('invalid_input', 'empty pass code');
    this.closePending();
    const visitorExit = direction === 'out' ? (this.deps.visitorExit?.(credential) ?? null) : null;
    if (visitorExit) {
      this.deps.events.emit('check:updated', visitorExit);
      return visitorExit;
    }
    const temp = this.deps.passes?.tempPass(credential, this.now());
    if (temp) {
      const h = temp.household;
      const household = h ? { householdId: h.id, building: h.building, unit: h.unit, room: h.room, statusCode: h.statusCode, status: h.status } : null;
      return this.start({
        direction,
        credential: temp.credential,
        credentialSource: source,
        passId: temp.passId,
        resident: null,
        household,
        subject: {
          identifiedBy: 'temp_pass',
          tempPass: temp.verdict,
          pass: null,
          resident: h ? { statusRule: h.rule } : null,
          insideSince: null,
          quota: this.quota(h?.id ?? null, direction),
        },
      });
    }
    const found = this.deps.roster.findPass(credential);
    // An ID card identifies the person but is no pass: decided like a staff lookup (manual_lookup).
    const byId = found || !isValidIdNumber(credential) ? null : (this.deps.residentByIdNumber?.(credential) ?? null);
    if (byId) return this.startLookup(byId, direction, credential, source);
    const resident = found?.resident ?? null;
    return this.start({
      direction,
      // A code that is no pass may be someone's ID or phone number: logged and pushed masked only.
      credential: found ? credential : storableUnknownCredential(credential),
      credentialSource: source,
      passId: found?.pass.passId ?? null,
      resident,
      subject: {
        identifiedBy: 'pass',
        pass: found ? { status: found.pass.passStatus, validFrom: found.pass.validFrom, validUntil: found.pass.validUntil } : null,
        resident: resident ? { statusRule: resident.statusRule } : null,
        insideSince: resident ? this.deps.log.insideSince(resident.residentId) : null,
        underObservation: resident ? this.underObservation(resident.residentId) : false,
        quota: this.quota(resident?.householdId ?? null, direction),
      },
    });
  }

  lookup(residentId: string, direction: Direction): CheckView {
    const resident = this.deps.roster.resident(residentId);
    if (!resident) throw new GateError('not_found', 'no such resident');
    this.closePending();
    return this.startLookup(resident, direction, 'manual-lookup', 'lookup');
  }

  /** A check of a resident found without a pass: by staff, or by their ID card (logged masked). */
  private startLookup(resident: ResidentFacts, direction: Direction, credential: string, source: ScanSource | 'lookup'): CheckView {
    return this.start({
      direction,
      credential: source === 'lookup' ? credential : maskIdNumber(credential),
      credentialSource: source,
      passId: null,
      resident,
      subject: {
        identifiedBy: 'lookup',
        pass: null,
        resident: { statusRule: resident.statusRule },
        insideSince: this.deps.log.insideSince(resident.residentId),
        underObservation: this.underObservation(resident.residentId),
        quota: this.quota(resident.householdId, direction),
      },
    });
  }

  /** A temperature reading from a device, the simulator or staff. Returns the check it advanced, if any. */
  reading(celsius: number, source: ReadingSource, deviceId: string): CheckView | null {
    const reading: Reading = { celsius: Math.round(celsius * 100) / 100, source, deviceId, at: this.now().toISOString() };
    this.deps.events.emit('reading:received', reading);
    const p = this.pending;
    if (!p) {
      this.loose = reading;
      return null;
    }
    // Work on a copy: if the commit fails the open check stays exactly as the screen last showed it.
    return this.advance({ ...p, readings: [...p.readings, reading] });
  }

  /** Closes an unfinished check (logged as such); returns what was logged. */
  dismiss(): CheckView | null {
    return this.closePending();
  }

  /** Called about once a second: checks left waiting too long are logged and cleared. */
  tick(): void {
    const p = this.pending;
    if (p && this.now().getTime() - p.startedAt.getTime() > this.policy.pendingTimeoutS * 1000) this.closePending();
  }

  private start(init: Omit<Pending, 'checkId' | 'readings' | 'startedAt' | 'verdict'>): CheckView {
    const now = this.now();
    const loose = this.loose;
    this.loose = null;
    const fresh = loose && now.getTime() - new Date(loose.at).getTime() <= this.policy.readingFreshS * 1000;
    const p: Pending = {
      ...init,
      checkId: this.deps.newId(),
      readings: fresh && loose ? [loose] : [],
      startedAt: now,
      verdict: { stage: 'await_reading', reasons: [], alert: false, reading: null },
    };
    return this.advance(p);
  }

  private advance(p: Pending): CheckView {
    p.verdict = decide({
      subject: p.subject,
      direction: p.direction,
      readings: p.readings,
      policy: this.policy,
      now: this.now(),
    });
    if (FINAL_STAGES.has(p.verdict.stage)) return this.commit(p);
    this.pending = p;
    const view = this.view(p, null);
    this.deps.events.emit('check:updated', view);
    return view;
  }

  private closePending(): CheckView | null {
    const p = this.pending;
    if (!p) return null;
    return this.commit({ ...p, verdict: abandon(p.verdict) });
  }

  /** The durable write comes first; if it throws, nothing is shown and the check stays open. */
  private commit(p: Pending): CheckView {
    const now = this.now().toISOString();
    const entryId = this.deps.newId();
    const v = p.verdict;
    const r = p.resident;
    const decidingReading = v.reading ? (p.readings[p.readings.length - 1] ?? null) : null;
    const alert: AlertRecord | null = v.alert
      ? { id: this.deps.newId(), kind: alertKindFor(v.reasons) ?? 'fever', entryId, raisedAt: now }
      : null;
    this.deps.log.append(
      {
        id: entryId,
        compoundId: this.deps.config.compound.id,
        gateId: this.deps.config.gate.id,
        direction: p.direction,
        credential: p.credential,
        credentialSource: p.credentialSource,
        passId: p.passId,
        residentId: r?.residentId ?? null,
        householdId: (r ?? p.household)?.householdId ?? null,
        building: (r ?? p.household)?.building ?? null,
        unit: (r ?? p.household)?.unit ?? null,
        room: (r ?? p.household)?.room ?? null,
        residentNameMasked: r ? maskName(r.name) : null,
        statusCode: (r ?? p.household)?.statusCode ?? null,
        // An IR gun reports the value it shows; it is logged as both the raw and the body value
        // until a driver that separates object and body temperature supplies both (issue 3).
        tempObjectC: decidingReading?.celsius ?? null,
        tempBodyC: decidingReading?.celsius ?? null,
        tempDevice: decidingReading?.deviceId ?? null,
        tempSource: decidingReading?.source ?? null,
        readingsJson: JSON.stringify(p.readings),
        decision: v.stage as 'admit' | 'deny' | 'refer',
        reasons: v.reasons,
        alert: v.alert,
        staff: this.deps.staffOnDuty(),
        startedAt: p.startedAt.toISOString(),
        occurredAt: now,
        recordedAt: now,
      },
      alert,
    );
    this.pending = null;
    const view = this.view(p, entryId);
    this.deps.events.emit('log:appended', { id: entryId });
    if (alert) this.deps.events.emit('alert:raised', this.alertView(alert, r));
    this.deps.events.emit('check:updated', view);
    return view;
  }

  private alertView(a: AlertRecord, r: ResidentFacts | null): Alert {
    return {
      id: a.id,
      kind: a.kind,
      entryId: a.entryId,
      household: r ? householdLabel(r) : null,
      residentName: r ? maskName(r.name) : null,
      raisedAt: a.raisedAt,
      acknowledgedAt: null,
      acknowledgedBy: [],
    };
  }

  private view(p: Pending, entryId: string | null): CheckView {
    const r = p.resident;
    const h = r ?? p.household ?? null;
    const deciding = p.verdict.reading ? p.readings[p.readings.length - 1] : undefined;
    return {
      checkId: p.checkId,
      stage: p.verdict.stage,
      direction: p.direction,
      // Whatever was scanned may be an ID card or a phone number: the screen gets it masked.
      credential: maskCredential(p.credential),
      household: h ? { id: h.householdId, building: h.building, unit: h.unit, room: h.room } : null,
      resident: r ? { name: maskName(r.name), residency: r.residency } : null,
      status: h?.status ?? null,
      readings: p.readings,
      temperatureC: deciding?.celsius ?? null,
      reasons: p.verdict.reasons,
      alert: p.verdict.alert,
      insideSince: p.subject.insideSince,
      ...(r && this.deps.watchNotesFor ? { watchNotes: this.deps.watchNotesFor(r.householdId) } : {}),
      entryId,
      startedAt: p.startedAt.toISOString(),
    };
  }

  /** The household's exit quota verdict; no household or no quota configured = none. */
  private quota(householdId: string | null, direction: Direction): 'ok' | 'warn' | 'deny' | undefined {
    return householdId && this.deps.passes ? this.deps.passes.quota(householdId, direction, this.now()) : undefined;
  }

  private underObservation(residentId: string): boolean {
    return this.deps.observationUntil?.(residentId, this.now()) != null;
  }

  private now(): Date {
    return this.deps.clock.now();
  }
}

export function householdLabel(h: { building: string; unit: string; room: string }): string {
  return [h.building, h.unit, h.room].filter(Boolean).join('-');
}
