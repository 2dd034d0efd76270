/**
 * The flows' part of config.json. Defaults follow the source documents: direct relatives only after
 * a phone call, a 2-hour visitor pass, 14 days' home observation, ID numbers kept masked.
 */
import { z } from 'zod';
import { VisitorPolicyName } from '../../shared/flows';

export const FlowsConfig = z
  .object({
    visitorPolicy: VisitorPolicyName,
    /** How long a visitor pass lasts; an overstay alert is raised when it runs out inside. */
    visitorPassHours: z.number().min(0.25).max(24),
    /** Home observation lasts this many local calendar days from the arrival date. */
    observationDays: z.number().int().min(1).max(60),
    /** Keep visitors' and returnees' ID numbers in full (only where the committee's rules require it). */
    storeFullIdNumbers: z.boolean(),
  })
  .strict();
export type FlowsConfig = z.infer<typeof FlowsConfig>;

export const DEFAULT_FLOWS: FlowsConfig = {
  visitorPolicy: 'relatives_confirmed',
  visitorPassHours: 2,
  observationDays: 14,
  storeFullIdNumbers: false,
};
