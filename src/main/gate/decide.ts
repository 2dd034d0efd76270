/**
 * The gate decision: one pure function of roster facts, readings, policy and the clock.
 * Everything else in the core is plumbing around it. Rules follow domain.md: unknown, revoked and
 * expired passes are refused; a person under home observation may come home but not go out;
 * everyone entering is measured, a high reading is measured again and the second reading decides.
 */
import type { CheckStage, Direction, GateRule, ReadingSource, ReasonCode } from '../../shared/domain';

export type PassFacts = { status: 'active' | 'revoked'; validFrom: string | null; validUntil: string | null };

export type SubjectFacts = {
  /** How the person was identified: by a scanned pass, a signed temporary pass, or looked up by staff (no card). */
  identifiedBy: 'pass' | 'lookup' | 'temp_pass';
  /** A temporary pass's verification (passes/passCrypto.ts); only with identifiedBy 'temp_pass'. */
  tempPass?: TempPassVerdict;
  /** The household's exit quota (passes/householdPresence.ts); absent = no quota. */
  quota?: 'ok' | 'warn' | 'deny';
  /** Null when the scanned code matches no pass. */
  pass: PassFacts | null;
  /** Null when no resident stands behind the credential. */
  resident: { statusRule: GateRule } | null;
  /** When the resident's last admitted passage was inwards; null if outside or never seen. */
  insideSince: string | null;
  /** A returnee's home observation is running (flows/returnees.ts); it holds whatever the status says. */
  underObservation?: boolean;
};

export type TempPassVerdict = 'valid' | 'forged' | 'expired' | 'revoked' | 'not_yet_valid' | 'unknown_household';

const TEMP_PASS_REFUSAL: Record<TempPassVerdict, ReasonCode | null> = {
  valid: null,
  forged: 'forged_pass',
  expired: 'expired_pass',
  revoked: 'revoked_pass',
  not_yet_valid: 'pass_not_yet_valid',
  unknown_household: 'unknown_pass',
};

export type TemperatureReading = { celsius: number; source: ReadingSource };

export type GatePolicy = {
  feverThresholdC: number;
  validRangeC: { min: number; max: number };
  measureOnExit: boolean;
};

export const DEFAULT_POLICY: GatePolicy = {
  feverThresholdC: 37.3,
  validRangeC: { min: 30, max: 45 },
  measureOnExit: false,
};

export type Verdict = {
  stage: CheckStage;
  reasons: ReasonCode[];
  alert: boolean;
  /** The reading the decision rests on, if any. */
  reading: TemperatureReading | null;
};

export const FINAL_STAGES: ReadonlySet<CheckStage> = new Set(['admit', 'deny', 'refer']);

export function isValidReading(r: TemperatureReading, policy: GatePolicy): boolean {
  return r.celsius >= policy.validRangeC.min && r.celsius <= policy.validRangeC.max;
}

export function decide(input: {
  subject: SubjectFacts;
  direction: Direction;
  readings: readonly TemperatureReading[];
  policy: GatePolicy;
  now: Date;
}): Verdict {
  const { subject, direction, readings, policy, now } = input;
  const deny = (reason: ReasonCode, alert = false): Verdict => ({ stage: 'deny', reasons: [reason], alert, reading: null });

  if (subject.identifiedBy === 'pass') {
    const pass = subject.pass;
    if (!pass || !subject.resident) return deny('unknown_pass');
    // A withdrawn pass presented at the gate is reported, like a forged one (issue 4 item 7).
    if (pass.status === 'revoked') return deny('revoked_pass', true);
    if (pass.validFrom && now < new Date(pass.validFrom)) return deny('pass_not_yet_valid');
    if (pass.validUntil && now >= new Date(pass.validUntil)) return deny('expired_pass');
  }
  if (subject.identifiedBy === 'temp_pass') {
    const refusal = TEMP_PASS_REFUSAL[subject.tempPass ?? 'forged'];
    if (refusal) return deny(refusal, refusal === 'forged_pass' || refusal === 'revoked_pass');
  }
  if (!subject.resident) return deny('unknown_pass');

  const flags: ReasonCode[] = [];
  if (subject.identifiedBy === 'lookup') flags.push('manual_lookup');
  if (direction === 'in' && subject.insideSince) flags.push('already_inside');

  const rule = subject.resident.statusRule;
  if (rule === 'deny') return { ...deny('status_denied'), reasons: ['status_denied', ...flags] };
  if ((rule === 'no_exit' || subject.underObservation) && direction === 'out') {
    return { stage: 'deny', reasons: ['home_observation', ...flags], alert: true, reading: null };
  }
  if (rule === 'refer') return { stage: 'refer', reasons: ['status_refer', ...flags], alert: false, reading: null };
  // The household quota limits exits; it refuses only where the committee chose to enforce it.
  if (direction === 'out' && subject.quota === 'deny') return { ...deny('household_quota'), reasons: ['household_quota', ...flags] };
  if (direction === 'out' && subject.quota === 'warn') flags.push('household_quota');

  const needsReading = direction === 'in' || policy.measureOnExit;
  if (!needsReading) return { stage: 'admit', reasons: flags, alert: false, reading: null };

  const last = readings[readings.length - 1];
  if (!last) return { stage: 'await_reading', reasons: ['no_reading', ...flags], alert: false, reading: null };
  if (!isValidReading(last, policy)) {
    return { stage: 'remeasure', reasons: ['invalid_reading', ...flags], alert: false, reading: last };
  }
  if (last.source === 'manual') flags.push('manual_reading');
  if (last.celsius >= policy.feverThresholdC) {
    const validCount = readings.filter((r) => isValidReading(r, policy)).length;
    // The first high reading only asks for a re-measure; the second valid reading decides.
    if (validCount < 2) return { stage: 'remeasure', reasons: ['fever', ...flags], alert: false, reading: last };
    return { stage: 'deny', reasons: ['fever', ...flags], alert: true, reading: last };
  }
  return { stage: 'admit', reasons: flags, alert: false, reading: last };
}

/**
 * A check left unfinished (the person walked away, or the next person scanned) is still logged:
 * a pending fever is recorded as refused and reported, anything else is referred to staff.
 */
export function abandon(verdict: Verdict): Verdict {
  if (FINAL_STAGES.has(verdict.stage)) return verdict;
  if (verdict.reasons.includes('fever')) return { ...verdict, stage: 'deny', alert: true, reasons: [...verdict.reasons, 'abandoned'] };
  return { ...verdict, stage: 'refer', reasons: [...verdict.reasons, 'abandoned'] };
}
