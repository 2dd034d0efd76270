/**
 * The volunteer schedule (排班表) imported from the committee's CSV/XLSX, and who is due on which
 * post today. Columns (Chinese or English headers, any order): 日期/date (YYYY-MM-DD or 2/20 style
 * with the year of import), 岗位/post, 开始/start, 结束/end (HH:MM, as text), 姓名/name, 角色/role,
 * 电话/phone (optional; only its last 4 digits are kept). An import replaces the slots of the days
 * it covers, all or nothing: a file with any bad row changes nothing and lists every problem.
 */
import type { ScheduleImportReport, ScheduleSlot } from '../../shared/staff';
import type { AuditLog } from '../audit/auditLog';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import { normaliseCell, normaliseKey, normaliseName } from '../roster/normalise';
import { readTable, RosterFileError, type RawRow } from '../roster/parseRoster';
import type { Db } from '../store/db';
import { localDate } from '../core/time';

type Field = 'day' | 'post' | 'starts' | 'ends' | 'name' | 'role' | 'phone';
const HEADERS: Record<Field, readonly string[]> = {
  day: ['日期', 'date', 'day'],
  post: ['岗位', '门岗', 'post', 'gate'],
  starts: ['开始', '开始时间', 'start', 'from'],
  ends: ['结束', '结束时间', 'end', 'to'],
  name: ['姓名', 'name'],
  role: ['角色', '身份', 'role'],
  phone: ['电话', '手机', 'phone'],
};
const REQUIRED: readonly Field[] = ['day', 'post', 'starts', 'ends', 'name'];
const MAX_SLOTS = 10_000;

type Parsed = { day: string; post: string; starts: string; ends: string; name: string; role: string; phoneLast4: string };
type Row = { id: string; day: string; post: string; starts: string; ends: string; staff_name: string; role: string; phone_last4: string };

export class ScheduleStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly audit: AuditLog,
    private readonly timeZone: string,
  ) {}

  async import(fileName: string, data: Buffer, dryRun: boolean, actors: readonly string[]): Promise<ScheduleImportReport> {
    let raw: RawRow[];
    try {
      raw = await readTable(fileName, data);
    } catch (e) {
      if (e instanceof RosterFileError) throw new GateError('bad_file', e.message, { reason: e.reason });
      throw e;
    }
    const year = Number(localDate(this.clock.now(), this.timeZone).slice(0, 4));
    const { slots, problems, totalRows } = parseSchedule(raw, year);
    const imported = !dryRun && problems.length === 0 && slots.length > 0;
    if (imported) {
      const now = this.clock.now().toISOString();
      const days = [...new Set(slots.map((s) => s.day))];
      this.db.transaction(() => {
        const drop = this.db.prepare('DELETE FROM schedule_slot WHERE day = ?');
        for (const d of days) drop.run(d);
        const insert = this.db.prepare(
          'INSERT INTO schedule_slot (id, day, post, starts, ends, staff_name, role, phone_last4, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        );
        for (const s of slots) insert.run(this.newId(), s.day, s.post, s.starts, s.ends, s.name, s.role, s.phoneLast4, now);
        this.audit.append('schedule.import', { actors, subject: fileName, details: { rows: slots.length, days: days.length, from: days.sort()[0], to: days.at(-1) } });
      })();
    }
    return { fileName, totalRows, importedRows: imported ? slots.length : 0, problems, imported };
  }

  /** The slots of a local day (today by default), each flagged if it covers the current time. */
  day(day?: string): { day: string; slots: ScheduleSlot[] } {
    const now = this.clock.now();
    const today = localDate(now, this.timeZone);
    const d = day ?? today;
    const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: this.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
    const rows = this.db.prepare<[string], Row>('SELECT * FROM schedule_slot WHERE day = ? ORDER BY post, starts, staff_name').all(d);
    return {
      day: d,
      slots: rows.map((r) => ({
        id: r.id,
        day: r.day,
        post: r.post,
        starts: r.starts,
        ends: r.ends,
        name: r.staff_name,
        role: r.role,
        phoneLast4: r.phone_last4,
        now: d === today && covers(r.starts, r.ends, hhmm),
      })),
    };
  }
}

/** A night shift (22:00-06:00) wraps past midnight. */
function covers(starts: string, ends: string, hhmm: string): boolean {
  return starts <= ends ? hhmm >= starts && hhmm < ends : hhmm >= starts || hhmm < ends;
}

export function parseSchedule(raw: readonly RawRow[], year: number): { slots: Parsed[]; problems: ScheduleImportReport['problems']; totalRows: number } {
  const headerAt = raw.findIndex((r) => {
    const fields = new Set(r.cells.map(fieldOf).filter(Boolean));
    return REQUIRED.every((f) => fields.has(f));
  });
  if (headerAt < 0) {
    throw new GateError('bad_file', `No header row found; expected columns ${REQUIRED.map((f) => HEADERS[f].join('/')).join(', ')}`, { reason: 'no_header' });
  }
  const columns = new Map<Field, number>();
  raw[headerAt]!.cells.forEach((c, i) => {
    const f = fieldOf(c);
    if (f && !columns.has(f)) columns.set(f, i);
  });
  const slots: Parsed[] = [];
  const problems: ScheduleImportReport['problems'] = [];
  let totalRows = 0;
  for (const r of raw.slice(headerAt + 1)) {
    const get = (f: Field): string => {
      const i = columns.get(f);
      return i === undefined ? '' : normaliseCell(r.cells[i] ?? '');
    };
    if (r.cells.every((c) => normaliseCell(c) === '')) continue;
    totalRows += 1;
    const day = parseDay(get('day'), year);
    const starts = parseTime(get('starts'));
    const ends = parseTime(get('ends'));
    const name = normaliseName(get('name'));
    const post = get('post');
    const before = problems.length;
    if (!day) problems.push({ row: r.row, field: 'day', value: get('day') });
    if (!post) problems.push({ row: r.row, field: 'post', value: '' });
    if (!starts) problems.push({ row: r.row, field: 'starts', value: get('starts') });
    if (!ends) problems.push({ row: r.row, field: 'ends', value: get('ends') });
    if (!name) problems.push({ row: r.row, field: 'name', value: '' });
    if (problems.length === before && day && starts && ends) {
      const digits = get('phone').replace(/\D/g, '');
      slots.push({ day, post, starts, ends, name, role: get('role'), phoneLast4: digits.slice(-4) });
    }
  }
  if (slots.length + problems.length > MAX_SLOTS) throw new GateError('bad_file', `at most ${MAX_SLOTS} schedule rows`, { reason: 'too_many_rows' });
  return { slots, problems, totalRows };
}

function fieldOf(cell: string): Field | undefined {
  const key = normaliseKey(cell).replace(/\s/g, '');
  return (Object.keys(HEADERS) as Field[]).find((f) => HEADERS[f].some((h) => h.toLowerCase() === key));
}

function parseDay(s: string, year: number): string | null {
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  const short = /^(\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  const [y, m, d] = full ? [Number(full[1]), Number(full[2]), Number(full[3])] : short ? [year, Number(short[1]), Number(short[2])] : [0, 0, 0];
  if (!y) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

function parseTime(s: string): string | null {
  const m = /^(\d{1,2})[:：](\d{2})$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}
