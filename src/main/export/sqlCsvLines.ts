/**
 * Entry-log CSV lines built inside SQLite, a page at a time, for the streamed export. The JS path
 * (entryRows.ts + entryLogCsvLine) pays ~5 µs a row: one V8 string per row across the C++
 * boundary, its split, fourteen cells and a template. Here one statement per page of 1000 rows
 * builds every line in C and hands JS a single Buffer of UTF-8 that goes straight to the file: no
 * per-row JS at all (docs/decisions/0018).
 *
 * The SQL writes exactly what entryLogCsvLine writes, or nothing: a cell SQLite cannot build with
 * certainty (an unknown code, a reasons list it has not learnt, staff JSON with escapes or
 * controls, a credential shaped like an ID number, a temperature of 0 or beyond ±1e6, a time not
 * in the gate's ISO form or outside the span where the zone keeps one offset) makes the row's line
 * NULL, and that page is written by the JS path instead. test/property/sqlCsvLines.property.test.ts
 * holds the two to byte identity on hostile rows.
 */
import type { Statement } from 'better-sqlite3';
import { ReasonCode } from '../../shared/domain';
import { localDateTimeFormat, zoneOffsetMs } from '../core/time';
import type { Db } from '../store/db';
import type { EntryRow } from '../store/entryLog';
import { csvText } from './csv';
import { entryLogCsvLine, entryWord, type EntryCellOptions, type Lang } from './entryLogCsv';
import { ENTRY_PAGE, type Filter, type SpanRow } from './entryRows';

/** Reason codes the gate writes (all of them have words); a list of them is learnt as one CASE entry once seen. */
const REASON_CODES = ReasonCode.options;
const KNOWN_REASONS = new Set<string>(REASON_CODES);
/** Learnt reasons lists beyond the single codes; a CASE is a linear search, so it stays short. */
const MAX_LEARNT_REASONS = 48;
/** Staff lists kept in the CASE: the lists of the shifts around the current rows. */
const MAX_LEARNT_STAFF = 8;
const HOUR_MS = 3_600_000;
/** How often the zone's offset is sampled over the export's time range (no zone switches back within 6 h). */
const OFFSET_SAMPLE_MS = 6 * HOUR_MS;

/** A string as an SQL literal. */
function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A whole quoted CSV cell holding a fixed word, as an SQL literal. */
function cellLit(word: string): string {
  return lit(`"${csvText(word)}"`);
}

/** `CASE x WHEN code THEN "word" … END`: NULL (the JS path) for any code not listed. */
function wordCase(column: string, codes: readonly string[], lang: Lang): string {
  return `CASE ${column} ${codes.map((c) => `WHEN ${lit(c)} THEN ${cellLit(entryWord(c, lang))}`).join(' ')} END`;
}

/** csvText's formula test: = + - @ tab CR LF as the first character. */
const FORMULA_START = 'IN (61, 43, 45, 64, 9, 13, 10)';
/** The pieces of a quoted text cell for concat(): quote, apostrophe if formula-like, doubled quotes. */
function textCell(x: string): string {
  return `'"', iif(unicode(${x}) ${FORMULA_START}, '''', ''), replace(${x}, '"', '""'), '"'`;
}

const D = '[0-9]';
const MOBILE_GLOB = lit(`1[3-9]${D.repeat(9)}`);
const ID_GLOB = lit(`[1-9]${D.repeat(16)}[0-9Xx]`);
/** The gate's own instants (toISOString); hours 24–29 parse in SQLite but not in JS, so 2x stops at 23. */
// '?' rather than [0-9]: classes cost ~0.3 µs a row, and SQLite's parser refuses non-digits itself.
const ISO_GLOB = lit('????-??-??T[01]?:??:??.???Z');
const ISO_GLOB_2X = lit('????-??-??T2[0-3]:??:??.???Z');
/** Eleven or more characters, all ASCII digits: isLongDigits. */
// GLOB stops at a NUL character (length() too), so each GLOB that could see one is paired with a check.
const LONG_DIGITS = `(m GLOB ${lit(`${D.repeat(11)}*`)} AND m NOT GLOB '*[^0-9]*' AND instr(m, char(0)) = 0)`;

const CRLF = '\r\n';
/** U+001F, which opens every column in the row's "needs escaping?" probe. */
const US = '\u001f';

export type SqlLineOptions = Pick<EntryCellOptions, 'lang' | 'unmasked'>;

/**
 * The page statement's SQL: one result row holding the page's row count, last rowid, the rowids
 * whose lines SQLite left to JS (NULL if none) and the page's lines as one UTF-8 blob.
 * `learntReasons` are reasons lists (with commas) of known codes. Parameters: @after, @hi (rowid
 * span), @tzFrom, @tzTo (ISO window with one offset), @tzShift ('+N seconds'), the filter's own.
 *
 * SQLite pays ~0.1 µs for every function call, so a row calls as few as it can: the text columns
 * are probed once for a quote or a formula start ("plain" rows: all of the gate's own), and only
 * other rows are escaped cell by cell.
 */
export function sqlLinesQuery(
  cond: string,
  o: SqlLineOptions,
  learnt: { reasons: readonly string[]; staff: ReadonlyMap<string, string> },
  page: number,
): string {
  const learntReasons = learnt.reasons;
  const reasons = [...REASON_CODES, ...learntReasons];
  const reasonCells = reasons.map(
    (r) =>
      `WHEN ${lit(r)} THEN ${cellLit(
        r
          .split(',')
          .map((c) => entryWord(c, o.lang))
          .join('；'),
      )}`,
  );
  // maskCredential: a mobile number keeps its last 4; anything shaped like an ID number needs
  // isValidIdNumber (check digit, real birth date before today), so it goes the JS way.
  const masked = o.unmasked
    ? 'credential'
    : `CASE WHEN credential GLOB ${MOBILE_GLOB} AND octet_length(credential) = 11 THEN '*******' || substr(credential, 8)
            WHEN credential GLOB ${ID_GLOB} THEN NULL ELSE credential END`;
  // Cells that may be NULL (= left to JS): t time, d direction, m credential, tp temperature text,
  // src reading, dc decision, rs reasons, j staff names. d, src, dc, rs are whole quoted cells.
  const cells = `
    SELECT seq, id, gate_id, building, unit, room, resident_name_masked AS nm,
      CASE WHEN occurred_at >= @tzFrom AND occurred_at < @tzTo
            AND (occurred_at GLOB ${ISO_GLOB} OR occurred_at GLOB ${ISO_GLOB_2X}) AND octet_length(occurred_at) = 24
           THEN datetime(occurred_at, @tzShift) END AS t,
      ${wordCase('direction', ['in', 'out'], o.lang)} AS d,
      ${masked} AS m,
      CASE WHEN temp_body_c IS NULL THEN ''
           WHEN temp_body_c > 0 AND temp_body_c < 1e6 THEN printf('%.1f', temp_body_c)
           WHEN temp_body_c < 0 AND temp_body_c > -1e6 THEN '''' || printf('%.1f', temp_body_c) END AS tp,
      CASE WHEN temp_source IS NULL OR temp_source = '' THEN '""'
           ELSE ${wordCase('temp_source', ['device', 'simulated', 'manual'], o.lang)} END AS src,
      ${wordCase('decision', ['admit', 'deny', 'refer'], o.lang)} AS dc,
      CASE reasons WHEN '' THEN '""' ${reasonCells.join(' ')} END AS rs,
      concat('${US}', id, '${US}', gate_id, '${US}', building, '${US}', unit, '${US}', room, '${US}',
        resident_name_masked, '${US}', credential) AS pr,
      CASE staff_json WHEN '[]' THEN '' ${[...learnt.staff].map(([k, v]) => `WHEN ${lit(k)} THEN ${lit(v)}`).join(' ')}
        ELSE CASE WHEN staff_json GLOB '[[]"*"]' AND instr(staff_json, '\\') = 0
               AND instr(staff_json, char(0)) = 0 AND json_valid(staff_json)
             THEN replace(substr(staff_json, 3, length(staff_json) - 4), '","', '、') END END AS j
    FROM entry_log NOT INDEXED
    WHERE seq > @after AND seq <= @hi ${cond}
    ORDER BY seq LIMIT ${page}`;
  // plain: the raw text columns (pr, each after a U+001F) hold no quote and none starts like a
  // formula, so nothing needs escaping. GLOB would stop at a NUL, hence the NUL test. A mobile
  // number's mask starts with '*', so the raw credential answers for the masked one.
  const plain = `(instr(pr, '"') = 0 AND instr(pr, char(0)) = 0 AND pr NOT GLOB ${lit(`*${US}[=+@\t\r\n-]*`)})`;
  const plainLine = `concat('"', id, '","', t, '","', gate_id, '",', d, ',', iif(${LONG_DIGITS}, '="', '"'), m, '","',
    building, '","', unit, '","', room, '","', nm, '","', tp, '",', src, ',', dc, ',', rs, ',"',
    iif(unicode(j) ${FORMULA_START}, '''', ''), j, '"${CRLF}')`;
  const escapedLine = `concat(${textCell('id')}, ',"', t, '",', ${textCell('gate_id')},
    ',', d, ',', iif(${LONG_DIGITS}, '=', ''), ${textCell('m')}, ',', ${textCell('building')}, ',', ${textCell('unit')},
    ',', ${textCell('room')}, ',', ${textCell('nm')}, ',"', tp, '",', src, ',', dc, ',', rs, ',',
    '"', iif(unicode(j) ${FORMULA_START}, '''', ''), j, '"${CRLF}')`;
  const lines = `
    SELECT seq, CASE WHEN t IS NULL OR d IS NULL OR m IS NULL OR tp IS NULL OR src IS NULL OR dc IS NULL
                       OR rs IS NULL OR j IS NULL THEN NULL
                     -- A staff list whose parts hold a quote was not a plain list of strings: the JS way.
                     WHEN instr(j, '"') > 0 THEN NULL
                     WHEN ${plain} THEN ${plainLine} ELSE ${escapedLine} END AS line
    FROM (${cells}) LIMIT -1`;
  return `SELECT count(*), max(seq), group_concat(iif(line IS NULL, seq, NULL)), CAST(group_concat(line, '') AS BLOB)
    FROM (${lines})`;
}

export type FixedOffsetWindow = { from: string; to: string; shift: string };

/**
 * The span [from, to) of ISO instants over which `timeZone` keeps one UTC offset, covering
 * [lo, hi], or null when it does not (a DST switch inside): then the JS path formats every row.
 * Sampled every 6 hours and at both ends; zones never switch and switch back within 6 hours.
 */
export function fixedOffsetWindow(timeZone: string, lo: string, hi: string): FixedOffsetWindow | null {
  const a = Date.parse(lo);
  const b = Date.parse(hi);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return null;
  const intl = localDateTimeFormat(timeZone);
  // Whole seconds: the formatter drops the milliseconds.
  const offsetAt = (ms: number): number => zoneOffsetMs(intl, Math.floor(ms / 1000) * 1000);
  const offset = offsetAt(a);
  if (!Number.isFinite(offset) || offset % 1000 !== 0) return null;
  for (let t = a + OFFSET_SAMPLE_MS; t < b; t += OFFSET_SAMPLE_MS) if (offsetAt(t) !== offset) return null;
  if (offsetAt(b) !== offset) return null;
  return {
    from: new Date(a).toISOString(),
    // Half-open: one millisecond past the last instant.
    to: new Date(b + 1).toISOString(),
    shift: `${offset >= 0 ? '+' : '-'}${Math.abs(offset) / 1000} seconds`,
  };
}

/** Reasons lists of `rows` made only of known codes and not yet in `known`: worth a CASE entry. */
function learnableReasons(rows: readonly EntryRow[], known: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const r of rows) {
    if (!r.reasons.includes(',') || known.has(r.reasons)) continue;
    if (r.reasons.split(',').every((c) => KNOWN_REASONS.has(c))) out.add(r.reasons);
  }
  return [...out];
}

/** Remembers a plain list of staff names (at most MAX_LEARNT_STAFF, newest kept); true if it is new. */
function learnStaff(staff: Map<string, string>, json: string | undefined): boolean {
  if (json === undefined || json === '[]' || staff.has(json)) return false;
  let names: unknown;
  try {
    names = JSON.parse(json);
  } catch {
    return false;
  }
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) return false;
  const joined = names.join('、');
  if (joined.includes('"')) return false;
  if (staff.size >= MAX_LEARNT_STAFF) staff.delete(staff.keys().next().value!);
  staff.set(json, joined);
  return true;
}

type PageResult = [count: number, last: number | null, fallback: string | null, bytes: Buffer | null];

/** One page of CSV: UTF-8 bytes built by SQLite, or text from the JS path when a row needed it. */
export type CsvPage = { rows: number; chunk: Buffer | string };

export type SqlCsvOptions = EntryCellOptions & {
  timeZone: string;
  /** Rows per statement (tests use 1 to see which rows SQLite built). */
  pageSize?: number;
};

/**
 * The CSV lines (no header) of the rows in `span` matching `filter`, a page at a time, or null when
 * the zone's offset changes over the rows' time range (the caller then uses the JS path). Call it
 * inside a read transaction, like entryPages.
 */
export function sqlCsvPages(
  db: Db,
  filter: Filter,
  span: SpanRow,
  o: SqlCsvOptions,
): Generator<CsvPage> | null {
  if (span.n === 0 || span.lo === null || span.hi === null) return emptyPages();
  // The log's first and last instants come from the occurred_at index without a scan; a date
  // filter narrows them, so a DST zone can still use SQL for a range between its switches.
  // (Two statements: together the two aggregates scan the table.)
  const first = db.prepare<[], string | null>('SELECT min(occurred_at) FROM entry_log').pluck().get() ?? null;
  const final = db.prepare<[], string | null>('SELECT max(occurred_at) FROM entry_log').pluck().get() ?? null;
  if (first === null || final === null) return null;
  const lo = filter.params.from && filter.params.from > first ? filter.params.from : first;
  const hi = filter.params.to && filter.params.to <= final ? filter.params.to : final;
  const window = fixedOffsetWindow(o.timeZone, lo, hi);
  if (!window) return null;
  return pagesOf(db, filter, { lo: span.lo, hi: span.hi }, window, o);
}

function* emptyPages(): Generator<CsvPage> {}

function* pagesOf(
  db: Db,
  filter: Filter,
  span: { lo: number; hi: number },
  window: FixedOffsetWindow,
  o: SqlCsvOptions,
): Generator<CsvPage> {
  const cond = filter.where ? `AND (${filter.where.replace(/^WHERE /, '')})` : '';
  const learnt: string[] = [];
  const known = new Set<string>();
  // Staff lists of recent rows, JSON → names: a CASE hit spares SQLite five string functions a row.
  const staff = new Map<string, string>();
  const size = o.pageSize ?? ENTRY_PAGE;
  const prepare = (): Statement =>
    db.prepare(sqlLinesQuery(cond, o, { reasons: learnt, staff }, size)).raw(true);
  let page = prepare();
  const staffOf = db.prepare<[number], string>('SELECT staff_json FROM entry_log WHERE seq = ?').pluck();
  // The JS path for a page with a row SQLite left out: the same rows, read whole, written by entryLogCsvLine.
  const rowsAfter = db.prepare<Record<string, string | number>, EntryRow>(
    `SELECT id, occurred_at, gate_id, direction, credential, building, unit, room, resident_name_masked,
       decision, reasons, temp_body_c, temp_source, staff_json
     FROM entry_log NOT INDEXED WHERE seq > @after AND seq <= @hi ${cond} ORDER BY seq LIMIT ${size}`,
  );
  const line = entryLogCsvLine;
  const params: Record<string, string | number> = {
    ...filter.params,
    after: span.lo - 1,
    hi: span.hi,
    tzFrom: window.from,
    tzTo: window.to,
    tzShift: window.shift,
  };
  for (;;) {
    const [count, last, fallback, bytes] = page.get(params) as PageResult;
    if (count === 0 || last === null) return;
    if (fallback === null) {
      yield { rows: count, chunk: bytes ?? Buffer.alloc(0) };
      if (learnStaff(staff, staffOf.get(last))) page = prepare();
    } else {
      const rows = rowsAfter.all(params);
      let text = '';
      for (const r of rows) text += line(r, o);
      yield { rows: rows.length, chunk: text };
      const more = learnableReasons(rows, known);
      if (more.length > 0 && learnt.length < MAX_LEARNT_REASONS) {
        for (const r of more.slice(0, MAX_LEARNT_REASONS - learnt.length)) {
          learnt.push(r);
          known.add(r);
        }
        page = prepare();
      }
    }
    params.after = last;
    if (count < size) return;
  }
}
