import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formWorkbook } from '../../../src/main/export/xlsx';

describe('XLSX helpers', () => {
  it('the exceljs internals the export waits on are still where zipCaughtUp looks (exceljs 4.4)', async () => {
    const sink = new Writable({ write: (_c, _e, done) => done() });
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: sink,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = book.addWorksheet('a');
    sheet.addRow(['x']).commit();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const zipInput = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as
      { once?: unknown; writableLength?: number; _writableState?: { length?: number } } | undefined;
    // If this fails after an exceljs upgrade, the XLSX export loses its backpressure: find the new place.
    expect(typeof zipInput?.once).toBe('function');
    expect(typeof (zipInput?.writableLength ?? zipInput?._writableState?.length)).toBe('number');
    sheet.commit();
    await book.commit();
  });

  it('a form: title and meta rows merged across the columns, headers on row 3, values as given', async () => {
    const { data, rows } = await formWorkbook(
      { sheetName: '表', title: '标题', meta: '小区：示范', headers: ['序号', '号码'], widths: [6, 20] },
      [
        [1, '110105194912310021'],
        [2, '=1+2'],
      ],
    );
    expect(rows).toBe(2);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(data as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('表')!;
    expect(sheet.getCell('A1').value).toBe('标题');
    expect(sheet.getCell('B1').isMerged).toBe(true);
    expect(sheet.getCell('A2').value).toBe('小区：示范');
    expect(sheet.getRow(3).values).toEqual([undefined, '序号', '号码']);
    expect(sheet.getCell('B4').value).toBe('110105194912310021');
    expect(sheet.getCell('B4').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('B5').value).toBe('=1+2');
    expect(sheet.getCell('B5').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('A4').value).toBe(1);
  });
});
