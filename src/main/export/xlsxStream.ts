/**
 * A streaming XLSX writer for big plain tables (the entry-log export): every cell is an inline
 * string (`t="inlineStr"`), so there is no shared-strings table growing with the file, and rows
 * are written as SpreadsheetML text straight into a deflating zip entry. What it gives up against
 * exceljs: numbers, dates, formulas, merged cells and per-cell styles (the header row is bold; that
 * is the only style). The committee's small forms and the daily report keep using exceljs.
 *
 * A sheet holds at most 1,048,576 rows (Excel's limit); longer tables continue on further sheets
 * named "<name> (2)", "<name> (3)"…, each starting with the header row again.
 */
import type { Writable } from 'node:stream';
import { ZipWriter, type ZipEntryStream } from './zip';

export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_CHARS = 32_767;
/** Text gathered before it is handed to zlib: large enough that per-write overhead vanishes. */
const FLUSH_CHARS = 1 << 18;

export type XlsxTableSpec = {
  sheetName: string;
  headers: readonly string[];
  /** Column widths in characters. */
  widths?: readonly number[];
  /** Rows per sheet including the header; Excel's limit unless a test needs a small one. */
  maxRowsPerSheet?: number;
  /** zlib level (see zip.ts). */
  level?: number;
  date?: Date;
  /** Tests only (see zip.ts). */
  maxBytes?: number;
};

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// Characters XML 1.0 cannot carry at all (so they are dropped), the markup characters, CR (which
// an XML parser would turn into LF unless written as a reference), and Excel's own _xHHHH_ escape
// (which Excel would decode, so a literal one is protected by escaping its underscore).
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const MARKUP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/** Text for an XML text node or attribute value, as Excel reads it back. */
export function xmlText(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  return s
    .replace(NOT_XML, '')
    .replace(/_x([0-9a-fA-F]{4})_/g, '_x005F_x$1_')
    .replace(/[&<>\r]/g, (c) => MARKUP[c]!);
}

/** A1-style column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export class XlsxTableWriter {
  private readonly zip: ZipWriter;
  private readonly maxRows: number;
  private readonly cellOpen: string[];
  private sheet: ZipEntryStream | null = null;
  private sheets = 0;
  private rowInSheet = 0;
  private rows = 0;
  private text = '';

  constructor(
    out: Writable,
    private readonly spec: XlsxTableSpec,
  ) {
    this.zip = new ZipWriter(out, { level: spec.level ?? 1, date: spec.date, maxBytes: spec.maxBytes });
    this.maxRows = Math.min(spec.maxRowsPerSheet ?? EXCEL_MAX_ROWS, EXCEL_MAX_ROWS);
    if (this.maxRows < 2) throw new Error('a sheet must hold the header and at least one row');
    this.cellOpen = spec.headers.map((_, i) => `<c r="${columnName(i)}`);
  }

  /** Adds rows (one string per column; '' leaves the cell empty), starting sheets as needed. */
  async addRows(rows: ReadonlyArray<readonly string[]>): Promise<void> {
    if (!this.sheet) await this.startSheet();
    for (const cells of rows) {
      if (this.rowInSheet === this.maxRows) {
        await this.endSheet();
        await this.startSheet();
      }
      this.rowInSheet += 1;
      this.rows += 1;
      this.text += this.rowXml(cells, this.rowInSheet, '');
    }
    if (this.text.length >= FLUSH_CHARS) await this.flush();
  }

  /** Ends the last sheet and writes the workbook parts; the caller then ends the output. */
  async finish(): Promise<{ rows: number; sheets: number }> {
    if (!this.sheet) await this.startSheet();
    await this.endSheet();
    const names = Array.from({ length: this.sheets }, (_, i) => this.sheetName(i));
    const sheetParts = names.map((_, i) => `xl/worksheets/sheet${i + 1}.xml`);
    await this.zip.file(
      '[Content_Types].xml',
      `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheetParts
          .map(
            (p) =>
              `<Override PartName="/${p}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '</Types>',
    );
    await this.zip.file(
      '_rels/.rels',
      `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">` +
        `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    );
    await this.zip.file(
      'xl/workbook.xml',
      `${XML_DECL}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews><sheets>` +
        names.map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    );
    await this.zip.file(
      'xl/_rels/workbook.xml.rels',
      `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">` +
        sheetParts
          .map((p, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="${p.slice(3)}"/>`)
          .join('') +
        `<Relationship Id="rId${names.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`,
    );
    await this.zip.file('xl/styles.xml', STYLES);
    await this.zip.finish();
    return { rows: this.rows, sheets: this.sheets };
  }

  /** Stops writing after a cancel or a failure. */
  destroy(): void {
    this.zip.destroy();
  }

  private sheetName(i: number): string {
    return i === 0 ? this.spec.sheetName : `${this.spec.sheetName} (${i + 1})`;
  }

  private rowXml(cells: readonly string[], r: number, style: string): string {
    // The part after the column letters is the same for every cell of the row: built once.
    const mid = `${r}"${style} t="inlineStr"><is><t`;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < cells.length; i++) {
      let v = cells[i]!;
      if (v === '') continue;
      // Excel refuses (and "repairs" away) a cell longer than this.
      if (v.length > EXCEL_MAX_CHARS) v = v.slice(0, EXCEL_MAX_CHARS);
      // Leading or trailing blanks survive only with xml:space="preserve".
      const t = v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32 ? ' xml:space="preserve">' : '>';
      xml += `${this.cellOpen[i] ?? `<c r="${columnName(i)}`}${mid}${t}${xmlText(v)}</t></is></c>`;
    }
    return `${xml}</row>`;
  }

  private async startSheet(): Promise<void> {
    this.sheets += 1;
    this.rowInSheet = 1;
    this.sheet = await this.zip.stream(`xl/worksheets/sheet${this.sheets}.xml`);
    const widths = this.spec.widths ?? [];
    const cols = widths.length
      ? `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`
      : '';
    // The header row stays frozen on screen while the rows scroll.
    this.text =
      `${XML_DECL}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheetViews><sheetView workbookViewId="0"${this.sheets === 1 ? ' tabSelected="1"' : ''}>` +
      '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
      '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
      `<sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData>${this.rowXml(this.spec.headers, 1, ' s="1"')}`;
  }

  private async endSheet(): Promise<void> {
    this.text += '</sheetData></worksheet>';
    await this.flush();
    await this.sheet!.end();
    this.sheet = null;
  }

  private async flush(): Promise<void> {
    const text = this.text;
    this.text = '';
    if (text) await this.sheet!.write(text);
  }
}

/** Two cell formats: 0 plain, 1 bold (the header row). */
const STYLES =
  `${XML_DECL}<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';
