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
import { maskName } from '../roster/idNumber';
import type { AlertRecord, EntryLogStore } from '../store/entryLog';
import type { ResidentFacts, RosterStore } from '../store/roster';
import { abandon, decide, FINAL_STAGES, type SubjectFacts, type Verdict } from './decide';

type Pending = {
  checkId: string;
  direction: Direction;
  credential: string;
  credentialSource: ScanSource | 'lookup';
  passId: string | null;
  subject: SubjectFacts;
  resident: ResidentFacts | null;
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
    const found = this.deps.roster.findPass(credential);
    const resident = found?.resident ?? null;
    return this.start({
      direction,
      credential,
      credentialSource: source,
      passId: found?.pass.passId ?? null,
      resident,
      subject: {
        identifiedBy: 'pass',
        pass: found ? { status: found.pass.passStatus, validFrom: found.pass.validFrom, validUntil: found.pass.validUntil } : null,
        resident: resident ? { statusRule: resident.statusRule } : null,
        insideSince: resident ? this.deps.log.insideSince(resident.residentId) : null,
      },
    });
  }

  lookup(residentId: string, direction: Direction): CheckView {
    const resident = this.deps.roster.resident(residentId);
    if (!resident) throw new GateError('not_found', 'no such resident');
    this.closePending();
    return this.start({
      direction,
      credential: 'manual-lookup',
      credentialSource: 'lookup',
      passId: null,
      resident,
      subject: {
        identifiedBy: 'lookup',
        pass: null,
        resident: { statusRule: resident.statusRule },
        insideSince: this.deps.log.insideSince(resident.residentId),
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
      ? { id: this.deps.newId(), kind: v.reasons.includes('fever') ? 'fever' : 'home_observation_exit', entryId, raisedAt: now }
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
        householdId: r?.householdId ?? null,
        building: r?.building ?? null,
        unit: r?.unit ?? null,
        room: r?.room ?? null,
        residentNameMasked: r ? maskName(r.name) : null,
        statusCode: r?.statusCode ?? null,
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
    };
  }

  private view(p: Pending, entryId: string | null): CheckView {
    const r = p.resident;
    const deciding = p.verdict.reading ? p.readings[p.readings.length - 1] : undefined;
    return {
      checkId: p.checkId,
      stage: p.verdict.stage,
      direction: p.direction,
      credential: p.credential,
      household: r ? { id: r.householdId, building: r.building, unit: r.unit, room: r.room } : null,
      resident: r ? { name: maskName(r.name), residency: r.residency } : null,
      status: r?.status ?? null,
      readings: p.readings,
      temperatureC: deciding?.celsius ?? null,
      reasons: p.verdict.reasons,
      alert: p.verdict.alert,
      insideSince: p.subject.insideSince,
      entryId,
      startedAt: p.startedAt.toISOString(),
    };
  }

  private now(): Date {
    return this.deps.clock.now();
  }
}

export function householdLabel(h: { building: string; unit: string; room: string }): string {
  return [h.building, h.unit, h.room].filter(Boolean).join('-');
}
