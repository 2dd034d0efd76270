/**
 * The export filter as SQL over entry_log. Only the clauses a filter uses are emitted, so SQLite
 * can use the occurred_at index for a date range instead of scanning a million rows.
 */
import { addDays, startOfLocalDay } from '../core/time';
import type { EntryExportFilter } from '../../shared/exportJobs';

export type EntrySql = { where: string; params: Record<string, string> };

/**
 * Local calendar dates in the gate's zone (both inclusive) as a half-open UTC range:
 * [start of `from`, start of the day after `to`). Shared with the log list (api/handlers.ts toQuery).
 */
export function localDateRangeUtc(
  f: { from?: string; to?: string },
  timeZone: string,
): { fromUtc?: string; toUtc?: string } {
  return {
    ...(f.from ? { fromUtc: startOfLocalDay(f.from, timeZone).toISOString() } : {}),
    ...(f.to ? { toUtc: startOfLocalDay(addDays(f.to, 1), timeZone).toISOString() } : {}),
  };
}

export function entryFilterSql(f: EntryExportFilter, timeZone: string): EntrySql {
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  const add = (clause: string, name: string, value: string | undefined): void => {
    if (value === undefined) return;
    clauses.push(clause);
    params[name] = value;
  };
  const range = localDateRangeUtc(f, timeZone);
  add('occurred_at >= @from', 'from', range.fromUtc);
  add('occurred_at < @to', 'to', range.toUtc);
  add('gate_id = @gate', 'gate', f.gateId);
  add('building = @building', 'building', f.building);
  add('unit = @unit', 'unit', f.unit);
  add('room = @room', 'room', f.room);
  add('household_id = @household', 'household', f.householdId);
  add('decision = @decision', 'decision', f.decision);
  // The log keeps only a masked name, so a name is matched against the roster's real names too.
  add(
    `(credential = @person OR instr(resident_name_masked, @person) > 0
      OR resident_id IN (SELECT id FROM resident WHERE instr(name, @person) > 0))`,
    'person',
    f.person,
  );
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
