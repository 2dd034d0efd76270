/**
 * Entry-log rows for an export, read in pages as fast as better-sqlite3 allows. Measured on the
 * bench machine (1,000,000 rows): fourteen columns per row through `.iterate()` cost 4.5 s before a
 * single cell was written, because every column becomes its own V8 string across the C++ boundary.
 * Here SQLite joins the text columns into one string (separated by U+001F) and pages of rows come
 * from one `.all()` each, which together read the same rows in about 3 s. A value that itself
 * holds U+001F (a scanner can send anything) splits into too many parts and that row alone is
 * read again column by column, so the packing never changes what is exported.
 *
 * Pages follow `seq` (the rowid) from just below the first match to the last one, found once
 * through the filter's indexes. NOT INDEXED keeps every page a rowid range scan: with the
 * occurred_at index SQLite would sort the whole date range again for each page.
 */
import type { Db } from '../store/db';
import type { EntryRow } from '../store/entryLog';

export const ENTRY_PAGE = 1000;
const SEP = '\u001f';
const TEXT_COLUMNS = [
  'id',
  'occurred_at',
  'gate_id',
  'direction',
  'credential',
  'building',
  'unit',
  'room',
  'resident_name_masked',
  'decision',
  'reasons',
  'temp_source',
  'staff_json',
] as const;
const NULLABLE = new Set<string>(['building', 'unit', 'room', 'resident_name_masked', 'temp_source']);
// concat_ws builds the row in one allocation (SQLite 3.44+), where a chain of || copies the growing
// string a dozen times; it skips NULLs, so every nullable column is coalesced to ''.
const PACKED = `concat_ws(char(31), ${TEXT_COLUMNS.map((c) => (NULLABLE.has(c) ? `coalesce(${c}, '')` : c)).join(', ')})`;

type PackedRow = [seq: number, temp: number | null, packed: string];
export type SpanRow = { n: number; lo: number | null; hi: number | null };
export type Filter = { where: string; params: Record<string, string> };

export type EntryPages = { total: number; pages: Generator<EntryRow[]> };

/**
 * The rows matching `filter` (from entryFilterSql), oldest first, in pages of ENTRY_PAGE. Call it
 * inside a read transaction: the count and every page then come from the same snapshot.
 */
export function entryPages(db: Db, filter: Filter, span: SpanRow = entrySpan(db, filter)): EntryPages {
  return { total: span.n, pages: pagesOf(db, filter, span) };
}

/** How many rows match and the rowids of the first and last (found through the filter's indexes). */
export function entrySpan(db: Db, filter: Filter): SpanRow {
  return filter.where
    ? (db
        .prepare<Record<string, string>, SpanRow>(
          `SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM entry_log ${filter.where}`,
        )
        .get(filter.params) ?? { n: 0, lo: null, hi: null })
    : // Unfiltered, three statements: SQLite answers each from the b-tree without a scan, but not
      // the three aggregates together (0.3 s on a million rows).
      {
        n: db.prepare<[], number>('SELECT count(*) FROM entry_log').pluck().get() ?? 0,
        lo: db.prepare<[], number | null>('SELECT min(seq) FROM entry_log').pluck().get() ?? null,
        hi: db.prepare<[], number | null>('SELECT max(seq) FROM entry_log').pluck().get() ?? null,
      };
}

function* pagesOf(db: Db, filter: Filter, span: SpanRow): Generator<EntryRow[]> {
  if (span.n === 0 || span.lo === null || span.hi === null) return;
  const cond = filter.where ? `AND (${filter.where.replace(/^WHERE /, '')})` : '';
  const page = db
    .prepare<Record<string, string | number>, PackedRow>(
      `SELECT seq, temp_body_c, ${PACKED} FROM entry_log NOT INDEXED
        WHERE seq > @after AND seq <= @hi ${cond} ORDER BY seq LIMIT ${ENTRY_PAGE}`,
    )
    .raw(true);
  const one = db.prepare<[number], EntryRow>(
    `SELECT ${TEXT_COLUMNS.join(', ')}, temp_body_c FROM entry_log WHERE seq = ?`,
  );
  let after = span.lo - 1;
  for (;;) {
    const packed = page.all({ ...filter.params, after, hi: span.hi });
    if (packed.length === 0) return;
    const rows: EntryRow[] = new Array<EntryRow>(packed.length);
    for (let i = 0; i < packed.length; i++) {
      const [seq, temp, text] = packed[i]!;
      const f = text.split(SEP);
      rows[i] =
        f.length === TEXT_COLUMNS.length
          ? {
              id: f[0]!,
              occurred_at: f[1]!,
              gate_id: f[2]!,
              direction: f[3] as EntryRow['direction'],
              credential: f[4]!,
              building: f[5] || null,
              unit: f[6] || null,
              room: f[7] || null,
              resident_name_masked: f[8] || null,
              decision: f[9] as EntryRow['decision'],
              reasons: f[10]!,
              temp_body_c: temp,
              temp_source: (f[11] || null) as EntryRow['temp_source'],
              staff_json: f[12]!,
            }
          : one.get(seq)!;
    }
    after = packed[packed.length - 1]![0];
    yield rows;
    if (packed.length < ENTRY_PAGE) return;
  }
}
