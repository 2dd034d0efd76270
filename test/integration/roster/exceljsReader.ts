/**
 * The .xlsx reader imports used until xlsxRows.ts replaced it (exceljs loads the whole workbook),
 * kept as the oracle the new reader is compared with (xlsxRows.test.ts) and as the "before" of the
 * memory bench (bench/xlsxImport.ts). The limits and errors it had in parseRoster, behind the current
 * xlsxGuard, so that a comparison is between the two readers.
 */
import ExcelJS from 'exceljs';
import { MAX_COLUMNS, MAX_ROWS, RosterFileError, type RawRow } from '../../../src/main/roster/parseRoster';
import { cellValueText, normaliseCell } from '../../../src/main/roster/normalise';
import { guardXlsx, XlsxRefused } from '../../../src/main/roster/xlsxGuard';

function checkWidth(cells: readonly string[], row: number): void {
  let width = cells.length;
  while (width > 0 && normaliseCell(cells[width - 1]!) === '') width--;
  if (width > MAX_COLUMNS) throw new RosterFileError('too_many_columns', `Row ${row} has ${width} columns; at most ${MAX_COLUMNS}`);
}

export async function readXlsxWithExceljs(data: Buffer): Promise<RawRow[]> {
  try {
    await guardXlsx(data);
  } catch (e) {
    if (e instanceof XlsxRefused) throw new RosterFileError(e.reason, e.message);
    throw e;
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch {
    throw new RosterFileError('corrupt', 'The .xlsx file is damaged or is not an Excel workbook');
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.actualRowCount === 0) throw new RosterFileError('empty', 'The first worksheet is empty');
  if (ws.rowCount > MAX_ROWS + 1) throw new RosterFileError('too_many_rows', `The file has more than ${MAX_ROWS.toLocaleString('en')} rows`);
  const rows: RawRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: string[] = [];
    r.eachCell({ includeEmpty: false }, (cell, col) => {
      cells[col - 1] = cellValueText(cell.value);
    });
    const dense = Array.from(cells, (c) => c ?? '');
    checkWidth(dense, rowNumber);
    rows.push({ row: rowNumber, cells: dense });
  });
  return rows;
}
