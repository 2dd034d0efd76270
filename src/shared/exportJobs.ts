/**
 * Zod schemas of the streaming entry-log export, for the gate contract. Only zod and the shared
 * domain are imported so the file can move into src/shared unchanged.
 */
import { z } from 'zod';
import { Decision } from './domain';

const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const EntryExportFilter = z
  .object({
    /** Local dates in the gate's time zone, both inclusive. */
    from: LocalDate.optional(),
    to: LocalDate.optional(),
    gateId: z.string().min(1).max(64).optional(),
    building: z.string().min(1).max(32).optional(),
    unit: z.string().min(1).max(32).optional(),
    room: z.string().min(1).max(32).optional(),
    householdId: z.string().min(1).max(64).optional(),
    decision: Decision.optional(),
    /** A pass number (exact), or part of a resident's name (roster name or the logged masked name). */
    person: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: '`from` is after `to`', path: ['to'] });
export type EntryExportFilter = z.infer<typeof EntryExportFilter>;

export const ExportFormat = z.enum(['csv', 'xlsx']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const EntryExportInput = z
  .object({
    format: ExportFormat,
    /** An absolute path of an existing, writable folder (the renderer's folder picker). */
    folder: z.string().min(1).max(4096),
    filter: EntryExportFilter,
    /** Full ID/phone credentials: needs `unmaskedGrant` from `privacy:grantUnmasked` (dual control). */
    unmasked: z.boolean().optional(),
    unmaskedGrant: z.string().max(64).optional(),
  })
  .strict();
export type EntryExportInput = z.infer<typeof EntryExportInput>;

export const ExportResult = z.object({
  path: z.string(),
  fileName: z.string(),
  format: ExportFormat,
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});
export type ExportResult = z.infer<typeof ExportResult>;

/** Why an export was refused or stopped; carried as `details.reason` of a GateError. */
export const ExportFailure = z.enum([
  'folder_missing',
  'not_a_folder',
  'folder_not_writable',
  'cancelled',
  'write_failed',
  /** An XLSX past 4 GiB (ZIP64 is not written). */
  'too_large',
]);
export type ExportFailure = z.infer<typeof ExportFailure>;

/** The committee's three forms (Putuo's "13 forms cut to 3", see docs/forms.md). */
export const CommitteeForm = z.enum(['survey', 'arrivals', 'gate_control']);
export type CommitteeForm = z.infer<typeof CommitteeForm>;

export const CommitteeFormInput = z
  .object({
    form: CommitteeForm,
    /** Local dates; used by the arrivals register and the gate control record. */
    from: LocalDate.optional(),
    to: LocalDate.optional(),
    gateId: z.string().min(1).max(64).optional(),
    /** Full ID numbers and phones: needs `unmaskedGrant` from `privacy:grantUnmasked` (dual control). */
    unmasked: z.boolean().optional(),
    unmaskedGrant: z.string().max(64).optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: '`from` is after `to`', path: ['to'] });
export type CommitteeFormInput = z.infer<typeof CommitteeFormInput>;

/** A workbook for the renderer to save: base64 because both transports carry JSON. */
export const XlsxFile = z.object({
  fileName: z.string(),
  dataBase64: z.string(),
  rows: z.number().int().nonnegative(),
});
export type XlsxFile = z.infer<typeof XlsxFile>;

/** Pushed while an export job runs and once when it ends (the contract's `export:progress` event). */
export const ExportJobEvent = z.discriminatedUnion('state', [
  z.object({
    jobId: z.string(),
    state: z.literal('running'),
    written: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
  z.object({ jobId: z.string(), state: z.literal('done'), result: ExportResult }),
  z.object({ jobId: z.string(), state: z.literal('cancelled') }),
  z.object({
    jobId: z.string(),
    state: z.literal('failed'),
    code: z.string(),
    message: z.string(),
    reason: ExportFailure.nullable(),
  }),
]);
export type ExportJobEvent = z.infer<typeof ExportJobEvent>;
