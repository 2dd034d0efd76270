/**
 * What the gate's check path asks of this feature: whether a scanned code is a temporary pass and
 * what it verifies to, and whether a household is over its exit quota. Built in startGate and
 * handed to GateCore, which stays free of keys and quota settings.
 */
import type { Direction } from '../../shared/domain';
import type { HouseholdPresenceStore, QuotaVerdict } from './householdPresence';
import type { TempPassCheck, TempPassService } from './tempPasses';

export type GatePassHooks = {
  /** Null when the code is not a temporary-pass payload. */
  tempPass(code: string, now: Date): TempPassCheck | null;
  quota(householdId: string, direction: Direction, now: Date): QuotaVerdict;
};

export function gatePassHooks(passes: TempPassService, presence: HouseholdPresenceStore): GatePassHooks {
  return {
    tempPass: (code, now) => passes.check(code, now),
    quota: (householdId, direction, now) => presence.quotaVerdict(householdId, direction, now),
  };
}
