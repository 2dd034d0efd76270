/**
 * Builds issue 6's staff side from the gate's database: the audit trail, staff, the shift board,
 * dual control, watch notes and entry corrections. runtime/startGate.ts calls `startStaff` once and
 * passes the result through HandlerDeps and GateRuntime.
 */
import { isStaffCardCode } from '../../shared/staff';
import type { SignInResult } from '../../shared/staff';
import { AuditLog } from '../audit/auditLog';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import type { GateEvents } from '../core/events';
import type { IdGenerator } from '../core/ids';
import type { Db } from '../store/db';
import { Corrections } from './corrections';
import { seedDemoStaff } from './demoStaff';
import { DualControl } from './dualControl';
import { ScheduleStore } from './schedule';
import { ShiftBoard } from './shifts';
import { DEFAULT_LOCKOUT, StaffStore, toBrief, type LockoutPolicy, type StaffRow } from './staffStore';
import { WatchNotes } from './watchNotes';

export type StaffServices = {
  audit: AuditLog;
  staff: StaffStore;
  shifts: ShiftBoard;
  dualControl: DualControl;
  watch: WatchNotes;
  corrections: Corrections;
  schedule: ScheduleStore;
  /** Signs in a proven person and returns what the UI shows at sign-in. */
  signIn(person: StaffRow, method: 'pin' | 'card' | 'first_run'): SignInResult;
  /** A staff card scanned anywhere (wedge, serial, HID, camera) signs its holder in. */
  signInByCard(code: string): SignInResult;
};

export async function startStaff(o: {
  db: Db;
  clock: Clock;
  newId: IdGenerator;
  events: GateEvents;
  gateId: string;
  timeZone: string;
  seedDemo: boolean;
  lockout?: LockoutPolicy;
}): Promise<StaffServices> {
  const audit = new AuditLog(o.db, o.clock, o.newId);
  const staff = new StaffStore(o.db, o.clock, o.newId, audit, o.lockout ?? DEFAULT_LOCKOUT);
  if (o.seedDemo) await seedDemoStaff(o.db, o.clock, audit);
  const shifts = new ShiftBoard(o.db, o.clock, o.newId, o.gateId, staff, audit, o.events);
  const dualControl = new DualControl(staff, shifts, audit);
  const watch = new WatchNotes(o.db, o.clock, o.newId, audit, o.timeZone, (id) => staff.get(id)?.name ?? id);
  const corrections = new Corrections(o.db, o.clock, o.newId, audit, staff);
  const schedule = new ScheduleStore(o.db, o.clock, o.newId, audit, o.timeZone);
  const signIn = (person: StaffRow, method: 'pin' | 'card' | 'first_run'): SignInResult => {
    const handover = shifts.signIn(person, method);
    return { session: shifts.session(), signedIn: toBrief(person), handover, watchNotes: watch.active() };
  };
  return {
    audit,
    staff,
    shifts,
    dualControl,
    watch,
    corrections,
    schedule,
    signIn,
    signInByCard(code) {
      if (!isStaffCardCode(code)) throw new GateError('invalid_input', 'not a staff card');
      const person = staff.byCard(code);
      if (!person) {
        audit.append('staff.card_refused', { actors: shifts.ids(), details: { reason: 'unknown_card' } });
        throw new GateError('forbidden', 'this staff card is not known here', { reason: 'unknown_card' });
      }
      if (person.active !== 1) {
        audit.append('staff.card_refused', { actors: [person.id], subject: person.id, details: { reason: 'inactive' } });
        throw new GateError('forbidden', 'this staff member is disabled', { reason: 'inactive' });
      }
      return signIn(person, 'card');
    },
  };
}
