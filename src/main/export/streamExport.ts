/**
 * The entry log exported to a file in a chosen folder, CSV or XLSX, at any size: rows are read
 * with better-sqlite3's `.iterate()` and written as they come, so a million rows take the same
 * memory as a thousand. The export reads through its own read-only connection: an iterator keeps
 * its connection busy until it finishes, and the gate must keep logging checks meanwhile (WAL lets
 * one writer and many readers work at once). One read transaction gives the count and the rows
 * from the same snapshot, so `total` is exactly the number of rows written.
 */
import type { Db } from '../store/db';
import { openDatabase } from '../store/db';
import type { EntryRow } from '../store/entryLog';
import { entryFilterSql } from './entryFilter';
import { entryLogCells, entryLogCsv, entryLogHeaders, type EntryCellOptions, type Lang } from './entryLogCsv';
import type { EntryExportFilter, ExportFormat, ExportResult } from '../../shared/exportJobs';
import { checkFolder, ExportError, TempFile } from './fileSink';
import { localTimeFormatter } from './localTime';
import { zipCaughtUp } from './xlsx';

export type ExportProgressInfo = { written: number; total: number };

export type StreamExportOptions = {
  /** The gate's connection; the export opens its own read-only one on the same file. */
  db: Db;
  format: ExportFormat;
  folder: string;
  filter: EntryExportFilter;
  timeZone: string;
  lang: Lang;
  unmasked?: boolean;
  /** Aborting stops the export, deletes its partial file and rejects with reason `cancelled`. */
  signal?: AbortSignal;
  /** Called with (0, total) first, then at most every `progressEveryMs`, then (total, total). */
  onProgress?: (p: ExportProgressInfo) => void;
  progressEveryMs?: number;
  /** Defaults to entry-log_<gate|all>_<from>_<to>.<format>. */
  fileName?: string;
};

/** Columns the export needs, not SELECT *: readings_json alone would double what is read. */
const COLUMNS = `id, occurred_at, gate_id, direction, credential, building, unit, room, resident_name_masked,
  decision, reasons, temp_body_c, temp_source, staff_json`;
type RawEntry = [
  string,
  string,
  string,
  EntryRow['direction'],
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  EntryRow['decision'],
  string,
  number | null,
  EntryRow['temp_source'],
  string,
];
/** Rows between checks of the abort signal, the progress clock and the event loop. */
const BATCH = 1000;
/** The gate's own work (scans, readings, the UI socket) must get the event loop this often. */
const YIELD_EVERY_MS = 15;
const CSV_CHUNK = 1 << 16;
const XLSX_WIDTHS = [38, 20, 14, 6, 22, 8, 6, 8, 10, 10, 10, 10, 24, 16];

export function defaultExportName(filter: EntryExportFilter, format: ExportFormat): string {
  const span = [filter.from, filter.to].filter(Boolean).join('_') || 'all-dates';
  return `entry-log_${filter.gateId ?? 'all-gates'}_${span}.${format}`;
}

export async function exportEntryLog(o: StreamExportOptions): Promise<ExportResult> {
  await checkFolder(o.folder);
  throwIfAborted(o.signal);
  if (o.db.memory) throw new Error('streaming export needs a file-backed database');
  const reader = openDatabase(o.db.name, { readonly: true });
  let file: TempFile | null = null;
  try {
    const { where, params } = entryFilterSql(o.filter, o.timeZone);
    reader.exec('BEGIN');
    const total =
      reader
        .prepare<Record<string, string>, { n: number }>(`SELECT count(*) AS n FROM entry_log ${where}`)
        .get(params)?.n ?? 0;
    // The file first: an iterator left open (if this threw) would keep the reader busy.
    file = await TempFile.create(o.folder, o.fileName ?? defaultExportName(o.filter, o.format));
    // Arrays, not objects: better-sqlite3 builds a row object in C++ at about twice the cost of an
    // array, and a JS object literal from the array is nearly free (measured: 3 µs a row saved).
    const raw = reader
      .prepare<Record<string, string>, RawEntry>(`SELECT ${COLUMNS} FROM entry_log ${where} ORDER BY seq`)
      .raw(true)
      .iterate(params);
    const rows = toEntryRows(raw);
    const pace = new Pace(total, o);
    try {
      pace.report(0);
      const written =
        o.format === 'csv' ? await writeCsv(rows, file, o, pace) : await writeXlsx(rows, file, o, pace);
      pace.report(written, true);
      const done = await file.publish();
      return { ...done, format: o.format, rows: written };
    } finally {
      raw.return?.();
    }
  } catch (err) {
    await file?.discard();
    throw err;
  } finally {
    if (reader.inTransaction) reader.exec('COMMIT');
    reader.close();
  }
}

async function writeCsv(
  rows: Iterable<EntryRow>,
  file: TempFile,
  o: StreamExportOptions,
  pace: Pace,
): Promise<number> {
  let lines = -1; // the first chunk is the BOM and header
  let buffer = '';
  for (const chunk of entryLogCsv(rows, { timeZone: o.timeZone, lang: o.lang, unmasked: o.unmasked })) {
    buffer += chunk;
    lines += 1;
    if (buffer.length >= CSV_CHUNK) {
      await file.write(buffer);
      buffer = '';
    }
    if (lines % BATCH === 0) await pace.tick(lines);
  }
  if (buffer) await file.write(buffer);
  return Math.max(lines, 0);
}

async function writeXlsx(
  rows: Iterable<EntryRow>,
  file: TempFile,
  o: StreamExportOptions,
  pace: Pace,
): Promise<number> {
  // Loaded on first use: exceljs costs more start-up time than the rest of the host together.
  const { default: Excel } = await import('exceljs');
  // No styles at all: with styles on, exceljs looks up a style for every cell (even an unstyled
  // one) by serialising it, which doubled the time per row. The cost is a plain (not bold) header.
  // Inline strings, not shared ones: a shared-string table grows with the file.
  const book = new Excel.stream.xlsx.WorkbookWriter({
    stream: file.stream,
    useStyles: false,
    useSharedStrings: false,
  });
  // A cancel or a disk error tears the file stream down under the zip writer; its errors are
  // already reported through TempFile, so they must not surface as unhandled 'error' events.
  (book as unknown as { zip: NodeJS.EventEmitter }).zip.on('error', () => {});
  const sheet = book.addWorksheet(o.lang === 'en' ? 'Entry log' : '出入记录', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  // Every value is written as a string cell, so digit strings stay exact.
  sheet.columns = entryLogHeaders(o.lang).map((header, i) => ({
    header,
    key: `c${i}`,
    width: XLSX_WIDTHS[i] ?? 12,
  }));
  sheet.getRow(1).commit();
  const cellOpts: EntryCellOptions = {
    lang: o.lang,
    formatTime: localTimeFormatter(o.timeZone),
    unmasked: o.unmasked,
  };
  let n = 0;
  for (const row of rows) {
    sheet.addRow(entryLogCells(row, cellOpts)).commit();
    n += 1;
    if (n % BATCH === 0) {
      await pace.tick(n);
      file.check();
      await zipCaughtUp(sheet, file.stream);
    }
  }
  sheet.commit();
  await book.commit();
  return n;
}

/** Progress, cancel and fairness to the rest of the gate, checked once per batch of rows. */
class Pace {
  private lastReport = 0;
  private lastYield = performance.now();

  constructor(
    private readonly total: number,
    private readonly o: StreamExportOptions,
  ) {}

  report(written: number, force = false): void {
    const now = performance.now();
    if (!force && written !== 0 && now - this.lastReport < (this.o.progressEveryMs ?? 250)) return;
    this.lastReport = now;
    this.o.onProgress?.({ written, total: this.total });
  }

  async tick(written: number): Promise<void> {
    throwIfAborted(this.o.signal);
    this.report(written);
    if (performance.now() - this.lastYield >= YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      this.lastYield = performance.now();
      throwIfAborted(this.o.signal);
    }
  }
}

function* toEntryRows(raw: Iterable<RawEntry>): Generator<EntryRow> {
  for (const r of raw) {
    yield {
      id: r[0],
      occurred_at: r[1],
      gate_id: r[2],
      direction: r[3],
      credential: r[4],
      building: r[5],
      unit: r[6],
      room: r[7],
      resident_name_masked: r[8],
      decision: r[9],
      reasons: r[10],
      temp_body_c: r[11],
      temp_source: r[12],
      staff_json: r[13],
    };
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportError('cancelled', 'export cancelled');
}
