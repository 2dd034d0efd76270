/**
 * Staff, shifts, dual control and the audit trail as they cross the contract (issue 6 items 1-4).
 * No Node, no DOM. Nothing here ever carries a PIN hash or salt.
 */
import { z } from 'zod';

const IsoTime = z.string().datetime({ offset: true });
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const Id = z.string().min(1).max(64);

export const StaffRole = z.enum(['guard', 'volunteer', 'manager', 'committee_admin']);
export type StaffRole = z.infer<typeof StaffRole>;
/** Roles that may manage staff, confirm for a single-staffed post and read the audit trail. */
export const MANAGER_ROLES: readonly StaffRole[] = ['manager', 'committee_admin'];

/** 4 to 8 digits: typed on a pad with gloves, and scrypt with lockout makes guessing cost real time. */
export const Pin = z.string().regex(/^\d{4,8}$/, 'PIN is 4 to 8 digits');

/**
 * Staff cards carry this prefix; resident passes never do (the roster import and the card field
 * both refuse it elsewhere), so a scan is told apart by its text alone, before any lookup.
 */
export const STAFF_CARD_PREFIX = 'GS-';
export const StaffCardCode = z
  .string()
  .max(64)
  .regex(/^GS-[A-Z0-9-]{4,60}$/i, 'a staff card code is GS- followed by 4 to 60 letters, digits or dashes');
export function isStaffCardCode(code: string): boolean {
  return code.trim().toUpperCase().startsWith(STAFF_CARD_PREFIX);
}

/** Why a dual-control pair is refused before any PIN is tried (decision 0013). */
export type PairRefusal = 'not_signed_in' | 'requester_not_on_duty' | 'same_person' | 'needs_manager' | 'not_on_duty_or_manager';

/**
 * Who may confirm as the second person (decision 0013), shared by the core's check and the dialog
 * that offers names. The requester is one of the people on duty; the approver is someone else: on a
 * double-staffed post the other person on duty or a manager, alone on duty a manager. Both then type
 * their own PIN, so two distinct people are at the kiosk now. Returns why not, or null when they may.
 */
export function approverRefusal(
  onDuty: readonly string[],
  requesterId: string,
  approver: { id: string; role: StaffRole },
): PairRefusal | null {
  if (onDuty.length === 0) return 'not_signed_in';
  if (!onDuty.includes(requesterId)) return 'requester_not_on_duty';
  if (approver.id === requesterId) return 'same_person';
  const isManager = MANAGER_ROLES.includes(approver.role);
  if (onDuty.length === 1) return isManager ? null : 'needs_manager';
  return onDuty.includes(approver.id) || isManager ? null : 'not_on_duty_or_manager';
}

export const StaffBrief = z.object({ id: z.string(), name: z.string(), role: StaffRole });
export type StaffBrief = z.infer<typeof StaffBrief>;

export const StaffMember = StaffBrief.extend({
  active: z.boolean(),
  hasCard: z.boolean(),
  lockedUntil: IsoTime.nullable(),
  createdAt: IsoTime,
});
export type StaffMember = z.infer<typeof StaffMember>;

export const OnDuty = StaffBrief.extend({ since: IsoTime, method: z.enum(['pin', 'card', 'first_run']) });
export type OnDuty = z.infer<typeof OnDuty>;

export const HandoverNote = z.object({ id: z.string(), writtenAt: IsoTime, by: z.array(z.string()), note: z.string() });
export type HandoverNote = z.infer<typeof HandoverNote>;

export const WatchNote = z.object({
  id: z.string(),
  householdId: z.string(),
  household: z.string(),
  note: z.string(),
  until: LocalDate.nullable(),
  createdAt: IsoTime,
  by: z.array(z.string()),
});
export type WatchNote = z.infer<typeof WatchNote>;

export const StaffSession = z.object({
  onDuty: z.array(OnDuty),
  maxOnDuty: z.number().int(),
  /** No staff exist yet (a fresh, non-demo install): the UI offers "create the first committee admin". */
  firstRun: z.boolean(),
  /** Who may sign in here: names and roles for the sign-in tiles. */
  staff: z.array(StaffBrief),
});
export type StaffSession = z.infer<typeof StaffSession>;

export const SignInResult = z.object({
  session: StaffSession,
  signedIn: StaffBrief,
  /** Handover notes written since this person's last sign-in here (newest first, at most 5). */
  handover: z.array(HandoverNote),
  watchNotes: z.array(WatchNote),
});
export type SignInResult = z.infer<typeof SignInResult>;

/**
 * Dual control: two distinct people confirm at this kiosk now, each with their own PIN. The requester
 * is the person on duty asking for the exception (picked from those on duty); the approver is the
 * second person, picked on screen (`staffId`) or named by their scanned staff card (`card`).
 */
export const Approval = z
  .object({
    requester: z.object({ staffId: Id, pin: Pin }).strict(),
    approver: z
      .object({ staffId: Id.optional(), card: StaffCardCode.optional(), pin: Pin })
      .strict()
      .refine((a) => (a.staffId ? 1 : 0) + (a.card ? 1 : 0) === 1, 'name the approver by exactly one of staffId or card'),
  })
  .strict();
export type Approval = z.infer<typeof Approval>;

export const DualControlAction = z.enum(['override_admit', 'manual_entry', 'void_record', 'end_observation', 'full_id_view']);
export type DualControlAction = z.infer<typeof DualControlAction>;

export const EntryCorrection = z.object({
  id: z.string(),
  entryId: z.string(),
  kind: z.enum(['override_admit', 'void']),
  reason: z.string(),
  staff: z.array(z.string()),
  approver: StaffBrief,
  at: IsoTime,
});
export type EntryCorrection = z.infer<typeof EntryCorrection>;

export const ScheduleSlot = z.object({
  id: z.string(),
  day: LocalDate,
  post: z.string(),
  starts: z.string(),
  ends: z.string(),
  name: z.string(),
  role: z.string(),
  phoneLast4: z.string(),
  /** The slot covers the gate's current local time. */
  now: z.boolean(),
});
export type ScheduleSlot = z.infer<typeof ScheduleSlot>;

export const ScheduleProblem = z.object({ row: z.number().int(), field: z.string(), value: z.string() });
export const ScheduleImportReport = z.object({
  fileName: z.string(),
  totalRows: z.number().int(),
  importedRows: z.number().int(),
  problems: z.array(ScheduleProblem),
  imported: z.boolean(),
});
export type ScheduleImportReport = z.infer<typeof ScheduleImportReport>;

export const AuditEntry = z.object({
  seq: z.number().int(),
  id: z.string(),
  at: IsoTime,
  kind: z.string(),
  actors: z.array(z.string()),
  subject: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditVerify = z.object({
  ok: z.boolean(),
  records: z.number().int(),
  head: z.string().nullable(),
  brokenAt: z.object({ seq: z.number().int(), id: z.string(), problem: z.enum(['hash_mismatch', 'prev_mismatch', 'seq_gap']) }).nullable(),
});
export type AuditVerify = z.infer<typeof AuditVerify>;

const Name = z.string().trim().min(1).max(40);
const Reason = z.string().trim().min(1).max(200);
const Empty = z.object({}).strict();
/** 2 MB of base64: a season of a committee's rota in a spreadsheet. */
const MAX_SCHEDULE_BASE64 = 2 * 1024 * 1024;

/** The staff block of the gate contract; spread into `gateContract`. */
export const staffMethods = {
  'staff:session': { input: Empty, output: StaffSession },
  'staff:signIn': { input: z.object({ staffId: Id, pin: Pin }).strict(), output: SignInResult },
  'staff:signInCard': { input: z.object({ code: StaffCardCode }).strict(), output: SignInResult },
  /** Only while no staff exist: creates the first committee admin and signs them in. */
  'staff:firstAdmin': { input: z.object({ name: Name, pin: Pin }).strict(), output: SignInResult },
  'staff:signOut': {
    input: z.object({ staffId: Id, handoverNote: z.string().trim().max(1000).optional() }).strict(),
    output: StaffSession,
  },
  'staff:list': { input: Empty, output: z.array(StaffMember) },
  'staff:create': {
    input: z.object({ name: Name, role: StaffRole, pin: Pin, card: StaffCardCode.optional() }).strict(),
    output: StaffMember,
  },
  'staff:update': {
    input: z
      .object({ staffId: Id, name: Name.optional(), role: StaffRole.optional(), active: z.boolean().optional(), card: StaffCardCode.nullable().optional() })
      .strict(),
    output: StaffMember,
  },
  'staff:resetPin': { input: z.object({ staffId: Id, pin: Pin }).strict(), output: StaffMember },
  'watch:list': { input: z.object({ householdId: Id.optional() }).strict(), output: z.array(WatchNote) },
  'watch:add': {
    input: z.object({ householdId: Id, note: z.string().trim().min(1).max(200), until: LocalDate.nullable() }).strict(),
    output: WatchNote,
  },
  'watch:clear': { input: z.object({ id: Id }).strict(), output: z.object({ cleared: z.boolean() }) },
  'schedule:import': {
    input: z.object({ fileName: z.string().min(1).max(255), dataBase64: z.string().max(MAX_SCHEDULE_BASE64), dryRun: z.boolean() }).strict(),
    output: ScheduleImportReport,
  },
  'schedule:day': { input: z.object({ day: LocalDate.optional() }).strict(), output: z.object({ day: LocalDate, slots: z.array(ScheduleSlot) }) },
  /** Admit despite a deny: a correction record on the committed check, confirmed by a second person. */
  'override:admit': { input: z.object({ entryId: Id, reason: Reason, approval: Approval }).strict(), output: EntryCorrection },
  /** Voiding is a new record, never an edit of the entry. */
  'log:void': { input: z.object({ entryId: Id, reason: Reason, approval: Approval }).strict(), output: EntryCorrection },
  'log:corrections': { input: z.object({ entryId: Id }).strict(), output: z.array(EntryCorrection) },
  'audit:verify': { input: Empty, output: AuditVerify },
  'audit:list': {
    input: z.object({ limit: z.number().int().min(1).max(200), offset: z.number().int().min(0), kind: z.string().max(64).optional() }).strict(),
    output: z.array(AuditEntry),
  },
} as const;

/** Events of the staff block. */
export const staffEvents = {
  'staff:session': StaffSession,
} as const;
