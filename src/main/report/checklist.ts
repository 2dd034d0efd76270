/**
 * The committee's daily checklist (打钩) and disinfection sheet (消毒记录单). Both are append-only
 * (triggers in migration 0004): a tick or an untick is a new row with who and when, and an
 * item's state for a day is its latest row, so the sheet can always show who changed what.
 * The SQL lives here rather than in store/ only because issue 7 owns this folder; it is the same
 * kind of named query function as store/.
 */
import type { IdGenerator } from '../core/ids';
import { GateError } from '../core/errors';
import { addDays } from '../core/time';
import type { Db } from '../store/db';
import { localTimeFormatter } from '../export/localTime';
import type {
  ChecklistCategory,
  ChecklistDay,
  ChecklistItem,
  ChecklistTickInput,
  ChecklistTickRecord,
  DisinfectionInput,
  DisinfectionRecord,
} from '../../shared/report';

export type ChecklistContext = { compoundId: string; timeZone: string; now: Date; newId: IdGenerator };

type ActionRow = {
  code: string;
  category: ChecklistCategory;
  required: number;
  label_zh: string;
  label_en: string;
};
type TickRow = {
  id: string;
  day: string;
  action_code: string;
  ticked: number;
  by_name: string;
  at: string;
  note: string;
};
type DisinfectionRow = {
  id: string;
  place: string;
  done_at: string;
  person: string;
  agent: string;
  note: string;
  recorded_by: string;
  recorded_at: string;
};

/** A disinfection time this far ahead of the clock is a typo, not a plan. */
const FUTURE_SLACK_MS = 5 * 60_000;

function actions(db: Db): ActionRow[] {
  return db
    .prepare<[], ActionRow>('SELECT * FROM checklist_action WHERE active = 1 ORDER BY sort, code')
    .all();
}

/** Every day from `from` to `to` with each active action's state; one query for the whole range. */
export function checklistDays(db: Db, compoundId: string, from: string, to: string): ChecklistDay[] {
  const list = actions(db);
  const ticks = db
    .prepare<[string, string, string], TickRow>(
      'SELECT * FROM checklist_tick WHERE compound_id = ? AND day >= ? AND day <= ? ORDER BY seq',
    )
    .all(compoundId, from, to);
  const byDay = new Map<string, TickRow[]>();
  for (const t of ticks) {
    const dayTicks = byDay.get(t.day);
    if (dayTicks) dayTicks.push(t);
    else byDay.set(t.day, [t]);
  }
  const days: ChecklistDay[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(toDay(d, list, byDay.get(d) ?? []));
  return days;
}

export function checklistDay(db: Db, compoundId: string, date: string): ChecklistDay {
  return checklistDays(db, compoundId, date, date)[0] ?? toDay(date, [], []);
}

function toDay(date: string, list: readonly ActionRow[], ticks: readonly TickRow[]): ChecklistDay {
  const items = list.map((a): ChecklistItem => {
    const mine = ticks.filter((t) => t.action_code === a.code);
    const last = mine[mine.length - 1];
    return {
      code: a.code,
      category: a.category,
      required: a.required === 1,
      labelZh: a.label_zh,
      labelEn: a.label_en,
      ticked: last?.ticked === 1,
      by: last?.by_name ?? null,
      at: last?.at ?? null,
      changes: mine.length,
    };
  });
  const tally = (required: boolean): { done: number; total: number } => {
    const these = items.filter((i) => i.required === required);
    return { done: these.filter((i) => i.ticked).length, total: these.length };
  };
  return { date, items, required: tally(true), optional: tally(false) };
}

/**
 * Ticks or unticks an action for a day by appending a record. Setting the state it already has
 * writes nothing (a double tap must not fill the audit trail). A day after today's local date is
 * refused; earlier days may be caught up, and the record's `at` shows when that happened.
 */
export function setChecklistTick(db: Db, input: ChecklistTickInput, ctx: ChecklistContext): ChecklistItem {
  const today = localTimeFormatter(ctx.timeZone)(ctx.now.toISOString()).slice(0, 10);
  if (input.date > today)
    throw new GateError('invalid_input', `cannot tick a day that has not come yet (${input.date})`);
  return db.transaction((): ChecklistItem => {
    const current = checklistDay(db, ctx.compoundId, input.date).items.find((i) => i.code === input.code);
    if (!current) throw new GateError('not_found', `no checklist action ${input.code}`);
    if (current.ticked === input.ticked) return current;
    const at = ctx.now.toISOString();
    db.prepare(
      `INSERT INTO checklist_tick (id, compound_id, day, action_code, ticked, by_name, at, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      ctx.newId(),
      ctx.compoundId,
      input.date,
      input.code,
      input.ticked ? 1 : 0,
      input.by,
      at,
      input.note ?? '',
    );
    return { ...current, ticked: input.ticked, by: input.by, at, changes: current.changes + 1 };
  })();
}

/** Every tick and untick of a day, oldest first: the audit trail behind the sheet. */
export function checklistHistory(db: Db, compoundId: string, date: string): ChecklistTickRecord[] {
  return db
    .prepare<[string, string], TickRow>(
      'SELECT * FROM checklist_tick WHERE compound_id = ? AND day = ? ORDER BY seq',
    )
    .all(compoundId, date)
    .map((t) => ({
      id: t.id,
      date: t.day,
      code: t.action_code,
      ticked: t.ticked === 1,
      by: t.by_name,
      at: t.at,
      note: t.note,
    }));
}

/** Appends a line to the disinfection sheet. Corrections are new lines, as on paper. */
export function addDisinfection(
  db: Db,
  input: DisinfectionInput,
  ctx: Omit<ChecklistContext, 'timeZone'>,
): DisinfectionRecord {
  const doneAt = new Date(input.doneAt);
  if (doneAt.getTime() > ctx.now.getTime() + FUTURE_SLACK_MS) {
    throw new GateError('invalid_input', 'the disinfection time is in the future');
  }
  const record: DisinfectionRecord = {
    id: ctx.newId(),
    place: input.place,
    doneAt: doneAt.toISOString(),
    person: input.person,
    agent: input.agent,
    note: input.note ?? '',
    recordedBy: input.recordedBy ?? '',
    recordedAt: ctx.now.toISOString(),
  };
  db.prepare(
    `INSERT INTO disinfection_record (id, compound_id, place, done_at, person, agent, note, recorded_by, recorded_at)
     VALUES (@id, @compoundId, @place, @doneAt, @person, @agent, @note, @recordedBy, @recordedAt)`,
  ).run({ ...record, compoundId: ctx.compoundId });
  return record;
}

/** Disinfections done in [fromUtc, toUtc), in the order they were done. */
export function listDisinfection(
  db: Db,
  compoundId: string,
  fromUtc: string,
  toUtc: string,
): DisinfectionRecord[] {
  return db
    .prepare<[string, string, string], DisinfectionRow>(
      'SELECT * FROM disinfection_record WHERE compound_id = ? AND done_at >= ? AND done_at < ? ORDER BY done_at, seq',
    )
    .all(compoundId, fromUtc, toUtc)
    .map((r) => ({
      id: r.id,
      place: r.place,
      doneAt: r.done_at,
      person: r.person,
      agent: r.agent,
      note: r.note,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
    }));
}
