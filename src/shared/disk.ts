/**
 * The data folder's disk as it crosses the contract (issue 8 item 2): how full the file system
 * holding the database is, and what the gate has stopped doing because of it. Numbers only, no
 * paths and no personal data, so it is a public read: the banner shows on the sign-in screen too.
 * No Node, no DOM.
 */
import { z } from 'zod';

const IsoTime = z.string().datetime({ offset: true });

/**
 * ok: everything runs. low (≥ lowPercent used): imports and exports are refused with `disk_low`;
 * checks and every other write go on. critical (≥ criticalPercent used, or less than
 * criticalFreeBytes free): as low, and the reserve file is given back so checks can keep
 * committing. full: a write failed for lack of space (`disk_full`) and no write has succeeded since.
 */
export const DiskLevel = z.enum(['ok', 'low', 'critical', 'full']);
export type DiskLevel = z.infer<typeof DiskLevel>;

export const DiskStatus = z.object({
  level: DiskLevel,
  /** False when the file system could not be asked (the level is then `ok`: nothing is refused on a guess). */
  known: z.boolean(),
  /** Share of the file system in use, counting the reserve as used (held or released: a released one is owed); one decimal. */
  usedPercent: z.number().min(0).max(100),
  /** Free space before the reserve: what other writes may use. */
  freeBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
  lowPercent: z.number(),
  criticalPercent: z.number(),
  /** held: the reserve file sits in the data folder; released: given back to the database; off: none configured. */
  reserve: z.enum(['held', 'released', 'off']),
  reserveBytes: z.number().int().nonnegative(),
  /** When a write last failed for lack of space; cleared by the next write that succeeds or by space returning. */
  writeFailedAt: IsoTime.nullable(),
  checkedAt: IsoTime,
});
export type DiskStatus = z.infer<typeof DiskStatus>;

export const diskContract = {
  'disk:status': { input: z.object({}).strict(), output: DiskStatus },
} as const;

/** A read with no personal data: the kiosk shows the disk line before anyone signs in. */
export const diskPublicMethods = ['disk:status'] as const;

export const diskEvents = {
  'disk:status': DiskStatus,
} as const;

/**
 * disk_low: a non-essential write (import, export) refused because the disk is low; nothing was
 * written. disk_full: a write (a check's commit) failed for lack of space and was rolled back;
 * nothing of it was kept.
 */
export const diskErrorCodes = ['disk_low', 'disk_full'] as const;
