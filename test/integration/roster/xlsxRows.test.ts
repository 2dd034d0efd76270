/**
 * The .xlsx reader (xlsxRows.ts: one streamed pass, no workbook model) against the exceljs path it replaced
 * (exceljsReader.ts): for real and odd-but-valid workbooks the raw rows, the parsed roster and the
 * parsed schedule must be identical; for the file fuzz's hostile workbooks that the guard admits,
 * both must refuse, or both read the same rows, except in the few documented ways the new reader
 * is stricter or reads by the schema where exceljs lost data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GateError } from '../../../src/main/core/errors';
import { MAX_COLUMNS, MAX_ROWS, parseRosterFile, readTable, RosterFileError, validateRows, type RawRow } from '../../../src/main/roster/parseRoster';
import { DEMO_STATUS_CODES } from '../../../src/main/roster/demoRoster';
import { guardXlsx, XLSX_LIMITS, XlsxRefused } from '../../../src/main/roster/xlsxGuard';
import { isNeededPart, readFirstSheet, XmlReader, type Handler } from '../../../src/main/roster/xlsxRows';
import { parseSchedule } from '../../../src/main/staff/schedule';
import * as H from '../../property/hostileFiles';
import { readXlsxWithExceljs } from './exceljsReader';

const KNOWN = new Set<string>(DEMO_STATUS_CODES);
type Outcome = { rows: RawRow[] } | { refused: string };

async function outcome(read: () => Promise<RawRow[]>): Promise<Outcome> {
  try {
    return { rows: await read() };
  } catch (e) {
    if (e instanceof RosterFileError) return { refused: e.reason };
    throw e;
  }
}
const oldWay = (data: Buffer): Promise<Outcome> => outcome(() => readXlsxWithExceljs(data));
const newWay = (data: Buffer): Promise<Outcome> => outcome(() => readTable('r.xlsx', data));

/** Same raw rows, and (when they read) the same parsed roster and schedule. */
async function expectSame(data: Buffer, label: string): Promise<Outcome> {
  const [a, b] = [await oldWay(data), await newWay(data)];
  expect(b, label).toEqual(a);
  if ('rows' in a) {
    const settle = async (f: () => unknown): Promise<unknown> => {
      try {
        return await f();
      } catch (e) {
        if (e instanceof RosterFileError) return { refused: e.reason };
        if (e instanceof GateError) return { refused: e.details };
        throw e;
      }
    };
    // The whole new path (parseRosterFile) against the old rows through the same validation.
    expect(await settle(() => parseRosterFile('r.xlsx', data, KNOWN)), label).toEqual(await settle(() => validateRows(a.rows, KNOWN, undefined)));
    const rowsB = (b as { rows: RawRow[] }).rows;
    expect(await settle(() => parseSchedule(rowsB, 2026)), label).toEqual(await settle(() => parseSchedule(a.rows, 2026)));
  }
  return a;
}

const book = async (build: (wb: ExcelJS.Workbook) => void | Promise<void>): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  await build(wb);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
};

const HEADER = ['楼号', '单元', '室', '姓名', '电话', '身份证号', '户籍', '出入证号', '状态', '车牌'];

describe('xlsx rows: identical to the exceljs path on real and odd-but-valid workbooks', () => {
  it('the demo roster (resources/demo-roster.xlsx): same rows, same parsed roster', async () => {
    const data = readFileSync(join(__dirname, '..', '..', '..', 'resources', 'demo-roster.xlsx'));
    const a = await expectSame(data, 'demo');
    expect('rows' in a && a.rows.length).toBeGreaterThan(100);
    const parsed = await parseRosterFile('demo-roster.xlsx', data, KNOWN);
    expect(parsed.problems).toEqual([]);
  });

  it('title rows, merged titles and buildings, numbers, dates, formulas, rich text, hyperlinks, booleans, errors, empty rows', async () => {
    const data = await book((wb) => {
      const ws = wb.addWorksheet('名册');
      ws.addRow(['XX小区居民名册（2026年）']);
      ws.mergeCells('A1:J1');
      ws.addRow([]);
      ws.addRow(['制表日期', new Date(Date.UTC(2026, 10, 29))]);
      ws.getCell('B3').numFmt = 'yyyy"年"m"月"d"日"';
      ws.addRow(HEADER);
      ws.addRow(['1', '1', '101', { richText: [{ text: '王' }, { text: '  伟', font: { bold: true } }] }, 13912345678, '11010519491231002X', '业主', 'P1', 'black', '沪A12345、沪AD12345']);
      ws.addRow([null, 1, 102, '李　四', '139-1234-5678', Number('110105194912310029') /* an ID stored as a number loses digits */, '租户', { formula: '"P"&"2"', result: 'P2' }, 'white', '']);
      ws.mergeCells('A5:A6'); // the building number spans its rows
      ws.addRow([]);
      ws.addRow(['2', { formula: '1+0', result: 1 }, { formula: 'ROW()', result: 108 }, { text: '张三', hyperlink: 'mailto:z@example.com' }, { formula: 'NA()', result: { error: '#N/A' } }, '', true, 'P3', { formula: 'A1', result: undefined }, '']);
      ws.addRow(['2', '1', 109, '赵六', 2.5, 1e21, false, 'P4', 'black', '京A 12345']);
      ws.addRow(['3', '2', new Date(Date.UTC(2020, 1, 20)), '钱七', '', '', '', 'P5', 'red', '']);
      ws.getCell('C10').numFmt = 'mm-dd-yy';
      ws.addRow(['3', '2', 45000.75, '孙八', '', '', '', 'P6', 'grey', '']);
      ws.getCell('C11').numFmt = 'h:mm';
      ws.addRow(['3', '2', '_x000D_x', 'a\r\nb', '<&>"\'', '', '', 'P7', 'black', '']);
      ws.addRow(['4', '3', '401', '周九', '', '', '', 'P8', 'black', '']);
      ws.getCell('J12').value = { formula: 'C12', result: 401 };
      ws.getCell('K12').value = { sharedFormula: 'J12', result: 401 } as unknown as ExcelJS.CellValue;
    });
    const a = await expectSame(data, 'odd');
    expect('rows' in a && a.rows.some((r) => r.cells.includes('2020-02-20'))).toBe(true);
  });

  it('a 1904-date workbook, several sheets (the first is read), a hidden first sheet', async () => {
    for (const variant of ['1904', 'sheets', 'hidden'] as const) {
      const data = await book((wb) => {
        if (variant === '1904') wb.properties.date1904 = true;
        const first = wb.addWorksheet('名册', { state: variant === 'hidden' ? 'hidden' : 'visible' });
        first.addRow(HEADER);
        first.addRow(['1', '1', new Date(Date.UTC(2021, 0, 2)), '甲', '', '', '', 'P1', 'black', '']);
        first.getCell('C2').numFmt = 'yyyy-mm-dd';
        if (variant !== '1904') wb.addWorksheet('说明').addRow(['不是名册']);
      });
      await expectSame(data, variant);
    }
  });

  it('hand-written parts as Excel, WPS and other writers produce them', async () => {
    const base = await H.goodWorkbook(3);
    const sst = (items: string[]): string =>
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${items.length}" uniqueCount="${items.length}">${items.join('')}</sst>`;
    const head = H.ROSTER_HEADER.map((h) => `<si><t>${h}</t><phoneticPr fontId="1" type="noConversion"/></si>`);
    const variants: Record<string, Buffer> = {
      // Excel (zh-CN): shared strings with phonetic properties, spans, x14ac attributes, extLst.
      excel: H.zip(
        H.unzip(base)
          .filter((e) => e.name !== H.SHEET && e.name !== H.STRINGS)
          .concat([
            { name: H.STRINGS, data: Buffer.from(sst([...head, '<si><t xml:space="preserve"> 王 伟 </t></si>', '<si><r><rPr><b/></rPr><t>李</t></r><r><t>四</t></r><rPh sb="0" eb="1"><t>リ</t></rPh></si>', '<si><t>业主</t></si>', '<si/>'])) },
            {
              name: H.SHEET,
              data: Buffer.from(
                `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><sheetPr><tabColor rgb="FFFF0000"/></sheetPr><dimension ref="A1:I3"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="13.5" x14ac:dyDescent="0.15"/><cols><col min="1" max="9" width="9" customWidth="1"/></cols><sheetData>` +
                  `<row r="1" spans="1:9" x14ac:dyDescent="0.15">${H.ROSTER_HEADER.map((_, i) => `<c r="${String.fromCharCode(65 + i)}1" t="s"><v>${i}</v></c>`).join('')}</row>` +
                  `<row r="2" spans="1:9" ht="20" customHeight="1"><c r="A2"><v>1</v></c><c r="B2" t="str"><f>"1"</f><v>1</v></c><c r="C2"><v>101</v></c><c r="D2" t="s"><v>9</v></c><c r="E2" s="0"/><c r="G2" t="s"><v>11</v></c><c r="H2" t="inlineStr"><is><t>P1</t></is></c><c r="I2" t="e"><v>#N/A</v></c></row>` +
                  `<row r="3"><c r="A3" t="inlineStr"><is><r><t>1</t></r><r><rPr><i/></rPr><t xml:space="preserve"> </t></r></is></c><c r="C3" t="inlineStr"><is><t>102</t></is></c><c r="D3" t="s"><v>10</v></c><c r="F3" t="s"><v>12</v></c><c r="H3" t="str"><v>P&amp;amp;2</v></c><c r="I3" t="b"><v>0</v></c></row>` +
                  `<row r="5" hidden="1"><c r="A5"><f t="shared" ref="A5:A6" si="0">A2+1</f><v>2</v></c><c r="C5"><v>1.0E+2</v></c><c r="D5" t="inlineStr"><is><t>&#x5F20;&#19977;</t></is></c><c r="H5" t="inlineStr"><is><t>P3</t></is></c></row>` +
                  `<row r="6"><c r="A6"><f t="shared" si="0"/><v>3</v></c><c r="D6" t="inlineStr"><is><t>x</t></is></c><c><v>7</v></c></row>` +
                  `</sheetData><phoneticPr fontId="1" type="noConversion"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="portrait"/></worksheet>`,
              ),
            },
          ]),
      ),
      // Inline strings only, no sharedStrings.xml, no styles (some exporters write just this).
      inline: H.zip(H.unzip(base).filter((e) => e.name !== H.STRINGS && e.name !== 'xl/styles.xml' && e.name !== H.SHEET).concat([{ name: H.SHEET, data: Buffer.from(H.sheetXml()) }])),
      // A BOM, comments and CDATA (dropped by both), entities in attributes.
      bom: H.withPart(base, H.SHEET, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(H.sheetXml({ rows: '<!-- a comment --><row r="2"><c r="A2" t="inlineStr"><is><t>1<![CDATA[ignored]]></t></is></c><c r="C2" t="inlineStr"><is><t>101</t></is></c><c r="D2" t="inlineStr"><is><t>甲&amp;乙</t></is></c><c r="H2" t="inlineStr"><is><t>P9</t></is></c></row>' }))])),
      // A leading "/" on part names and the sheet reached through "/xl/worksheets/...".
      slash: H.zip(H.unzip(base).map((e) => ({ ...e, name: e.name === H.SHEET ? `/${e.name}` : e.name, data: e.name === 'xl/_rels/workbook.xml.rels' ? Buffer.from(e.data.toString().replace('Target="worksheets/sheet1.xml"', 'Target="/xl/worksheets/sheet1.xml"')) : e.data }))),
    };
    for (const [name, data] of Object.entries(variants)) {
      const a = await expectSame(data, name);
      expect('rows' in a, `${name}: ${JSON.stringify(a)}`).toBe(true);
    }
  });

  it('a sheet larger than one 64 KiB piece: 3,000 rows with every cell kind read the same', async () => {
    const data = await book((wb) => {
      const ws = wb.addWorksheet('名册');
      ws.addRow(HEADER);
      for (let i = 0; i < 3_000; i++) {
        ws.addRow([String(1 + (i % 9)), i % 4, 101 + i, i % 5 ? `居民${i}` : { richText: [{ text: '居' }, { text: `民${i}` }] }, 13900000000 + i, '', i % 2 ? '业主' : '租户', `P${i}`, 'black', i % 3 ? '' : `沪A${10000 + i}`]);
      }
      ws.mergeCells('A2:A9');
    });
    const a = await expectSame(data, '3000 rows');
    expect('rows' in a && a.rows.length).toBe(3_001);
  });

  it('the XML reader gives the same events however the bytes are split, even inside a character', () => {
    const xml = Buffer.from(
      `\uFEFF<?xml version="1.0"?><!-- c --><worksheet a='1' b="&amp;&#x4E2D;"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>王&lt;伟&#13;\r\n</t></is></c></row>` +
        `<row r="2"><c r="B2"><v>1.5</v></c><c r="C2" t="s"><v>0</v></c></row></sheetData><x><![CDATA[<not/>]]></x><mergeCells><mergeCell ref="A1:B2"/></mergeCells></worksheet>trailing`,
    );
    const record = (pieces: Buffer[]): string[] => {
      const events: string[] = [];
      const h: Handler = {
        wantText: true,
        open: (name, depth, b, from, to) => void events.push(`<${name}@${depth} ${b.toString('utf8', from, to).trim()}`),
        close: (name, depth) => void events.push(`</${name}@${depth}`),
        text: (t) => void events.push(`"${t}"`),
      };
      const r = new XmlReader(h);
      for (const p of pieces) r.write(p);
      r.end();
      return events;
    };
    const whole = record([xml]);
    expect(whole).toContain('"王<伟\r\n"');
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: xml.length - 1 }), { maxLength: 40 }), (cuts) => {
        const at = [0, ...cuts.sort((x, y) => x - y), xml.length];
        expect(record(at.slice(1).map((end, k) => xml.subarray(at[k], end)))).toEqual(whole);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refusals the exceljs path gave: empty sheet, no sheet, too many rows (also through a merge), too many columns', async () => {
    const base = await H.goodWorkbook(3);
    const cases: Record<string, Buffer> = {
      empty: await book((wb) => void wb.addWorksheet('x')),
      styledOnly: H.withPart(base, H.SHEET, H.sheetXml({ rows: '' }).replace(/<sheetData>.*<\/sheetData>/, '<sheetData><row r="1"><c r="A1" s="1"/></row></sheetData>')),
      noSheets: H.zip(H.unzip(base).filter((e) => e.name !== H.SHEET)),
      rows: H.withPart(base, H.SHEET, H.sheetXml({ rows: '<row r="100002"/>' })),
      mergeRows: H.withPart(base, H.SHEET, H.sheetXml({ after: '<mergeCells count="1"><mergeCell ref="B5:B100002"/></mergeCells>' })),
      overlap: H.withPart(base, H.SHEET, H.sheetXml({ after: '<mergeCells count="2"><mergeCell ref="B5:C6"/><mergeCell ref="C6:D7"/></mergeCells>' })),
      columns: H.withPart(base, H.SHEET, H.sheetXml({ rows: `<row r="2"><c r="BN2" t="inlineStr"><is><t>x</t></is></c></row>` })),
      rowWithoutNumber: H.withPart(base, H.SHEET, H.sheetXml({ rows: '<row><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>' })),
      badSharedString: H.withPart(base, H.SHEET, H.sheetXml({ rows: '<row r="2"><c r="A2" t="s"><v>999</v></c></row>' })),
    };
    const seen: Record<string, string> = {};
    for (const [name, data] of Object.entries(cases)) {
      const a = await expectSame(data, name);
      seen[name] = 'refused' in a ? a.refused : 'read';
    }
    expect(seen).toEqual({ empty: 'empty', styledOnly: 'empty', noSheets: 'empty', rows: 'too_many_rows', mergeRows: 'too_many_rows', overlap: 'corrupt', columns: 'too_many_columns', rowWithoutNumber: 'corrupt', badSharedString: 'corrupt' });
  });
});

describe('xlsx rows: the shape is bounded where the reader keeps it', () => {
  const refusal = async (data: Buffer): Promise<{ reason: string; message: string } | 'read'> => {
    try {
      await parseRosterFile('r.xlsx', data, KNOWN);
      return 'read';
    } catch (e) {
      if (e instanceof RosterFileError) return { reason: e.reason, message: e.message };
      throw e;
    }
  };
  const wide = (rows: number, col: string): string =>
    Array.from({ length: rows }, (_, k) => `<row r="${k + 2}"><c r="${col}${k + 2}" t="inlineStr"><is><t>x</t></is></c></row>`).join('');
  /** The reader alone, on a sheet the guard never saw: its own limits must hold. */
  const readerAlone = async (xml: string): Promise<string> => {
    const parts = await guardXlsx(await H.goodWorkbook(3), isNeededPart);
    parts.set(H.SHEET, { method: 0, packed: Buffer.from(xml), size: Buffer.byteLength(xml) });
    try {
      const sheet = await readFirstSheet(parts, MAX_ROWS + 1, MAX_COLUMNS);
      return `read ${sheet?.rows.length} rows, widest ${Math.max(...(sheet?.rows ?? []).map((r) => r.cells.length))}`;
    } catch (e) {
      if (e instanceof XlsxRefused) return e.reason;
      throw e;
    }
  };

  it('a cell at XFD in each of 100,000 rows is refused at its first row (it ran the heap out of memory)', async () => {
    const data = H.withPart(await H.goodWorkbook(3), H.SHEET, H.sheetXml({ rows: wide(100_000, 'XFD') }));
    expect(await refusal(data)).toEqual({ reason: 'too_many_columns', message: 'Row 2 has a value in column 16,384; at most 64 columns' });
    expect(await readerAlone(H.sheetXml({ rows: wide(100_000, 'XFD') }))).toBe('too_many_columns');
  }, 60_000);

  it('past the column limit, blank and styled cells are not kept; a value there, or a merge showing one, is refused as before', async () => {
    const base = await H.goodWorkbook(3);
    const row2 = '<row r="2"><c r="A2" t="inlineStr"><is><t>1</t></is></c><c r="C2" t="inlineStr"><is><t>101</t></is></c><c r="D2" t="inlineStr"><is><t>甲</t></is></c><c r="H2" t="inlineStr"><is><t>P1</t></is></c>';
    const cases: Record<string, Buffer> = {
      styledAtXfd: H.withPart(base, H.SHEET, H.sheetXml({ rows: `${row2}<c r="XFD2" s="1"/></row>` })),
      blankAtXfd: H.withPart(base, H.SHEET, H.sheetXml({ rows: `${row2}<c r="XFD2" t="inlineStr"><is><t>\u3000 </t></is></c></row>` })),
      onlyBlankAtXfd: H.withPart(base, H.SHEET, H.sheetXml({ rows: '' }).replace(/<sheetData>.*<\/sheetData>/, '<sheetData><row r="1"><c r="XFD1" t="inlineStr"><is><t> </t></is></c></row></sheetData>')),
      valueAtBM: H.withPart(base, H.SHEET, H.sheetXml({ rows: `${row2}<c r="BM2"><v>0</v></c></row>` })),
      valueAtBL: H.withPart(base, H.SHEET, H.sheetXml({ rows: `${row2}<c r="BL2"><v>0</v></c></row>` })),
      blankMergeToXfd: H.withPart(base, H.SHEET, H.sheetXml({ after: '<mergeCells count="1"><mergeCell ref="J2:XFD3"/></mergeCells>' })),
      valueMergeToBM: H.withPart(base, H.SHEET, H.sheetXml({ after: '<mergeCells count="1"><mergeCell ref="A2:BM2"/></mergeCells>' })),
      valueMergeToBL: H.withPart(base, H.SHEET, H.sheetXml({ after: '<mergeCells count="1"><mergeCell ref="A2:BL2"/></mergeCells>' })),
    };
    const seen: Record<string, string> = {};
    for (const [name, data] of Object.entries(cases)) {
      if (/blank/i.test(name)) {
        // The one difference: blank text (or a blank merge) past the limit is not kept, where
        // exceljs kept the row 16,384 wide. The roster parsed from it is the same.
        const [a, b] = [await oldWay(data), await newWay(data)];
        const cut = (rows: RawRow[]): RawRow[] =>
          rows
            .map((r) => {
              const cells = r.cells.slice(0, MAX_COLUMNS);
              while (cells.at(-1) === '') cells.pop();
              return { row: r.row, cells };
            })
            .filter((r) => r.cells.length > 0);
        expect({ rows: cut((b as { rows: RawRow[] }).rows) }, name).toEqual({ rows: cut((a as { rows: RawRow[] }).rows) });
        const roster = async (f: () => unknown): Promise<unknown> => {
          try {
            return await f();
          } catch (e) {
            return (e as RosterFileError).reason;
          }
        };
        const parsed = await roster(() => parseRosterFile('r.xlsx', data, KNOWN));
        expect(parsed, name).toEqual(await roster(() => validateRows((a as { rows: RawRow[] }).rows, KNOWN, undefined)));
        seen[name] = typeof parsed === 'string' ? parsed : `${Math.max(...(b as { rows: RawRow[] }).rows.map((r) => r.cells.length))} wide`;
        continue;
      }
      const a = await expectSame(data, name);
      seen[name] = 'refused' in a ? a.refused : `${Math.max(...a.rows.map((r) => r.cells.length))} wide`;
    }
    expect(seen).toEqual({
      styledAtXfd: '9 wide',
      blankAtXfd: '9 wide',
      onlyBlankAtXfd: 'no_header',
      valueAtBM: 'too_many_columns',
      valueAtBL: '64 wide',
      blankMergeToXfd: '64 wide',
      valueMergeToBM: 'too_many_columns',
      valueMergeToBL: '64 wide',
    });
  }, 60_000);

  it('a merge to XFD100001 is refused however its attributes are written (the guard read 0 cells in some; filling it ran the heap out of memory)', async () => {
    const base = await H.goodWorkbook(3);
    const hiddenByComment = `<!-- <x a=' --><mergeCells count="1"><mergeCell ref="C3:XFD100001"/></mergeCells><!-- ' -->`;
    const variants = ['ref="C3:XFD100001"', "ref='C3:XFD100001'", 'x=">" ref="C3:XFD100001"', "x='>' ref='C3:XFD100001'", 'ref="C3:&#88;FD100001"', 'ref="C3:XFD100001" x="/"'];
    const afters = [...variants.map((attr) => `<mergeCells count="1"><mergeCell ${attr}/></mergeCells>`), hiddenByComment];
    for (const after of afters) {
      expect(await refusal(H.withPart(base, H.SHEET, H.sheetXml({ after }))), after).toMatchObject({ reason: 'too_large' });
      // Without the guard, the reader refuses it before filling anything in (C3 blank: cut at the
      // column limit, 99,999 × 62 cells are still over the budget).
      expect(await readerAlone(H.sheetXml({ rows: '', after })), after).toBe('too_large');
    }
  }, 60_000);

  it('the reader bounds the merged cells it fills in: within the object budget read, beyond refused', async () => {
    // Blank-mastered merges of 40 rows × 62 columns (C..BL once cut at the column limit), stacked.
    const merges = (n: number): string => `<mergeCells count="${n}">${Array.from({ length: n }, (_, k) => `<mergeCell ref="C${4 + 40 * k}:XFD${43 + 40 * k}"/>`).join('')}</mergeCells>`;
    const fits = Math.floor(XLSX_LIMITS.maxObjects / (40 * 62));
    expect(await readerAlone(H.sheetXml({ after: merges(fits) }))).toBe(`read ${3 + 40 * fits} rows, widest 64`);
    expect(await readerAlone(H.sheetXml({ after: merges(fits + 1) }))).toBe('too_large');
    expect(await readerAlone(H.sheetXml({ after: merges(XLSX_LIMITS.maxMerges + 1).replace(/XFD/g, 'C') }))).toBe('too_large');
  }, 60_000);
});

/**
 * Whether JSZip (under exceljs) saw other parts than the central directory lists: it takes names
 * from the local headers and treats entries its attributes call directories as absent, so damage
 * there hid a part from exceljs (shared strings then read as their indices). xlsxGuard and the new
 * reader go by the central directory, the one the guard checked.
 */
async function jszipSeesOtherParts(buf: Buffer): Promise<boolean> {
  let seen: string[];
  try {
    const zip = await JSZip.loadAsync(buf);
    seen = Object.values(zip.files).filter((f) => !f.dir).map((f) => f.name.replace(/^\//, ''));
  } catch {
    return true;
  }
  const central: string[] = [];
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  for (let pos = buf.readUInt32LE(eocd + 16); pos + 46 <= buf.length && buf.readUInt32LE(pos) === 0x02014b50; ) {
    const nameLen = buf.readUInt16LE(pos + 28);
    const name = buf.toString('utf8', pos + 46, pos + 46 + nameLen).replace(/^\//, '');
    if (!name.endsWith('/')) central.push(name);
    pos += 46 + nameLen + buf.readUInt16LE(pos + 30) + buf.readUInt16LE(pos + 32);
  }
  return [...new Set(seen)].sort().join('\n') !== [...new Set(central)].sort().join('\n');
}

function colName(n: number): string {
  let s = '';
  for (let v = n; v > 0; v = Math.floor((v - 1) / 26)) s = String.fromCharCode(65 + ((v - 1) % 26)) + s;
  return s;
}

describe('xlsx rows: the file fuzz corpus, old reader against new', () => {
  it('generated sheets, hostile XML and damaged bytes: the same rows, or a refusal, never other data', async () => {
    const good = await H.goodWorkbook(20);
    const demo = readFileSync(join(__dirname, '..', '..', '..', 'resources', 'demo-roster.xlsx'));
    const baseRows = new Map<Buffer, RawRow[]>();
    for (const b of [good, demo]) baseRows.set(b, ((await oldWay(b)) as { rows: RawRow[] }).rows);
    // Mostly small ranges (a building over a few rows); large ones overlap and are refused by both.
    const ref = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 4 }), fc.boolean())
      .map(([c, r, w, h, flip]) => (flip ? `${colName(c + w)}${r + h}:${colName(c)}${r}` : `${colName(c)}${r}:${colName(c + w)}${r + h}`));
    const cellXml = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom('', ' t="s"', ' t="str"', ' t="inlineStr"', ' t="b"', ' t="e"', ' t="n"', ' s="1"', ' t="s" s="2"'), fc.constantFrom('', '<v>0</v>', '<v>3</v>', '<v>1.5</v>', '<v>x</v>', '<v>44000</v>', '<is><t>甲</t></is>', '<is><r><t>a</t></r><r><t>b</t></r></is>', '<f>1+1</f><v>2</v>', '<f>A1</f>', '<f t="shared" si="0"/><v>7</v>'), fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }))
      .map(([c, t, body, withRef]) => `<c${withRef ? ` r="${colName(c)}ROW"` : ''}${t}>${body}</c>`);
    const rowsXml = fc.array(fc.tuple(fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 30 }) }, { weight: 1, arbitrary: fc.constant(0) }), fc.array(cellXml, { maxLength: 6 })), { maxLength: 8 })
      .map((rows) => rows.map(([r, cells]) => `<row r="${r}">${cells.map((c) => c.replace('ROW', String(r))).join('')}</row>`).join(''));
    // Cases are descriptions, built inside the property, so a failure prints the description, not the bytes.
    type Case =
      | { arm: 'generated'; rows: string; merges: string[] }
      | { arm: 'junk'; where: string; xml: string }
      | { arm: 'bytes'; base: 'good' | 'demo'; at: number; junk: number[] };
    const bases = { good, demo };
    const build = (c: Case): Buffer => {
      if (c.arm === 'generated') return H.withPart(good, H.SHEET, H.sheetXml({ rows: c.rows, after: c.merges.length ? `<mergeCells count="${c.merges.length}">${c.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '' }));
      if (c.arm === 'junk') return H.withPart(good, c.where, c.xml);
      const buf = Buffer.from(bases[c.base]);
      Buffer.from(c.junk).copy(buf, Math.floor((c.at / 1_000_001) * (buf.length - 1)));
      return buf;
    };
    const file: fc.Arbitrary<Case> = fc.oneof(
      // Well-formed sheets of every cell kind, rows out of order or repeated, merges (overlapping ones too).
      fc.record({ arm: fc.constant('generated' as const), rows: rowsXml, merges: fc.array(ref, { maxLength: 3 }) }),
      // The file fuzz's junk XML in each part the reader uses.
      fc.record({ arm: fc.constant('junk' as const), xml: fc.string({ unit: fc.constantFrom('<', '>', '/', 'c', 'row', ' r="A1"', '"', '!', '?', '&', ';', 'x', ':', '\u0000', '\uFFFF', '\uD800', 'sheetData', 'worksheet', 'si', 't', 'sst'), maxLength: 400 }), where: fc.constantFrom(H.SHEET, H.STRINGS, 'xl/workbook.xml', 'xl/styles.xml') }),
      // The file fuzz's overwritten bytes, anywhere in a real workbook.
      fc.record({ arm: fc.constant('bytes' as const), base: fc.constantFrom('good' as const, 'demo' as const), at: fc.nat({ max: 1_000_000 }), junk: fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 16 }) }),
    );
    const t = { cases: 0, sameRows: 0, sameRefusal: 0, otherRefusal: 0, stricter: 0, readPastDamage: 0, localNames: 0, examples: [] as string[] };
    await fc.assert(
      fc.asyncProperty(file, async (c) => {
        t.cases++;
        const data = build(c);
        const [a, b] = [await oldWay(data), await newWay(data)];
        const base = baseRows.get(c.arm === 'bytes' ? bases[c.base] : good);
        if ('rows' in a && 'rows' in b) {
          // exceljs took part names from the local headers; a damaged local name hid a part from it
          // (shared strings read as their indices). The new reader uses the checked central directory.
          if (JSON.stringify(a.rows) !== JSON.stringify(b.rows) && c.arm === 'bytes' && (await jszipSeesOtherParts(data))) {
            expect(b.rows).toEqual(base);
            t.localNames++;
          } else {
            expect(b.rows).toEqual(a.rows);
            t.sameRows++;
          }
        } else if ('refused' in a && 'refused' in b) {
          if (a.refused === b.refused) t.sameRefusal++;
          else t.otherRefusal++;
        } else if ('rows' in b) {
          // exceljs refused over a part an import does not use (a theme, docProps, the end record's
          // comment length): what the new reader reads must be the undamaged workbook's rows.
          expect(c.arm, `${JSON.stringify(a)} → read`).not.toBe('generated');
          expect(b.rows).toEqual(base);
          t.readPastDamage++;
        } else {
          // Stricter: a part the reader uses must be well-formed XML, even where exceljs did not
          // need it (an empty styles.xml), and it names parts by the central directory.
          expect(c.arm, `read → ${JSON.stringify(b)}`).not.toBe('generated');
          t.stricter++;
          if (t.examples.length < 5) t.examples.push(`${c.arm}: read → ${b.refused}`);
        }
      }),
      { numRuns: Number(process.env.XLSX_DIFF_RUNS ?? 3_000) },
    );
    console.log(
      `xlsx rows vs exceljs: ${t.cases.toLocaleString('en')} cases, ${t.sameRows} read the same rows, ${t.sameRefusal} refused alike, ${t.otherRefusal} refused for another reason, ` +
        `${t.readPastDamage} read the undamaged rows past damage exceljs refused, ${t.localNames} read the right part where a damaged local name misled exceljs, ${t.stricter} refused where exceljs read`,
    );
    expect(t.sameRows).toBeGreaterThan(t.cases / 10);
  }, 600_000);
});
