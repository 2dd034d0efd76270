/**
 * Residents' privacy as it crosses the contract (issue 6 item 5): the dual-control reveal of a full
 * ID number or phone (the ONLY response allowed to carry one; test/integration/privacy/noLeak.test.ts
 * walks every other method), the keyed ID-number lookup, and the retention purge reports.
 * No Node, no DOM.
 */
import { z } from 'zod';
import { Approval } from './staff';

const IsoTime = z.string().datetime({ offset: true });
const Id = z.string().min(1).max(64);

export const RevealField = z.enum(['idNumber', 'phone']);
export type RevealField = z.infer<typeof RevealField>;

export const RevealResult = z.object({
  residentId: z.string(),
  field: RevealField,
  /** The full value; empty when the roster has none. */
  value: z.string(),
  /** Who confirmed (the second person), for the screen to name. */
  approverName: z.string(),
});
export type RevealResult = z.infer<typeof RevealResult>;

/** A resident found by ID number, masked like every other roster answer. */
export const IdLookupMatch = z.object({
  residentId: z.string(),
  name: z.string(),
  household: z.object({ id: z.string(), building: z.string(), unit: z.string(), room: z.string() }),
  status: z.string(),
  idNumberMasked: z.string(),
});
export type IdLookupMatch = z.infer<typeof IdLookupMatch>;

const Count = z.number().int().nonnegative();
export const PurgeCounts = z.object({
  entryLog: Count,
  alerts: Count,
  corrections: Count,
  vehicles: Count,
  presence: Count,
  visitors: Count,
  returnees: Count,
  observations: Count,
  parcels: Count,
  audit: Count,
  purgeReports: Count,
});
export type PurgeRecordType = keyof z.infer<typeof PurgeCounts>;

export const PurgeReportView = z.object({
  id: z.string(),
  ranAt: IsoTime,
  cause: z.enum(['start', 'daily', 'manual']),
  counts: PurgeCounts,
  cutoffs: z.record(z.string(), IsoTime),
  keptUnsynced: Count,
});
export type PurgeReportView = z.infer<typeof PurgeReportView>;

export const RetentionView = z.object({
  entryLogDays: z.number().int(),
  visitorDays: z.number().int(),
  returneeDays: z.number().int(),
  parcelDays: z.number().int(),
  presenceDays: z.number().int(),
  auditDays: z.number().int(),
  purgeReportDays: z.number().int(),
});
export type RetentionView = z.infer<typeof RetentionView>;

export const privacyContract = {
  /** Full ID number or phone of one resident: dual control (a second person's PIN), audited. */
  'privacy:reveal': {
    input: z.object({ residentId: Id, field: RevealField, approval: Approval }).strict(),
    output: RevealResult,
  },
  /** Residents with this ID number (an ID card shown instead of a pass, a returnee search), by keyed digest. */
  'privacy:findByIdNumber': {
    input: z.object({ idNumber: z.string().trim().min(15).max(18) }).strict(),
    output: z.array(IdLookupMatch),
  },
  /**
   * A second person's PIN for one export or committee form with full ID numbers and phones: returns a
   * one-time grant (2 minutes) that the export request carries as `unmaskedGrant`, so the PIN never
   * travels with, or is audited as part of, the export input.
   */
  'privacy:grantUnmasked': {
    input: z.object({ purpose: z.enum(['export', 'forms']), approval: Approval }).strict(),
    output: z.object({ grant: z.string(), expiresAt: IsoTime, approverName: z.string() }),
  },
  'privacy:retention': { input: z.object({}).strict(), output: RetentionView },
  'privacy:purgeReports': {
    input: z.object({ limit: z.number().int().min(1).max(100) }).strict(),
    output: z.array(PurgeReportView),
  },
  /** Runs the retention purge now (it also runs on start and daily); audited like those. */
  'privacy:purgeNow': { input: z.object({}).strict(), output: PurgeReportView },
} as const;

/** Reads that show no personal data: allowed before anyone signs in. */
export const privacyPublicMethods = ['privacy:retention'] as const;
