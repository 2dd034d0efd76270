import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import {
  columnName,
  xmlText,
  XlsxTableWriter,
  type XlsxTableSpec,
} from '../../../src/main/export/xlsxStream';
import { ZipTooLargeError } from '../../../src/main/export/zip';

/** Writes a table into memory and returns the file's bytes. */
async function table(spec: Partial<XlsxTableSpec>, rows: string[][], pageSize = 2): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _e, done) {
      chunks.push(chunk);
      done();
    },
  });
  const w = new XlsxTableWriter(out, { sheetName: '表', headers: ['甲', 'B', 'C'], ...spec });
  for (let i = 0; i < rows.length; i += pageSize) await w.addRows(rows.slice(i, i + pageSize));
  await w.finish();
  await new Promise<void>((resolve) => out.end(resolve));
  return Buffer.concat(chunks);
}

async function readBack(data: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as unknown as ArrayBuffer);
  return book;
}

describe('streaming XLSX table writer', () => {
  it('column names go A…Z, AA…', () => {
    expect([0, 13, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'N',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('escapes markup, drops what XML cannot carry, protects CR and literal _xHHHH_', () => {
    expect(xmlText('a & b < c > d "e"')).toBe('a &amp; b &lt; c &gt; d "e"');
    expect(xmlText('bell\u0007 nul\u0000 esc\u001b ffff\uffff')).toBe('bell nul esc ffff');
    expect(xmlText('tab\tlf\ncr\r')).toBe('tab\tlf\ncr&#13;');
    expect(xmlText('_x0041_ and _x00e9_')).toBe('_x005F_x0041_ and _x005F_x00e9_');
    expect(xmlText('emoji 😷 ok')).toBe('emoji 😷 ok');
    expect(xmlText('lone \ud800 high, lone \udc00 low')).toBe('lone  high, lone  low');
    expect(xmlText('张三 plain')).toBe('张三 plain');
  });

  it('reads back in exceljs cell by cell: strings stay strings, escapes round-trip, blanks are empty', async () => {
    const rows = [
      ['=1+2', '110105194912310021', '<b>&amp;</b>'],
      ['  leading and trailing  ', '', '欧阳**红 😷'],
      ['ctl\u0001\u001fchars', 'multi\nline\r\nCRLF', '_x0041_ literal'],
      ['-5', '0012', '@SUM(A1)'],
    ];
    const book = await readBack(await table({}, rows));
    const sheet = book.getWorksheet('表')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '甲', 'B', 'C']);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    const want = [
      ['=1+2', '110105194912310021', '<b>&amp;</b>'],
      ['  leading and trailing  ', null, '欧阳**红 😷'],
      // Excel decodes _xHHHH_ in cell text and shows this as "_x0041_ literal"; exceljs does not
      // decode inline strings, so it shows the protected form as written.
      ['ctlchars', 'multi\nline\r\nCRLF', '_x005F_x0041_ literal'],
      ['-5', '0012', '@SUM(A1)'],
    ];
    want.forEach((cells, r) =>
      cells.forEach((value, c) => {
        const cell = sheet.getRow(r + 2).getCell(c + 1);
        expect(cell.value, `row ${r + 2} col ${c + 1}`).toBe(value);
        if (value !== null) expect(cell.type).toBe(ExcelJS.ValueType.String);
      }),
    );
    expect(sheet.rowCount).toBe(5);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('cuts a cell at the 32,767 characters Excel accepts', async () => {
    const book = await readBack(await table({}, [['x'.repeat(40_000), 'ok', '']]));
    const cell = book.getWorksheet('表')!.getCell('A2');
    expect(cell.value).toBe('x'.repeat(32_767));
  });

  it('an empty table is a valid workbook with only the header row', async () => {
    const book = await readBack(await table({}, []));
    const sheet = book.getWorksheet('表')!;
    expect(sheet.rowCount).toBe(1);
    expect(sheet.getRow(1).values).toEqual([undefined, '甲', 'B', 'C']);
  });

  it('continues on a further sheet, header repeated, when a sheet is full', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => [`r${i}`, String(i), 'x']);
    const book = await readBack(await table({ maxRowsPerSheet: 3 }, rows, 3));
    expect(book.worksheets.map((s) => s.name)).toEqual(['表', '表 (2)', '表 (3)', '表 (4)']);
    const seen = book.worksheets.flatMap((s) => {
      expect(s.getRow(1).values).toEqual([undefined, '甲', 'B', 'C']);
      expect(s.rowCount).toBeLessThanOrEqual(3);
      return s
        .getSheetValues()
        .slice(2)
        .map((v) => (v as unknown[])[1]);
    });
    expect(seen).toEqual(rows.map((r) => r[0]));
  });

  it('every zip entry carries the right CRC-32 and sizes (checked by JSZip)', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [`行 ${i}`, String(i * 7919), 'ABC'.repeat(i % 7)]);
    const data = await table({}, rows, 500);
    const zip = await JSZip.loadAsync(data, { checkCRC32: true });
    expect(Object.keys(zip.files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).toContain('<c r="A2001" t="inlineStr"><is><t>行 1999</t></is></c>');
  });

  it('refuses, with a typed error, a file that would pass the zip size limit', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [`${i}`.repeat(20), 'x', 'y']);
    await expect(table({ maxBytes: 10_000, level: 0 }, rows, 500)).rejects.toBeInstanceOf(ZipTooLargeError);
  });
});
