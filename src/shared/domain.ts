/**
 * Domain vocabulary shared by the core, both transports and the UI. No Node, no DOM.
 */
import { z } from 'zod';

export const Direction = z.enum(['in', 'out']);
export type Direction = z.infer<typeof Direction>;

/** Final decisions are written to the entry log; the two pending ones are only shown. */
export const Decision = z.enum(['admit', 'deny', 'refer']);
export type Decision = z.infer<typeof Decision>;

export const CheckStage = z.enum(['admit', 'deny', 'refer', 'remeasure', 'await_reading']);
export type CheckStage = z.infer<typeof CheckStage>;

/**
 * Reason codes, each with a catalogue entry `reason.<code>` in the renderer's i18n files.
 * Blocking codes decide; the others are warnings or flags carried on the record.
 */
export const ReasonCode = z.enum([
  'unknown_pass',
  'expired_pass',
  'revoked_pass',
  'pass_not_yet_valid',
  'home_observation',
  'status_denied',
  'status_refer',
  'fever',
  'no_reading',
  'invalid_reading',
  'already_inside',
  'manual_reading',
  'manual_lookup',
  'abandoned',
  // Temporary passes and household quota (issue 4; src/main/passes).
  'forged_pass',
  'household_quota',
  // Visitors, returnees (issue 4; src/main/flows).
  'visitor',
  'visitors_not_allowed',
  'not_direct_relative',
  'visit_not_confirmed',
  'visitor_overstay',
  'returnee',
]);
export type ReasonCode = z.infer<typeof ReasonCode>;

/** What a status in the committee's colour scheme means at the gate. */
export const GateRule = z.enum(['allow', 'no_exit', 'deny', 'refer']);
export type GateRule = z.infer<typeof GateRule>;

export const ResidencyType = z.enum(['owner', 'renter']);
export type ResidencyType = z.infer<typeof ResidencyType>;

export const ReadingSource = z.enum(['device', 'simulated', 'manual']);
export type ReadingSource = z.infer<typeof ReadingSource>;

export const ScanSource = z.enum(['wedge', 'serial', 'hid', 'camera', 'typed']);
export type ScanSource = z.infer<typeof ScanSource>;
