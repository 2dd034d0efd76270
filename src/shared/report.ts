/**
 * Zod schemas of the manager's desk (issue 7): the daily report (每日一报), the checklist (打钩) and
 * the disinfection sheet (消毒记录单), for the gate contract. Only zod and the shared domain are
 * imported so this file can move into src/shared unchanged. Every figure is a count of records,
 * never a derived percentage, so the screen and the printed page can show them as they are.
 */
import { z } from 'zod';
import { ReasonCode } from './domain';

const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const IsoTime = z.string().datetime({ offset: true });
const Id = z.string().min(1).max(64);
const Count = z.number().int().nonnegative();
/** A report longer than a year is a different question (and a slow one on a gate box). */
export const MAX_REPORT_DAYS = 366;

const dayCount = (from: string, to: string): number =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;

export const DailyReportInput = z
  .object({
    /** Local dates in the gate's time zone, both inclusive; from = to is one day. */
    from: LocalDate,
    to: LocalDate,
    /** One gate; absent = the whole compound (every gate in this database). */
    gateId: Id.optional(),
  })
  .strict()
  .refine((i) => i.from <= i.to, { message: '`from` is after `to`', path: ['to'] })
  .refine((i) => dayCount(i.from, i.to) <= MAX_REPORT_DAYS, {
    message: `at most ${MAX_REPORT_DAYS} days`,
    path: ['to'],
  });
export type DailyReportInput = z.infer<typeof DailyReportInput>;

export const ReasonCount = z.object({ reason: ReasonCode, count: Count });
export type ReasonCount = z.infer<typeof ReasonCount>;

/** What happened after a fever refusal: the committee acknowledged the alert, or not yet. */
export const FeverFollowUp = z.enum(['acknowledged', 'open', 'no_alert']);
export type FeverFollowUp = z.infer<typeof FeverFollowUp>;

export const FeverItem = z.object({
  entryId: z.string(),
  occurredAt: IsoTime,
  gateId: z.string(),
  /** building-unit-room, or null for someone not on the roster. */
  household: z.string().nullable(),
  nameMasked: z.string().nullable(),
  temperatureC: z.number().nullable(),
  alertId: z.string().nullable(),
  followUp: FeverFollowUp,
  acknowledgedAt: IsoTime.nullable(),
});
export type FeverItem = z.infer<typeof FeverItem>;

export const DayFigures = z.object({
  date: LocalDate,
  checks: Count,
  admitted: Count,
  denied: Count,
  referred: Count,
  fevers: Count,
});
export type DayFigures = z.infer<typeof DayFigures>;

export const StatusCount = z.object({
  code: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  colour: z.string(),
  households: Count,
  residents: Count,
});
export type StatusCount = z.infer<typeof StatusCount>;

export const ChecklistCategory = z.enum([
  'gate',
  'survey',
  'temperature',
  'disinfection',
  'feedback',
  'other_people',
]);
export type ChecklistCategory = z.infer<typeof ChecklistCategory>;

export const ChecklistItem = z.object({
  code: z.string(),
  category: ChecklistCategory,
  required: z.boolean(),
  labelZh: z.string(),
  labelEn: z.string(),
  ticked: z.boolean(),
  /** Who made the latest change and when (null: never touched that day). */
  by: z.string().nullable(),
  at: IsoTime.nullable(),
  /** Tick and untick records that day, for the audit trail. */
  changes: Count,
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

const Done = z.object({ done: Count, total: Count });
export const ChecklistDay = z.object({
  date: LocalDate,
  items: z.array(ChecklistItem),
  required: Done,
  optional: Done,
});
export type ChecklistDay = z.infer<typeof ChecklistDay>;

export const ChecklistTickRecord = z.object({
  id: z.string(),
  date: LocalDate,
  code: z.string(),
  ticked: z.boolean(),
  by: z.string(),
  at: IsoTime,
  note: z.string(),
});
export type ChecklistTickRecord = z.infer<typeof ChecklistTickRecord>;

export const DisinfectionRecord = z.object({
  id: z.string(),
  place: z.string(),
  doneAt: IsoTime,
  person: z.string(),
  agent: z.string(),
  note: z.string(),
  recordedBy: z.string(),
  recordedAt: IsoTime,
});
export type DisinfectionRecord = z.infer<typeof DisinfectionRecord>;

/**
 * Sections fed by tables a later issue adds. `available: false` with zeros when the table is
 * missing (`no_table`) or lacks the columns this report reads (`schema_mismatch`); `gateFiltered`
 * is false when a one-gate report had to count the whole compound (the table has no gate_id).
 */
const Availability = {
  available: z.boolean(),
  reason: z.enum(['no_table', 'schema_mismatch']).nullable(),
  gateFiltered: z.boolean(),
};
export const VisitorSection = z.object({ ...Availability, registered: Count, left: Count });
export const ParcelSection = z.object({ ...Availability, received: Count, collected: Count });
export const ReturneeSection = z.object({ ...Availability, registered: Count });
export const ObservationSection = z.object({ ...Availability, started: Count, ended: Count });
export const VehicleSection = z.object({ ...Availability, in: Count, out: Count });
export type VisitorSection = z.infer<typeof VisitorSection>;
export type ParcelSection = z.infer<typeof ParcelSection>;
export type ReturneeSection = z.infer<typeof ReturneeSection>;
export type ObservationSection = z.infer<typeof ObservationSection>;
export type VehicleSection = z.infer<typeof VehicleSection>;

export const DailyReport = z.object({
  scope: z.object({
    compoundId: z.string(),
    compoundName: z.string(),
    gateId: z.string().nullable(),
    gateName: z.string().nullable(),
  }),
  range: z.object({
    from: LocalDate,
    to: LocalDate,
    days: Count,
    timeZone: z.string(),
    fromUtc: IsoTime,
    toUtc: IsoTime,
  }),
  generatedAt: IsoTime,
  /** Every logged check; in/out split them by direction. */
  checks: z.object({ total: Count, admitted: Count, denied: Count, referred: Count, in: Count, out: Count }),
  /** A check refused for two reasons counts under both, so the sum may exceed `checks.denied`. */
  deniedByReason: z.array(ReasonCount),
  referredByReason: z.array(ReasonCount),
  fevers: z.object({
    total: Count,
    acknowledged: Count,
    open: Count,
    noAlert: Count,
    items: z.array(FeverItem),
    /** True when more fevers happened than `items` lists (capped to keep the answer small). */
    truncated: z.boolean(),
  }),
  /** Checks per local hour 00–23, summed over the days of the range. */
  perHour: z.array(Count).length(24),
  days: z.array(DayFigures),
  /** The roster now (not as of the range): the status map has no history yet. */
  households: z.object({
    scheme: z.string(),
    total: Count,
    residents: Count,
    byStatus: z.array(StatusCount),
    asOf: IsoTime,
  }),
  staffOnDuty: z.array(z.string()),
  checklist: z.array(ChecklistDay),
  disinfection: z.array(DisinfectionRecord),
  visitors: VisitorSection,
  parcels: ParcelSection,
  returnees: ReturneeSection,
  observations: ObservationSection,
  vehicles: VehicleSection,
});
export type DailyReport = z.infer<typeof DailyReport>;

export const ChecklistDayInput = z.object({ date: LocalDate }).strict();
export type ChecklistDayInput = z.infer<typeof ChecklistDayInput>;

export const ChecklistTickInput = z
  .object({
    date: LocalDate,
    code: z.string().min(1).max(64),
    ticked: z.boolean(),
    /** The committee member or guard making the change, as they sign the paper sheet. */
    by: z.string().trim().min(1).max(40),
    note: z.string().max(200).optional(),
  })
  .strict();
export type ChecklistTickInput = z.infer<typeof ChecklistTickInput>;

export const DisinfectionInput = z
  .object({
    place: z.string().trim().min(1).max(100),
    doneAt: IsoTime,
    person: z.string().trim().min(1).max(40),
    agent: z.string().trim().min(1).max(100),
    note: z.string().max(200).optional(),
    recordedBy: z.string().trim().max(40).optional(),
  })
  .strict();
export type DisinfectionInput = z.infer<typeof DisinfectionInput>;
