/**
 * The daily report (每日一报) for one gate or the whole compound over local dates in the gate's time
 * zone: checks and decisions, refusals by reason, fevers and whether each alert was followed up,
 * checks per local hour, the household status map, staff on duty, the checklist and the
 * disinfection sheet, and the sections later issues feed (see laterSections.ts).
 */
import { GateError } from '../core/errors';
import { addDays, startOfLocalDay } from '../core/time';
import { ReasonCode } from '../../shared/domain';
import type { Db } from '../store/db';
import { localTimeFormatter } from '../export/localTime';
import { checklistDays, listDisinfection } from './checklist';
import { laterSections } from './laterSections';
import {
  activeScheme,
  feverRows,
  feverTally,
  minuteBuckets,
  names,
  reasonCounts,
  staffNames,
  statusCounts,
  type EntryScope,
} from './reportQueries';
import {
  MAX_REPORT_DAYS,
  type DailyReport,
  type DailyReportInput,
  type DayFigures,
  type FeverItem,
  type ReasonCount,
} from '../../shared/report';

export type ReportContext = { compoundId: string; timeZone: string; now: Date };

/** Enough to follow up every fever of a bad week; the counts always cover all of them. */
export const MAX_FEVER_ITEMS = 500;

const KNOWN_REASONS: ReadonlySet<string> = new Set(ReasonCode.options);

export function buildDailyReport(db: Db, input: DailyReportInput, ctx: ReportContext): DailyReport {
  // The contract's schema checks this too; a direct caller must not get a loop over centuries.
  if (!(input.from <= input.to) || addDays(input.from, MAX_REPORT_DAYS - 1) < input.to) {
    throw new GateError('invalid_input', `a report covers 1 to ${MAX_REPORT_DAYS} days`);
  }
  const fromUtc = startOfLocalDay(input.from, ctx.timeZone).toISOString();
  const toUtc = startOfLocalDay(addDays(input.to, 1), ctx.timeZone).toISOString();
  const scope: EntryScope = { compoundId: ctx.compoundId, gateId: input.gateId ?? null, fromUtc, toUtc };

  const days = new Map<string, DayFigures>();
  for (let d = input.from; d <= input.to; d = addDays(d, 1))
    days.set(d, { date: d, checks: 0, admitted: 0, denied: 0, referred: 0, fevers: 0 });
  const perHour: number[] = new Array<number>(24).fill(0);
  const checks = { total: 0, admitted: 0, denied: 0, referred: 0, in: 0, out: 0 };
  const local = localTimeFormatter(ctx.timeZone);
  for (const b of minuteBuckets(db, scope)) {
    const at = local(`${b.minute}:00.000Z`); // YYYY-MM-DD HH:mm:ss, local
    const day = days.get(at.slice(0, 10));
    const hour = Number(at.slice(11, 13));
    perHour[hour] = (perHour[hour] ?? 0) + b.n;
    checks.total += b.n;
    checks[b.direction] += b.n;
    const key = b.decision === 'admit' ? 'admitted' : b.decision === 'deny' ? 'denied' : 'referred';
    checks[key] += b.n;
    if (day) {
      day.checks += b.n;
      day[key] += b.n;
      day.fevers += b.fevers;
    }
  }

  const denied = new Map<ReasonCode, number>();
  const referred = new Map<ReasonCode, number>();
  for (const r of reasonCounts(db, scope)) {
    const into = r.decision === 'deny' ? denied : referred;
    for (const code of r.reasons.split(',')) {
      // A code this build does not know (a newer gate's, via sync) is left out, not sent invalid.
      if (KNOWN_REASONS.has(code)) into.set(code as ReasonCode, (into.get(code as ReasonCode) ?? 0) + r.n);
    }
  }

  const tally = feverTally(db, scope);
  const items = feverRows(db, scope, MAX_FEVER_ITEMS).map((f): FeverItem => ({
    entryId: f.id,
    occurredAt: f.occurred_at,
    gateId: f.gate_id,
    household: f.building ? [f.building, f.unit, f.room].filter(Boolean).join('-') : null,
    nameMasked: f.resident_name_masked,
    temperatureC: f.temp_body_c,
    alertId: f.alert_id,
    followUp: f.alert_id === null ? 'no_alert' : f.acknowledged_at ? 'acknowledged' : 'open',
    acknowledgedAt: f.acknowledged_at,
  }));

  const scheme = activeScheme(db);
  const byStatus = statusCounts(db, ctx.compoundId, scheme).map((s) => ({
    code: s.code,
    labelZh: s.label_zh,
    labelEn: s.label_en,
    colour: s.colour,
    households: s.households,
    residents: s.residents,
  }));
  const title = names(db, ctx.compoundId, scope.gateId);

  return {
    scope: {
      compoundId: ctx.compoundId,
      compoundName: title.compound,
      gateId: scope.gateId,
      gateName: title.gate,
    },
    range: { from: input.from, to: input.to, days: days.size, timeZone: ctx.timeZone, fromUtc, toUtc },
    generatedAt: ctx.now.toISOString(),
    checks,
    deniedByReason: sorted(denied),
    referredByReason: sorted(referred),
    fevers: { ...tally, items, truncated: tally.total > items.length },
    perHour,
    days: [...days.values()],
    households: {
      scheme,
      total: byStatus.reduce((n, s) => n + s.households, 0),
      residents: byStatus.reduce((n, s) => n + s.residents, 0),
      byStatus,
      asOf: ctx.now.toISOString(),
    },
    staffOnDuty: staffNames(db, scope),
    checklist: checklistDays(db, ctx.compoundId, input.from, input.to),
    disinfection: listDisinfection(db, ctx.compoundId, fromUtc, toUtc),
    ...laterSections(db, scope),
  };
}

/** Most frequent first; ties in code order so the page does not reshuffle between prints. */
function sorted(m: Map<ReasonCode, number>): ReasonCount[] {
  return [...m.entries()]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
