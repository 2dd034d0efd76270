/**
 * Contract handlers for staff, shifts, dual control and the audit trail (issue 6), plus
 * `withAudit`, which wraps other areas' handlers so config changes, roster imports and exports are
 * audited at the handler layer without touching their modules.
 */
import { isStaffCardCode, MANAGER_ROLES } from '../../shared/staff';
import type { MethodName } from '../../shared/contract';
import { GateError } from '../core/errors';
import type { StaffServices } from '../staff/staffRuntime';
import type { Handlers } from './dispatch';
import type { HandlerDeps } from './handlers';

type StaffMethod =
  | 'staff:session'
  | 'staff:signIn'
  | 'staff:signInCard'
  | 'staff:firstAdmin'
  | 'staff:signOut'
  | 'staff:list'
  | 'staff:create'
  | 'staff:update'
  | 'staff:resetPin'
  | 'watch:list'
  | 'watch:add'
  | 'watch:clear'
  | 'schedule:import'
  | 'schedule:day'
  | 'override:admit'
  | 'log:void'
  | 'log:corrections'
  | 'audit:verify'
  | 'audit:list'
  | 'check:manualEntry';

export function createStaffHandlers(d: Pick<HandlerDeps, 'staff' | 'core'>): Pick<Handlers, StaffMethod> {
  const s = d.staff;
  const onDuty = (): string[] => s.shifts.ids();
  /** Staff management and the audit trail need a manager or committee admin among those signed in. */
  const requireManager = (): string[] => {
    if (!s.shifts.onDuty().some((p) => MANAGER_ROLES.includes(p.role))) {
      throw new GateError('forbidden', 'a manager must be signed in for this', { reason: 'needs_manager' });
    }
    return onDuty();
  };
  const requireAdminFor = (role: string | undefined): void => {
    if (role === 'committee_admin' && !s.shifts.onDuty().some((p) => p.role === 'committee_admin')) {
      throw new GateError('forbidden', 'only a committee admin may appoint a committee admin', { reason: 'needs_committee_admin' });
    }
  };
  let firstAdminBusy = false;

  return {
    'staff:session': () => s.shifts.session(),
    'staff:signIn': async (i) => {
      // A full post is refused before the PIN is tried, so it costs the person no attempt.
      if (s.shifts.onDuty().length >= s.shifts.session().maxOnDuty && !onDuty().includes(i.staffId)) {
        throw new GateError('conflict', 'two people are already signed in at this post; one must sign out first', { reason: 'post_full' });
      }
      const person = await s.staff.checkPin(i.staffId, i.pin, 'sign_in');
      return s.signIn(person, 'pin');
    },
    'staff:signInCard': (i) => s.signInByCard(i.code),
    'staff:firstAdmin': async (i) => {
      if (firstAdminBusy || s.staff.count() > 0) {
        throw new GateError('forbidden', 'staff already exist; a manager adds new staff', { reason: 'not_first_run' });
      }
      firstAdminBusy = true;
      try {
        const person = await s.staff.create({ name: i.name, role: 'committee_admin', pin: i.pin }, []);
        return s.signIn(person, 'first_run');
      } finally {
        firstAdminBusy = false;
      }
    },
    'staff:signOut': (i) => {
      // The last person leaving closes an open check first, so it is logged with their name, not with nobody's.
      if (onDuty().length === 1 && onDuty()[0] === i.staffId) d.core.dismiss();
      s.shifts.signOut(i.staffId, i.handoverNote);
      return s.shifts.session();
    },
    'staff:list': () => {
      requireManager();
      return s.staff.list();
    },
    'staff:create': async (i) => {
      const actors = requireManager();
      requireAdminFor(i.role);
      return s.staff.member(await s.staff.create(i, actors));
    },
    'staff:update': (i) => {
      const actors = requireManager();
      requireAdminFor(i.role);
      const target = s.staff.get(i.staffId);
      if (target?.role === 'committee_admin') requireAdminFor('committee_admin');
      const row = s.staff.update(i.staffId, i, actors);
      s.shifts.dropInactive();
      return s.staff.member(row);
    },
    'staff:resetPin': async (i) => {
      const actors = requireManager();
      if (s.staff.get(i.staffId)?.role === 'committee_admin') requireAdminFor('committee_admin');
      return s.staff.member(await s.staff.resetPin(i.staffId, i.pin, actors));
    },
    'watch:list': (i) => s.watch.active(i.householdId),
    'watch:add': (i) => s.watch.add(i, onDuty()),
    'watch:clear': (i) => ({ cleared: s.watch.clear(i.id, onDuty()) }),
    'schedule:import': (i) => {
      const actors = requireManager();
      return s.schedule.import(i.fileName, Buffer.from(i.dataBase64, 'base64'), i.dryRun, actors);
    },
    'schedule:day': (i) => s.schedule.day(i.day),
    'override:admit': async (i) => {
      s.corrections.assertCan('override_admit', i.entryId);
      const approver = await s.dualControl.confirmSecondPerson({ action: 'override_admit', approval: i.approval, subject: i.entryId, details: { reason: i.reason } });
      return s.corrections.record('override_admit', i.entryId, i.reason, approver);
    },
    'log:void': async (i) => {
      s.corrections.assertCan('void', i.entryId);
      const approver = await s.dualControl.confirmSecondPerson({ action: 'void_record', approval: i.approval, subject: i.entryId, details: { reason: i.reason } });
      return s.corrections.record('void', i.entryId, i.reason, approver);
    },
    'log:corrections': (i) => s.corrections.forEntry(i.entryId),
    'audit:verify': () => {
      requireManager();
      const v = s.audit.verify();
      return v.ok ? { ok: true, records: v.records, head: v.head, brokenAt: null } : { ok: false, records: v.records, head: null, brokenAt: v.brokenAt };
    },
    'audit:list': (i) => {
      requireManager();
      return s.audit.list(i.limit, i.offset, i.kind).map(({ prevHash: _prev, ...r }) => r);
    },
    'check:manualEntry': async (i) => {
      await s.dualControl.confirmSecondPerson({
        action: 'manual_entry',
        approval: i.approval,
        subject: i.residentId,
        details: { reason: i.reason, direction: i.direction },
      });
      return d.core.lookup(i.residentId, i.direction);
    },
  };
}

/**
 * Audits writes owned by other areas, after they succeed: device and camera settings, roster imports
 * and every export. A bare `check:lookup` (a pass-less entry without a second person) is refused;
 * `check:manualEntry` is the dual-controlled way in. `check:current` shows nothing while nobody is on duty.
 */
export function withAudit(h: Handlers, s: StaffServices): Handlers {
  const wrapped: Partial<Record<MethodName, unknown>> = {};
  const audited = <M extends MethodName>(method: M, kind: string, describe: (input: Parameters<Handlers[M]>[0], out: Awaited<ReturnType<Handlers[M]>>) => { subject?: string | null; details?: Record<string, unknown> } | null): void => {
    const inner = h[method] as (i: unknown) => unknown;
    if (!inner) return;
    wrapped[method] = async (input: unknown) => {
      const out = await inner(input);
      const rec = describe(input as Parameters<Handlers[M]>[0], out as Awaited<ReturnType<Handlers[M]>>);
      if (rec) s.audit.append(kind, { actors: s.shifts.ids(), ...rec });
      return out;
    };
  };
  audited('device:saveConfig', 'config.devices', (i, o) => (o.saved ? { details: { devices: i.devices.length } } : null));
  audited('camera:set', 'config.camera', (i) => ({ details: { enabled: i.enabled, camera: i.deviceId !== null } }));
  audited('roster:import', 'roster.import', (i, o) =>
    o.imported ? { subject: i.fileName, details: { mode: i.mode, rows: o.importedRows, households: o.households, problems: o.problems.length } } : null,
  );
  audited('log:exportCsv', 'export.entry_log_csv', (i, o) => ({ subject: o.fileName, details: { filter: i.filter, rows: o.rows } }));
  audited('export:start', 'export.start', (i, o) => ({ subject: o.jobId, details: { input: summariseExport(i) } }));
  audited('report:xlsx', 'export.report_xlsx', (i) => ({ details: { input: i as unknown as Record<string, unknown> } }));
  audited('report:html', 'export.report_html', (i) => ({ details: { input: i as unknown as Record<string, unknown> } }));
  audited('forms:xlsx', 'export.forms_xlsx', (i) => ({ details: { input: i as unknown as Record<string, unknown> } }));
  const scan = h['check:scan'];
  // A staff card is never a resident's check: logging it as an unknown pass would be a false deny.
  wrapped['check:scan'] = (i: Parameters<Handlers['check:scan']>[0]) => {
    if (isStaffCardCode(i.code)) throw new GateError('invalid_input', 'a staff card signs in (staff:signInCard); it is not a pass', { reason: 'staff_card' });
    return scan(i);
  };
  const current = h['check:current'];
  // check:current is public (the guard screen asks for it before anyone signs in), but a check left on
  // screen names a resident and their status: with nobody on duty there is no check to show.
  wrapped['check:current'] = (i: Parameters<Handlers['check:current']>[0]) => (s.shifts.ids().length === 0 ? null : current(i));
  wrapped['check:lookup'] = () => {
    throw new GateError('forbidden', 'a resident without a pass needs the second person to confirm (manual entry)', { reason: 'needs_second_person' });
  };
  return { ...h, ...(wrapped as Partial<Handlers>) };
}

/** Export inputs carry a folder path; it is recorded, being where the personal data went. */
function summariseExport(i: unknown): Record<string, unknown> {
  return i && typeof i === 'object' ? (i as Record<string, unknown>) : {};
}
