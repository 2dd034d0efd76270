/**
 * The gate's trusted time and the wall clock's faults (issue 8 item 6, decision 0024): what the
 * header clock shows, and the banner when the kiosk's system clock has jumped. Spread into the gate
 * contract in contract.ts.
 */
import { z } from 'zod';

const IsoTime = z.string().datetime({ offset: true });

export const ClockChangeKind = z.enum(['wall_jump', 'behind_mark', 'hub_correction', 'wall_recovered', 'hub_agreed', 'accepted']);
export type ClockChangeKind = z.infer<typeof ClockChangeKind>;

export const ClockChangeView = z.object({
  id: z.string(),
  kind: ClockChangeKind,
  /** Trusted time after the change. */
  at: IsoTime,
  wallBefore: IsoTime,
  wallAfter: IsoTime,
  trustedBefore: IsoTime,
  trustedAfter: IsoTime,
  /** The wall clock's step (a jump) or the trusted time's correction; negative is backwards. */
  sizeMs: z.number(),
});
export type ClockChangeView = z.infer<typeof ClockChangeView>;

export const ClockStatus = z.object({
  /** The time the gate decides and records with. */
  trustedTime: IsoTime,
  /** The kiosk's system clock at the same moment. */
  wallTime: IsoTime,
  /** False when the gate runs on an injected clock (tests) and nothing is watched. */
  monitored: z.boolean(),
  /** What the trusted time was last anchored to. */
  source: z.enum(['system', 'high_water', 'hub', 'manager']),
  /** The system clock differs from the trusted time by more than the threshold: the banner shows. */
  flagged: z.boolean(),
  /** wall − trusted while flagged. */
  wallOffsetMs: z.number().nullable(),
  thresholdMs: z.number(),
  /** The latest entry of the clock history (a jump or what lifted it). */
  lastChange: ClockChangeView.nullable(),
});
export type ClockStatus = z.infer<typeof ClockStatus>;

const Empty = z.object({}).strict();

/** The clock block of the gate contract (spread into gateContract in contract.ts). */
export const clockContract = {
  /** Trusted time, system clock, whether it is flagged and the latest jump. */
  'clock:status': { input: Empty, output: ClockStatus },
  /** A manager says the system clock is right: the trusted time becomes it (audited). */
  'clock:acceptSystem': { input: Empty, output: ClockStatus },
} as const;

/** Allowed before sign-in: the header clock and the banner show on the sign-in screen too. */
export const clockPublicMethods = ['clock:status'] as const;

export const clockEvents = {
  /** Sent when a jump is flagged or lifted and when the trusted time is re-anchored. */
  'clock:status': ClockStatus,
} as const;
