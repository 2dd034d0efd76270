/**
 * The flows' rules as pure functions of their inputs and the clock, table-tested like decide.ts:
 * visitor policy, the visitor pass and overstay, the home-observation period, temperature screening
 * for people without a resident pass, and which alert a gate decision raises.
 */
import type { ReasonCode } from '../../shared/domain';
import { DIRECT_RELATIONS, type AlertKind, type Confirmation, type ReadingInput, type Relation, type Symptom, type VisitorPolicyName } from '../../shared/flows';
import { addDays, localDate, startOfLocalDay } from '../core/time';
import { decide, type GatePolicy, type Verdict } from '../gate/decide';

/** Why a visitor is refused before anyone measures them; empty when policy lets them in. */
export function visitorPolicyRefusal(
  policy: VisitorPolicyName,
  relation: Relation,
  confirmation: Confirmation | null,
): ReasonCode[] {
  if (policy === 'none') return ['visitors_not_allowed'];
  if (!DIRECT_RELATIONS.includes(relation)) return ['not_direct_relative'];
  if (!confirmation || confirmation.outcome !== 'confirmed') return ['visit_not_confirmed'];
  return [];
}

/**
 * Temperature screening with exactly the resident rules (decide.ts): a first high reading asks for a
 * re-measure, the second valid one decides. Used for visitors and returnees, who carry no pass.
 */
export function screenTemperature(readings: readonly ReadingInput[], policy: GatePolicy, now: Date): Verdict {
  const v = decide({
    subject: { identifiedBy: 'lookup', pass: null, resident: { statusRule: 'allow' }, insideSince: null },
    direction: 'in',
    readings,
    policy,
    now,
  });
  return { ...v, reasons: v.reasons.filter((r) => r !== 'manual_lookup') };
}

export function visitorPassExpiry(arrivedAt: Date, hours: number): Date {
  return new Date(arrivedAt.getTime() + Math.round(hours * 3600_000));
}

/** Inside past the pass's end: from the expiry instant itself, until the visitor is checked out. */
export function isOverstay(v: { expiresAt: string | null; leftAt: string | null }, now: Date): boolean {
  if (!v.expiresAt) return false;
  const end = v.leftAt ? new Date(v.leftAt) : now;
  return end.getTime() >= new Date(v.expiresAt).getTime();
}

/**
 * Home observation counts whole local calendar days from the arrival date: arriving on 1 Feb with
 * 14 days observes 1–14 Feb and ends at local midnight starting 15 Feb, whatever hour they arrived
 * or registered. `lastDay` is what the committee's form prints as 居家观察截止日.
 */
export function observationPeriod(
  arrivedOn: string,
  days: number,
  timeZone: string,
): { firstDay: string; lastDay: string; endsAt: Date } {
  return {
    firstDay: arrivedOn,
    lastDay: addDays(arrivedOn, days - 1),
    endsAt: startOfLocalDay(addDays(arrivedOn, days), timeZone),
  };
}

/** An arrival date after today (local) is a typo; so is one before the observation could matter. */
export function arrivalDateProblem(arrivedOn: string, now: Date, timeZone: string): 'future' | 'not_a_date' | null {
  const [y, m, d] = arrivedOn.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return 'not_a_date';
  return arrivedOn > localDate(now, timeZone) ? 'future' : null;
}

export function isUnderObservation(o: { startedAt: string; endsAt: string }, now: Date): boolean {
  const t = now.getTime();
  return new Date(o.startedAt).getTime() <= t && t < new Date(o.endsAt).getTime();
}

/** The alert a gate decision raises, by its deciding reason; null when the reasons carry none. */
export function alertKindFor(reasons: readonly string[]): AlertKind | null {
  if (reasons.includes('fever')) return 'fever';
  if (reasons.includes('home_observation')) return 'home_observation_exit';
  if (reasons.includes('forged_pass')) return 'forged_pass';
  if (reasons.includes('revoked_pass')) return 'revoked_pass';
  return null;
}

/** A parcel's place in its life: on the shelf, due at the door, or handed over. */
export function parcelState(p: { collectedAt: string | null; handover: 'pickup' | 'door_drop' | null }, householdUnderObservation: boolean):
  | 'waiting'
  | 'door_drop_due'
  | 'collected'
  | 'delivered' {
  if (p.collectedAt) return p.handover === 'door_drop' ? 'delivered' : 'collected';
  return householdUnderObservation ? 'door_drop_due' : 'waiting';
}

const SYMPTOM_ZH: Record<Symptom, string> = {
  fever: '发热',
  cough: '咳嗽',
  fatigue: '乏力',
  sore_throat: '咽痛',
  short_breath: '气促',
  diarrhoea: '腹泻',
};

/** The register is a Chinese paper form; its symptoms cell is written the way a clerk would. */
export function symptomsText(symptoms: readonly Symptom[]): string {
  return symptoms.length === 0 ? '无' : symptoms.map((s) => SYMPTOM_ZH[s]).join('、');
}
