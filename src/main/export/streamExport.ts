/**
 * The entry log exported to a file in a chosen folder, CSV or XLSX, at any size: rows are read a
 * page at a time (entryRows.ts) and written as they come, with backpressure from the disk, so a
 * million rows take the same memory as a thousand. The export reads through its own read-only
 * connection, so the gate keeps logging checks meanwhile (WAL lets one writer and many readers
 * work at once). One read transaction gives the count and the rows from the same snapshot, so
 * `total` is exactly the number of rows written. CSV text is built by hand (entryLogCsvLine) and
 * XLSX by a small streaming SpreadsheetML writer (xlsxStream.ts): see docs/decisions/0018.
 */
import type { Db } from '../store/db';
import { openDatabase } from '../store/db';
import type { EntryRow } from '../store/entryLog';
import { entryFilterSql } from './entryFilter';
import {
  EntryCellMemo,
  entryLogCells,
  entryLogCsvHeader,
  entryLogCsvLine,
  entryLogHeaders,
  type EntryCellOptions,
  type Lang,
} from './entryLogCsv';
import { entryPages, entrySpan } from './entryRows';
import { sqlCsvPages, type CsvPage } from './sqlCsvLines';
import type { EntryExportFilter, ExportFormat, ExportResult } from '../../shared/exportJobs';
import { checkFolder, ExportError, TempFile } from './fileSink';
import { localTimeFormatter } from './localTime';
import { XlsxTableWriter } from './xlsxStream';
import { ZipTooLargeError } from './zip';

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
  /** Tests only: XLSX size limit below ZIP's 4 GiB, to reach the refusal without writing 4 GiB. */
  xlsxMaxBytes?: number;
};

/** The gate's own work (scans, readings, the UI socket) must get the event loop this often. */
const YIELD_EVERY_MS = 15;
/** CSV text gathered before one write: a page of rows is ~160 KB, so a write per page or two. */
const CSV_CHUNK = 1 << 17;
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
  let xlsx: XlsxTableWriter | null = null;
  try {
    // One read transaction: the count and every page come from the same snapshot.
    reader.exec('BEGIN');
    const filter = entryFilterSql(o.filter, o.timeZone);
    const span = entrySpan(reader, filter);
    const total = span.n;
    file = await TempFile.create(o.folder, o.fileName ?? defaultExportName(o.filter, o.format));
    const pace = new Pace(total, o);
    const cellOpts: EntryCellOptions = {
      lang: o.lang,
      formatTime: localTimeFormatter(o.timeZone),
      unmasked: o.unmasked,
      memo: new EntryCellMemo(),
    };
    pace.report(0);
    let written = 0;
    // SQLite builds the CSV lines where the zone keeps one offset over the rows (sqlCsvLines.ts).
    const sqlPages =
      o.format === 'csv' ? sqlCsvPages(reader, filter, span, { ...cellOpts, timeZone: o.timeZone }) : null;
    if (sqlPages) written = await writeCsvPages(sqlPages, file, cellOpts.lang, pace);
    else if (o.format === 'csv')
      written = await writeCsv(entryPages(reader, filter, span).pages, file, cellOpts, pace);
    else {
      const { pages } = entryPages(reader, filter, span);
      xlsx = new XlsxTableWriter(file.stream, {
        sheetName: o.lang === 'en' ? 'Entry log' : '出入记录',
        headers: entryLogHeaders(o.lang),
        widths: XLSX_WIDTHS,
        maxBytes: o.xlsxMaxBytes,
      });
      written = await writeXlsx(pages, xlsx, file, cellOpts, pace);
    }
    pace.report(written, true);
    const done = await file.publish();
    return { ...done, format: o.format, rows: written };
  } catch (err) {
    xlsx?.destroy();
    await file?.discard();
    if (err instanceof ZipTooLargeError)
      throw new ExportError('too_large', `${err.message}: export a shorter date range, or CSV`);
    if (err instanceof ExportError || !file) throw err;
    // A failure of the file stream reaches the zip writer as a plain stream error: report it typed.
    file.check();
    throw err;
  } finally {
    if (reader.inTransaction) reader.exec('COMMIT');
    reader.close();
  }
}

async function writeCsv(
  pages: Iterable<EntryRow[]>,
  file: TempFile,
  cellOpts: EntryCellOptions,
  pace: Pace,
): Promise<number> {
  let text = entryLogCsvHeader(cellOpts.lang);
  let n = 0;
  const line = entryLogCsvLine; // bound once: see the note on hot imports in entryLogCsv.ts
  for (const page of pages) {
    for (const r of page) text += line(r, cellOpts);
    n += page.length;
    if (text.length >= CSV_CHUNK) {
      await file.write(text);
      text = '';
    }
    await pace.tick(n);
  }
  await file.write(text);
  return n;
}

async function writeCsvPages(
  pages: Iterable<CsvPage>,
  file: TempFile,
  lang: Lang,
  pace: Pace,
): Promise<number> {
  await file.write(entryLogCsvHeader(lang));
  let n = 0;
  for (const page of pages) {
    await file.write(page.chunk);
    n += page.rows;
    await pace.tick(n);
  }
  return n;
}

async function writeXlsx(
  pages: Iterable<EntryRow[]>,
  xlsx: XlsxTableWriter,
  file: TempFile,
  cellOpts: EntryCellOptions,
  pace: Pace,
): Promise<number> {
  let n = 0;
  const cells = entryLogCells; // bound once: see the note on hot imports in entryLogCsv.ts
  for (const page of pages) {
    await xlsx.addRows(page.map((r) => cells(r, cellOpts)));
    n += page.length;
    file.check();
    await pace.tick(n);
  }
  await xlsx.finish();
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

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportError('cancelled', 'export cancelled');
}
