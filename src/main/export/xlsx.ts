/**
 * Small helpers shared by the XLSX writers. Every cell that holds an identifier (pass, phone, ID
 * number, room) is written as a string in a text-formatted (@) column: Excel keeps only 15
 * significant digits, and a text cell also stops it from turning "1-101" into a date. Strings in
 * XLSX are never formulas, so no apostrophe escaping is needed here (unlike CSV).
 */
import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';

export type Cell = string | number | null;

/** Loaded on first use: exceljs costs more start-up time than the rest of the host together. */
export async function loadExcel(): Promise<typeof ExcelJS> {
  const { default: Excel } = await import('exceljs');
  return Excel;
}

export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } };
export const THIN_BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export type FormSpec = {
  sheetName: string;
  /** Row 1, merged across the columns: the form's name as printed on paper. */
  title: string;
  /** Row 2, merged: compound, gate, dates, export time. */
  meta: string;
  /** Row 3: the column headers. */
  headers: readonly string[];
  widths: readonly number[];
};

/** Bytes the zip writer may fall behind before the rows wait for it. */
const MAX_BACKLOG = 4 << 20;

/**
 * exceljs never pushes back: its sheet stream hands each 64 KiB to the zip (through a PassThrough
 * archiver wraps it in) without looking at the return value, so rows committed faster than zlib
 * compresses pile up in memory (measured: +140 MB per 300,000 rows). This waits on that stream,
 * reached through exceljs internals (4.4: WorksheetWriter.stream.pipes[0]); if the shape ever
 * changes it falls back to waiting on the output only, and the bench's peak RSS would show it.
 */
export async function zipCaughtUp(sheet: object, out: Writable): Promise<void> {
  const zipInput = (sheet as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as Writable | undefined;
  for (const s of [zipInput, out]) {
    if (!s || typeof s.once !== 'function' || s.destroyed || backlog(s) < MAX_BACKLOG) continue;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        s.off('drain', done).off('close', done).off('error', done);
        resolve();
      };
      s.on('drain', done).on('close', done).on('error', done);
    });
  }
}

/** Bytes waiting in a writable; archiver's readable-stream 2 PassThrough has no writableLength. */
function backlog(s: Writable): number {
  return (
    s.writableLength ?? (s as unknown as { _writableState?: { length?: number } })._writableState?.length ?? 0
  );
}

/** Rows between yields to the event loop, so a long form does not stall the gate's own work. */
const YIELD_EVERY = 1000;

/**
 * A one-sheet form streamed into a Buffer: rows are committed as they come, so a month of the
 * entry log costs the compressed file's size in memory, not a workbook model of every cell.
 */
export async function formWorkbook(
  spec: FormSpec,
  rows: Iterable<readonly Cell[]>,
): Promise<{ data: Buffer; rows: number }> {
  const Excel = await loadExcel();
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const book = new Excel.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = book.addWorksheet(spec.sheetName, {
    views: [{ state: 'frozen', ySplit: 3 }],
    // Printed grid lines instead of a border on every cell: the same paper form, far less styling.
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      showGridLines: true,
      printTitlesRow: '3:3',
    },
  });
  sheet.columns = spec.widths.map((width) => ({ width, style: { numFmt: '@' } }));
  const last = spec.headers.length;
  const banner = (text: string, size: number, bold: boolean): void => {
    const row = sheet.addRow([text]);
    row.font = { size, bold };
    row.alignment = { horizontal: 'center', vertical: 'middle' };
    sheet.mergeCells(row.number, 1, row.number, last);
    row.commit();
  };
  banner(spec.title, 16, true);
  banner(spec.meta, 10, false);
  const header = sheet.addRow([...spec.headers]);
  header.eachCell((c) => {
    c.font = { bold: true };
    c.fill = HEADER_FILL;
    c.border = THIN_BORDER;
    c.alignment = { vertical: 'middle', wrapText: true };
  });
  header.commit();
  let n = 0;
  for (const values of rows) {
    sheet.addRow([...values]).commit();
    n += 1;
    if (n % YIELD_EVERY === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      await zipCaughtUp(sheet, sink);
    }
  }
  sheet.commit();
  await book.commit();
  return { data: Buffer.concat(chunks), rows: n };
}
