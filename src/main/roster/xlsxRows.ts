/**
 * The first worksheet of an .xlsx as rows of cell text, read from the parts xlsxGuard inflated and
 * checked: one pass over the sheet's bytes, no object per cell beyond its text. exceljs's
 * `wb.xlsx.load` built a model of the whole workbook (every sheet, style and cell object) and needed
 * ~0.8 GB RSS for a 100,000-row roster on a gate box that also runs the gate checks.
 *
 * The cell text is what the exceljs path produced, rule for rule, so imports read exactly as before:
 * the first sheet in workbook.xml's order whose part is xl/worksheets/sheetN.xml; shared and inline
 * strings (rich text joined, _xHHHH_ escapes decoded where exceljs decoded them); numbers, booleans
 * and errors; dates where the cell's number format is a date format (exceljs's isDateFmt and its
 * table of built-in formats) and the 1904 date system; cached formula results; hyperlinked and
 * merged cells (each cell of a merge reads as its top-left cell). Where exceljs threw (overlapping
 * merges, a row without a number, a shared-string index out of range, a hyperlink without its
 * relationship, ...) this refuses the file as corrupt. Where exceljs silently lost data (an element
 * it did not know inside a cell ended its row parser early) or failed on parts an import never uses
 * (other sheets, drawings, comments), this reads the sheet by the schema instead.
 */
import { cellValueText, normaliseCell } from './normalise';
import { inflatePart, streamPart, XLSX_LIMITS, XlsxRefused, type PackagePart } from './xlsxGuard';

export class XlsxUnreadable extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'XlsxUnreadable';
  }
}
const bad = (why: string): XlsxUnreadable => new XlsxUnreadable(why);

export type SheetRows = {
  /**
   * Rows holding at least one cell (exceljs's `eachRow`), ascending; cells dense, '' for gaps.
   * Left empty when `lastRow` is beyond the caller's limit: those cells are never kept.
   */
  rows: { row: number; cells: string[] }[];
  /** Whether any row holds a cell (exceljs's `actualRowCount > 0`). */
  hasValues: boolean;
  /** The highest row number the sheet (or a merge) names, empty or not (exceljs's `rowCount`). */
  lastRow: number;
};

/** The parts the reader needs; xlsxGuard keeps these while it checks them. */
export function isNeededPart(name: string): boolean {
  return (
    name === 'xl/workbook.xml' ||
    name === 'xl/_rels/workbook.xml.rels' ||
    name === 'xl/sharedStrings.xml' ||
    name === 'xl/styles.xml' ||
    WORKSHEET.test(name) ||
    WORKSHEET_RELS.test(name)
  );
}
// exceljs's own patterns (unanchored, as there).
const WORKSHEET = /xl\/worksheets\/sheet(\d+)[.]xml/;
const WORKSHEET_RELS = /xl\/worksheets\/_rels\/sheet(\d+)[.]xml.rels/;

// ---- XML ----------------------------------------------------------------------------------------

export type Handler = {
  /** `depth` 0 is the root; the tag's attributes are `b` from `from` to `to` (parseAttrs reads them). */
  open(name: string, depth: number, b: Buffer, from: number, to: number): void;
  close(name: string, depth: number): void;
  /** Decoded text of the current element, only while `wantText` is true. */
  text(s: string): void;
  wantText: boolean;
};

const LT = 0x3c;
const GT = 0x3e;
const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
// Characters XML forbids (saxes, under exceljs, refused them).
// eslint-disable-next-line no-control-regex -- these control characters are exactly what is refused
const NOT_XML_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&<]*)(;?)/g, (_, ref: string, semi: string) => {
    if (!semi) throw bad('an & that is not an entity');
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const ok = /^#(x[0-9a-fA-F]+|[0-9]+)$/.test(ref) && (code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff));
      if (!ok) throw bad('a character reference to a character XML forbids');
      return String.fromCodePoint(code);
    }
    const e = ENTITIES[ref];
    if (e === undefined) throw bad(`an undefined entity &${ref};`);
    return e;
  });
}

function decodeText(b: Buffer, from: number, to: number): string {
  let s = b.toString('utf8', from, to);
  if (NOT_XML_CHAR.test(s)) throw bad('a character XML forbids');
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n'); // XML line-end normalisation
  return decodeEntities(s);
}

/**
 * Calls `each` for every attribute of a tag, checking the syntax saxes (under exceljs) checked.
 * xlsxGuard reads the attributes it bounds through this too, so the two never read a tag differently.
 */
export function eachAttr(b: Buffer, from: number, to: number, each: (name: string, value: string) => void): void {
  let i = from;
  const seen: string[] = [];
  for (;;) {
    const before = i;
    while (i < to && isSpace(b[i])) i++;
    if (i >= to) return;
    if (i === before) throw bad('attributes run together');
    const nameStart = i;
    while (i < to && b[i] !== 0x3d && !isSpace(b[i])) i++;
    const name = nameOf(b, nameStart, i);
    while (i < to && isSpace(b[i])) i++;
    if (b[i] !== 0x3d || !name) throw bad('an attribute without a value');
    i++;
    while (i < to && isSpace(b[i])) i++;
    const q = b[i];
    if (q !== 0x22 && q !== 0x27) throw bad('an unquoted attribute');
    const end = b.indexOf(q, i + 1);
    if (end < 0 || end >= to) throw bad('an unterminated attribute');
    let raw = asciiOnly(b, i + 1, end) ? b.toString('latin1', i + 1, end) : b.toString('utf8', i + 1, end);
    if (raw.includes('<') || NOT_XML_CHAR.test(raw)) throw bad('a character XML forbids in an attribute');
    if (seen.includes(name) || name in Object.prototype) throw bad('a repeated attribute, or one named like an object property');
    seen.push(name);
    // Attribute-value normalisation: literal tabs and line ends read as spaces; references do not.
    if (/[\t\n\r]/.test(raw)) raw = raw.replace(/\r\n|[\t\n\r]/g, ' ');
    each(name, decodeEntities(raw));
    i = end + 1;
  }
}

function parseAttrs(b: Buffer, from: number, to: number): Record<string, string> {
  const out: Record<string, string> = {};
  eachAttr(b, from, to, (name, value) => {
    out[name] = value;
  });
  return out;
}

/** Element and attribute names of SpreadsheetML, interned: a sheet repeats a few of them millions of times. */
const NAMES = new Map<string, string>(
  ['c', 'v', 'f', 't', 'r', 's', 'is', 'row', 'si', 'rPr', 'rPh', 'spans', 'ht', 'customHeight', 'x14ac:dyDescent'].map((n) => [n, n]),
);
function nameOf(b: Buffer, from: number, to: number): string {
  const len = to - from;
  if (len === 1) {
    const c = b[from]!;
    if (c === 0x63) return 'c';
    if (c === 0x76) return 'v';
    if (c === 0x72) return 'r';
    if (c === 0x73) return 's';
    if (c === 0x74) return 't';
    if (c === 0x66) return 'f';
  } else if (len === 3 && b[from] === 0x72 && b[from + 1] === 0x6f && b[from + 2] === 0x77) return 'row';
  else if (len === 2 && b[from] === 0x69 && b[from + 1] === 0x73) return 'is';
  const name = b.toString('latin1', from, to);
  return NAMES.get(name) ?? name;
}

function asciiOnly(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i]! >= 0x80) return false;
  return true;
}

/** No token (a tag, a run of text, a comment) of a roster comes near this; Excel caps a cell at 32,767 characters. */
const MAX_TOKEN = 1024 * 1024;

/**
 * A strict, non-validating pass over one part, fed in pieces: elements, attributes, text, the five
 * predefined entities and character references. Comments and processing instructions are skipped;
 * CDATA is dropped (exceljs never listened for it); a DTD is refused (xlsxGuard refuses it first).
 * Parsing stops when the root element closes, as exceljs did. A token is handled once it is whole;
 * an unfinished one waits for the next piece, up to MAX_TOKEN bytes.
 */
export class XmlReader {
  private pending: Buffer | null = null;
  private readonly stack: string[] = [];
  private rooted = false;
  private done = false;
  private first = true;

  constructor(private readonly h: Handler) {}

  write(chunk: Buffer): void {
    if (this.done) return;
    let b = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    if (this.first && b.length >= 3) {
      this.first = false;
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    }
    const used = this.run(b, false);
    this.pending = used < b.length ? b.subarray(used) : null;
    if (this.pending && this.pending.length > MAX_TOKEN) throw bad('a single tag or text over 1 MiB');
  }

  end(): void {
    if (this.done) return;
    if (this.pending) this.run(this.pending, true);
    if (!this.done) throw bad('the XML ends early');
  }

  /** Handles the whole tokens in `b`; returns how far it got. */
  private run(b: Buffer, final: boolean): number {
    const { h, stack } = this;
    const n = b.length;
    let i = 0;
    while (i < n && !this.done) {
      if (b[i] !== LT) {
        const j = b.indexOf(LT, i);
        if (j < 0 && !final) return i;
        const end = j < 0 ? n : j;
        if (stack.length === 0) {
          for (let k = i; k < end; k++) if (!isSpace(b[k])) throw bad('text outside the root element');
        } else if (h.wantText) h.text(decodeText(b, i, end));
        i = end;
        continue;
      }
      if (n - i < 9 && !final && b.indexOf(GT, i) < 0) return i; // too little to tell what this is
      const c1 = b[i + 1];
      if (c1 === 0x21) {
        // '<!'
        let close: string;
        if (b[i + 2] === 0x2d && b[i + 3] === 0x2d) close = '-->';
        else if (b.toString('latin1', i + 2, i + 9) === '[CDATA[') {
          if (stack.length === 0) throw bad('CDATA outside the root element');
          close = ']]>';
        } else throw bad('a DTD or declaration, which Excel never writes');
        const end = b.indexOf(close, i + 4, 'latin1');
        if (end < 0) {
          if (final) throw bad('an unterminated comment or CDATA');
          return i;
        }
        i = end + 3;
        continue;
      }
      if (c1 === 0x3f) {
        // '<?'
        const end = b.indexOf('?>', i + 2, 'latin1');
        if (end < 0) {
          if (final) throw bad('an unterminated processing instruction');
          return i;
        }
        i = end + 2;
        continue;
      }
      if (c1 === 0x2f) {
        // '</name>'
        const end = b.indexOf(GT, i + 2);
        if (end < 0) {
          if (final) throw bad('an unterminated end tag');
          return i;
        }
        let k = end;
        while (k > i + 2 && isSpace(b[k - 1])) k--;
        const name = nameOf(b, i + 2, k);
        if (stack.pop() !== name) throw bad(`a mismatched end tag </${name}>`);
        h.close(name, stack.length);
        if (stack.length === 0) this.done = true;
        i = end + 1;
        continue;
      }
      // A start tag: its end is the first '>' outside quotes.
      let j = i + 1;
      let quote = 0;
      for (; j < n; j++) {
        const c = b[j]!;
        if (quote) {
          if (c === quote) quote = 0;
        } else if (c === 0x22 || c === 0x27) quote = c;
        else if (c === GT) break;
        else if (c === LT) throw bad('a < inside a tag');
      }
      if (j >= n) {
        if (final) throw bad('an unterminated start tag');
        return i;
      }
      const selfClosing = b[j - 1] === 0x2f;
      let k = i + 1;
      while (k < j && !isSpace(b[k]) && b[k] !== 0x2f) k++;
      const name = nameOf(b, i + 1, k);
      if (!name || name.includes('"') || name.includes("'") || name.includes('=')) throw bad('a start tag without a name');
      if (stack.length === 0 && this.rooted) throw bad('a second root element');
      this.rooted = true;
      const depth = stack.length;
      h.open(name, depth, b, k, selfClosing ? j - 1 : j);
      if (selfClosing) {
        h.close(name, depth);
        if (depth === 0) this.done = true;
      } else stack.push(name);
      i = j + 1;
    }
    return i;
  }
}

function parseXml(b: Buffer, h: Handler): void {
  const r = new XmlReader(h);
  r.write(b);
  r.end();
}

/** exceljs's TextXform: `_xHHHH_` escapes (upper-case hex only) decoded in shared strings and runs. */
const unescapeX = (s: string): string => s.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

// ---- Package parts ------------------------------------------------------------------------------

function relationships(part: Buffer | undefined): Map<string, string | undefined> {
  const rels = new Map<string, string | undefined>();
  if (!part) return rels;
  parseXml(part, {
    wantText: false,
    open(name, depth, b, from, to) {
      if (depth === 1 && name === 'Relationship') {
        const a = parseAttrs(b, from, to);
        rels.set(String(a.Id), a.Target); // exceljs keyed by Id as given, even a missing one
      }
    },
    close() {},
    text() {},
  });
  return rels;
}

type Workbook = { sheets: { id: number; rId: string | undefined }[]; date1904: boolean };

function workbook(part: Buffer | undefined): Workbook {
  const wb: Workbook = { sheets: [], date1904: false };
  if (!part) return wb;
  parseXml(part, {
    wantText: false,
    open(name, depth, b, from, to) {
      if (depth === 1 && name === 'workbookPr') wb.date1904 = parseAttrs(b, from, to).date1904 === '1';
      if (depth === 2 && name === 'sheet') {
        const a = parseAttrs(b, from, to);
        if (a.name === undefined) throw bad('a sheet without a name');
        wb.sheets.push({ id: parseInt(a.sheetId ?? '', 10), rId: a['r:id'] });
      }
    },
    close() {},
    text() {},
  });
  return wb;
}

/**
 * The part exceljs's `wb.worksheets[0]` came from: sheets are ordered as workbook.xml lists them,
 * reached through their relationship, and only xl/worksheets/sheetN.xml parts count (a chartsheet
 * or a part named otherwise is skipped). A sheetId that is not a positive integer dropped the sheet.
 */
function firstSheetName(parts: ReadonlyMap<string, PackagePart>, wb: Workbook, rels: Map<string, string | undefined>): string | undefined {
  const byPart = new Map<string, number>(); // part → sheetId of the last <sheet> naming it
  for (const s of wb.sheets) {
    if (!rels.has(String(s.rId))) continue;
    const target = rels.get(String(s.rId));
    if (target === undefined) throw bad('a sheet relationship without a target');
    const name = `xl/${target.replace(/^(\s|\/xl\/)+/, '')}`;
    if (WORKSHEET.test(name) && parts.has(name)) byPart.set(name, s.id);
  }
  const byId = new Map<number, string>(); // a later part with the same sheetId replaced an earlier one
  for (const name of parts.keys()) {
    const id = byPart.get(name);
    if (id !== undefined && Number.isInteger(id) && id >= 1 && id <= 2 ** 32 - 2) byId.set(id, name);
  }
  let best: { order: number; id: number; name: string } | undefined;
  for (const [id, name] of byId) {
    const order = wb.sheets.findIndex((s) => s.id === id);
    if (!best || order < best.order || (order === best.order && id < best.id)) best = { order, id, name };
  }
  return best?.name;
}

/** Shared strings as the text each shows (rich runs joined, phonetic guides left out). */
function sharedStrings(part: Buffer): string[] {
  const out: string[] = [];
  let plain: string | undefined;
  let runs: string[] | null = null;
  let text: string[] | null = null;
  let skipBelow = -1;
  parseXml(part, {
    wantText: false,
    open(name, depth) {
      if (skipBelow >= 0) return;
      if (depth === 0) {
        if (name !== 'sst') throw bad('sharedStrings has no <sst> root');
      } else if (depth === 1) {
        if (name !== 'si') throw bad(`an unexpected <${name}> in sharedStrings`);
        plain = undefined;
        runs = null;
      } else if (depth === 2 && name === 't') {
        text = [];
        this.wantText = true;
      } else if (depth === 2 && name === 'r') {
        if (plain !== undefined) throw bad('a rich-text run after plain text'); // exceljs threw here
        (runs ??= []).push('');
      } else if (depth === 3 && name === 't' && runs) {
        text = [];
        this.wantText = true;
      } else skipBelow = depth; // rPh (phonetic guide), rPr, phoneticPr, extLst
    },
    close(name, depth) {
      if (skipBelow >= 0) {
        if (depth === skipBelow) skipBelow = -1;
        return;
      }
      if (name === 't' && text) {
        const s = unescapeX(text.join(''));
        if (depth === 2) {
          plain = s; // a <t> replaced whatever the <si> held
          runs = null;
        } else runs![runs!.length - 1] = s;
        text = null;
        this.wantText = false;
      } else if (depth === 1) out.push(plain ?? (runs ? runs.join('') : ''));
    },
    text(s) {
      text!.push(s);
    },
  });
  return out;
}

/** exceljs's utils.isDateFmt. */
function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const f = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(f);
}
/** Built-in number formats exceljs knows a code for and whose code is a date (its defaultnumformats). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

type Styles = { isDate: boolean[] };

/** For each cell style (cellXfs index), whether its number format makes numbers dates. */
function styles(part: Buffer): Styles {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inXfs = false;
  parseXml(part, {
    wantText: false,
    open(name, depth, b, from, to) {
      if (depth === 1) inXfs = name === 'cellXfs';
      if (depth === 2 && name === 'numFmt') {
        const a = parseAttrs(b, from, to);
        if (a.formatCode === undefined) throw bad('a number format without a code');
        custom.set(parseInt(a.numFmtId ?? '', 10), a.formatCode.replace(/[\\](.)/g, '$1'));
      }
      if (depth === 2 && inXfs && name === 'xf') xfFormats.push(parseInt(parseAttrs(b, from, to).numFmtId ?? '', 10));
    },
    close(_name, depth) {
      if (depth === 1) inXfs = false;
    },
    text() {},
  });
  return {
    isDate: xfFormats.map((id) => {
      if (!id) return false;
      const fmt = custom.get(id);
      return fmt ? isDateFmt(fmt) : BUILTIN_DATE_FORMATS.has(id);
    }),
  };
}

// ---- The sheet ----------------------------------------------------------------------------------

/** exceljs's colCache.decodeAddress, column part: capitals before the first digit, '$' ignored. */
function addressColumn(ref: string): number | undefined {
  let col = 0;
  let hasCol = false;
  let hasRow = false;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (!hasRow && c >= 65 && c <= 90) {
      hasCol = true;
      col = col * 26 + c - 64;
    } else if (c >= 48 && c <= 57) hasRow = true;
    else if (hasRow && hasCol && c !== 36) break;
  }
  return hasCol ? col : undefined;
}

const MERGE_REF = /^\$?([A-Z]{1,3})\$?([1-9]\d{0,6})(?::\$?([A-Z]{1,3})\$?([1-9]\d{0,6}))?$/;
const letters = (s: string): number => [...s].reduce((v, ch) => v * 26 + ch.charCodeAt(0) - 64, 0);

type Cell = {
  ref: string | undefined;
  t: string | undefined;
  style: number;
  value: string | undefined;
  /** Rich-text runs of an inline string (exceljs kept them apart from `value`). */
  runs: string[] | null;
  formula: boolean;
};

/** The value exceljs's CellXform made of a cell's XML, fed to the same cellValueText as before. */
/** exceljs's utils.excelToDate, with the same coercion of whatever the cell held. */
function excelDate(v: unknown, date1904: boolean): Date {
  return new Date(Math.round(((v as number) - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

function cellText(c: Cell, sst: string[] | undefined, st: Styles | undefined, date1904: boolean): string | null {
  const isDate = !!c.style && !!st && (st.isDate[c.style] ?? false);
  const raw: unknown = c.runs ? { richText: c.runs.map((text) => ({ text })) } : c.value;
  if (c.formula) {
    if (!raw) return '';
    let result: unknown;
    if (c.t === 'str') {
      if (typeof raw !== 'string') throw bad('a rich formula result');
      result = xmlDecode(raw);
    } else if (c.t === 'b') result = parseInt(raw as string, 10) !== 0;
    else if (c.t === 'e') return '';
    else result = parseFloat(raw as string);
    return cellValueText(isDate ? excelDate(result, date1904) : result);
  }
  if (raw === undefined) return null; // no cell (exceljs: a Null or Merge cell, never shown)
  switch (c.t) {
    case 's': {
      // exceljs showed the index itself when sharedStrings.xml was missing: garbage, refused here.
      if (!sst) throw bad('a shared string without sharedStrings.xml');
      const index = parseInt(raw as string, 10);
      const s = sst[index];
      if (s === undefined) throw bad('a shared string that does not exist');
      return s;
    }
    case 'str':
      if (typeof raw !== 'string') throw bad('a rich formula string');
      return xmlDecode(raw);
    case 'inlineStr':
      return cellValueText(raw);
    case 'b':
      return cellValueText(parseInt(raw as string, 10) !== 0);
    case 'e':
      return '';
    default: {
      const n = parseFloat(raw as string);
      return cellValueText(isDate ? excelDate(n, date1904) : n);
    }
  }
}

/** exceljs's utils.xmlDecode, which it applied a second time to 'str' values. */
function xmlDecode(s: string): string {
  return s.replace(/&([a-z]*);/g, (m) => ({ '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' })[m] ?? m);
}

/** Cells a <hyperlink> names: they show even when empty (exceljs made them hyperlink cells). */
type Hyperlinks = Set<string>;

/**
 * One pass over the sheet's pieces. Hyperlinks follow the sheet data in the XML, so the links found
 * are returned: the rare sheet with any is read a second time with them known.
 */
async function readSheet(
  pieces: AsyncIterable<Buffer>,
  sst: string[] | undefined,
  st: Styles | undefined,
  date1904: boolean,
  rels: Map<string, string | undefined>,
  links: Hyperlinks,
  maxRow: number,
  maxCol: number,
): Promise<SheetRows & { links: Hyperlinks }> {
  const found: Hyperlinks = new Set();
  const rows: (string | undefined)[][] = [];
  let lastRow = 0;
  /** A row past `maxRow` held a cell; such rows are counted, not kept. */
  let beyond = false;
  /** Rows whose only text lay past `maxCol` and was blank (kept as a row number, not as cells). */
  const blankWide = new Set<number>();
  let rowBlankWide = false;
  const merges: string[] = [];
  let rowNo = 0;
  let cells: (string | undefined)[] = [];
  let prevCol = 0;
  let cell: Cell | null = null;
  const spare: Cell = { ref: undefined, t: undefined, style: NaN, value: undefined, runs: null, formula: false };
  let cellS: string | undefined;
  const setCellAttr = (name: string, value: string): void => {
    if (name === 'r') spare.ref = value;
    else if (name === 't') spare.t = value;
    else if (name === 's') cellS = value;
  };
  let capture: 'value' | 'formula' | 'run' | null = null;
  let section: 'data' | 'merges' | 'links' | null = null;
  let skipBelow = -1;
  // exceljs looked styles up unguarded: a row style with no cell styles to look in was a TypeError,
  // and so was a cell style when styles.xml had none (without styles.xml, cells were not looked up).
  const noXfs = !st || st.isDate.length === 0;
  const rowStyle = (style: number): void => {
    if (style && noXfs) throw bad('a row style without styles');
  };
  const cellStyle = (style: number): void => {
    if (style && st && noXfs) throw bad('a cell style without styles');
  };
  const reader = new XmlReader({
    wantText: false,
    open(name, depth, b, from, to) {
      if (skipBelow >= 0) return;
      switch (depth) {
        case 0:
          if (name !== 'worksheet') throw bad('the sheet has no <worksheet> root');
          return;
        case 1:
          section = name === 'sheetData' ? 'data' : name === 'mergeCells' ? 'merges' : name === 'hyperlinks' ? 'links' : null;
          if (section === 'links') found.clear(); // a second <hyperlinks> replaced the first
          if (section === 'data') {
            rows.length = 0; // a second <sheetData> replaced the first
            lastRow = 0;
            beyond = false;
            blankWide.clear();
          }
          if (section === 'merges') merges.length = 0;
          if (!section) skipBelow = depth;
          return;
        case 2: {
          if (section === 'links') {
            if (name !== 'hyperlink') return;
            const a = parseAttrs(b, from, to);
            const rId = a['r:id'];
            if (rId) {
              if (!rels.has(rId)) throw bad('a hyperlink without its relationship');
              // exceljs keyed links by the ref as written (even a missing one) and kept only those with a target.
              if (rels.get(rId)) found.add(String(a.ref));
            }
            return;
          }
          if (section === 'merges') {
            if (name !== 'mergeCell') throw bad(`an unexpected <${name}> in mergeCells`);
            if (merges.length >= XLSX_LIMITS.maxMerges) throw new XlsxRefused('too_large', `The .xlsx file has more than ${XLSX_LIMITS.maxMerges.toLocaleString('en')} merged ranges`);
            const ref = parseAttrs(b, from, to).ref;
            if (ref === undefined) throw bad('a merge without a range');
            merges.push(ref);
            return;
          }
          if (name !== 'row') throw bad(`an unexpected <${name}> in sheetData`);
          const a = parseAttrs(b, from, to);
          rowNo = parseInt(a.r ?? '', 10);
          if (Number.isNaN(rowNo)) throw bad('a row without a number');
          rowStyle(parseInt(a.s ?? '', 10));
          cells = [];
          prevCol = 0;
          rowBlankWide = false;
          return;
        }
        case 3: {
          if (section !== 'data') throw bad(`an unexpected <${name}>`);
          if (name === 'extLst') {
            skipBelow = depth;
            return;
          }
          if (name !== 'c') throw bad(`an unexpected <${name}> in a row`);
          // One cell object for the whole sheet: a roster has millions of cells.
          cell = spare;
          cell.ref = cell.t = cell.value = undefined;
          cell.runs = null;
          cell.formula = false;
          cellS = undefined;
          eachAttr(b, from, to, setCellAttr);
          cell.style = parseInt(cellS ?? '', 10);
          cellStyle(cell.style);
          return;
        }
        case 4:
          if (name === 'v') capture = 'value';
          else if (name === 'f') {
            const t = parseAttrs(b, from, to).t;
            if (t) cell!.formula = true; // a shared or array formula's other cells have no text
            capture = 'formula';
          } else if (name === 'is') capture = null;
          else if (name === 'extLst') {
            skipBelow = depth;
            return;
          } else throw bad(`an unexpected <${name}> in a cell`);
          this.wantText = capture !== null;
          return;
        case 5:
          if (name === 't') {
            capture = 'value';
            this.wantText = true;
          } else if (name === 'r') {
            if (cell!.value !== undefined && !cell!.runs) throw bad('a rich-text run after plain text'); // exceljs threw here
            (cell!.runs ??= []).push('');
          } else skipBelow = depth; // rPh, phoneticPr
          return;
        case 6:
          if (name === 't' && cell!.runs) {
            cell!.runs[cell!.runs.length - 1] = '';
            capture = 'run';
            this.wantText = true;
          } else skipBelow = depth; // rPr
          return;
        default:
          skipBelow = depth;
      }
    },
    close(name, depth) {
      if (skipBelow >= 0) {
        if (depth === skipBelow) skipBelow = -1;
        return;
      }
      if (capture && depth >= 4) {
        if (capture === 'run') {
          const runs = cell!.runs!;
          runs[runs.length - 1] = unescapeX(runs[runs.length - 1]!);
        }
        capture = null;
        this.wantText = false;
        return;
      }
      if (depth === 3 && name === 'c') {
        const c = cell!;
        cell = null;
        let text = cellText(c, sst, st, date1904);
        if (links.has(String(c.ref))) text ??= '';
        // exceljs dropped a cell with neither value nor style before placing it; a styled empty
        // cell took its place (clearing an earlier cell in that column) and counted for the next.
        if (text === null && !c.style) return;
        let col: number | undefined;
        if (c.ref !== undefined) col = addressColumn(c.ref);
        else if (prevCol) col = prevCol + 1;
        if (col === undefined) throw bad('a cell without a reference');
        if (col > 16_384) throw bad('a column beyond XFD');
        prevCol = col;
        // Past the column limit nothing is stored: one cell at XFD would make its row 16,384 wide
        // once filled. Text there is refused as the width check after reading would refuse it;
        // blank text is no column, and a row past the row limit is refused for its number anyway.
        if (col > maxCol) {
          if (text === null) return;
          if (rowNo <= maxRow && normaliseCell(text) !== '') throw tooWide(rowNo, col, maxCol);
          rowBlankWide = true;
          return;
        }
        cells[col - 1] = text ?? undefined;
        return;
      }
      if (depth === 2 && name === 'row') {
        // A row numbered 0 or less was never placed; a repeated number replaced the earlier row.
        if (rowNo < 1) return;
        lastRow = Math.max(lastRow, rowNo);
        const used = cells.some((c) => c !== undefined);
        if (rowNo > maxRow) beyond ||= used || rowBlankWide;
        else {
          if (used) rows[rowNo - 1] = cells;
          else delete rows[rowNo - 1];
          if (rowBlankWide) blankWide.add(rowNo);
          else blankWide.delete(rowNo);
        }
        return;
      }
      if (depth === 1) section = null;
    },
    text(s) {
      if (capture === 'value') {
        if (cell!.runs) return; // exceljs put text after rich runs where nothing reads it
        cell!.value = cell!.value === undefined ? s : cell!.value + s;
      } else if (capture === 'formula') {
        if (s) cell!.formula = true;
      } else if (capture === 'run') {
        const runs = cell!.runs!;
        runs[runs.length - 1] += s;
      }
    },
  });
  for await (const piece of pieces) reader.write(piece);
  reader.end();
  const merged = applyMerges(rows, merges, lastRow, maxRow, maxCol);
  const out: SheetRows['rows'] = [];
  if (merged.lastRow <= maxRow) {
    rows.forEach((r, i) => {
      // Up to the last cell shown: a styled empty cell (or a gap) after it is no column. Filled in
      // place: a copy of every row would be the largest allocation of the whole read.
      let width = r.length;
      while (width > 0 && r[width - 1] === undefined) width--;
      if (width === 0) return;
      r.length = width;
      for (let k = 0; k < width; k++) r[k] ??= '';
      out.push({ row: i + 1, cells: r as string[] });
    });
  }
  const hasValues = beyond || blankWide.size > 0 || merged.slaves || rows.some((r) => r.some((c) => c !== undefined));
  return { rows: out, hasValues, lastRow: merged.lastRow, links: found };
}

const tooWide = (row: number, col: number, maxCol: number): XlsxRefused =>
  new XlsxRefused('too_many_columns', `Row ${row} has a value in column ${col.toLocaleString('en')}; at most ${maxCol} columns`);

/**
 * Every cell of a merged range reads as its top-left cell, the rows it spans exist, and ranges may
 * not overlap (exceljs refused the workbook). The bounds are checked here, where the cells are
 * filled in: a merge reaching past `maxCol` is refused when its value would show there (as the
 * width check would) and is otherwise cut at `maxCol`; the cells filled in together stay within
 * the object budget. (xlsxGuard counts merges too, but only this reads them as they are filled.)
 */
function applyMerges(
  rows: (string | undefined)[][],
  merges: readonly string[],
  lastRow: number,
  maxRow: number,
  maxCol: number,
): { lastRow: number; slaves: boolean } {
  const ranges: { top: number; left: number; bottom: number; right: number }[] = [];
  for (const ref of merges) {
    const m = MERGE_REF.exec(ref);
    if (!m) throw bad(`a merged range "${ref.slice(0, 40)}" that is not a cell range`);
    const [c1, r1, c2 = m[1]!, r2 = m[2]!] = m.slice(1) as [string, string, string?, string?];
    const a = { col: letters(c1), row: Number(r1) };
    const b = { col: letters(c2), row: Number(r2) };
    const r = { top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) };
    if (r.right > 16_384) throw bad('a merged range beyond XFD');
    for (const o of ranges) {
      if (!(o.bottom < r.top || o.top > r.bottom || o.right < r.left || o.left > r.right)) throw bad('overlapping merged ranges');
    }
    ranges.push(r);
  }
  let last = lastRow;
  let slaves = false;
  for (const r of ranges) {
    last = Math.max(last, r.bottom);
    slaves ||= r.bottom > r.top || r.right > r.left;
  }
  // Past the row limit the import is refused anyway; filling the rows would only cost memory.
  if (last > maxRow) return { lastRow: last, slaves };
  let area = 0;
  for (const r of ranges) {
    const master = rows[r.top - 1]?.[r.left - 1] ?? '';
    if (r.right > maxCol && normaliseCell(master) !== '') throw tooWide(r.top, r.right, maxCol);
    area += (r.bottom - r.top + 1) * Math.max(0, Math.min(r.right, maxCol) - r.left + 1);
    if (area > XLSX_LIMITS.maxObjects) throw new XlsxRefused('too_large', `The .xlsx file merges more than ${XLSX_LIMITS.maxObjects.toLocaleString('en')} cells`);
  }
  for (const r of ranges) {
    const master = rows[r.top - 1]?.[r.left - 1] ?? '';
    const right = Math.min(r.right, maxCol);
    for (let i = r.top; i <= r.bottom; i++) {
      const row = (rows[i - 1] ??= []);
      for (let j = r.left; j <= right; j++) if (i > r.top || j > r.left) row[j - 1] = master;
    }
  }
  return { lastRow: last, slaves };
}

/**
 * The first worksheet's rows, or null when the workbook has none. `parts` are the checked parts
 * xlsxGuard kept (isNeededPart); rows past `maxRow` are counted, not kept; nothing past `maxCol` is
 * kept, and a value there is refused (XlsxRefused 'too_many_columns') as soon as it is read.
 * Throws XlsxUnreadable where the exceljs path refused the workbook, XlsxRefused ('too_large') for
 * merges beyond the object budget. The sheet is inflated and parsed in 64 KiB pieces, so memory
 * follows the rows kept (at most maxRow × maxCol cells), not the size of the sheet's XML.
 */
export async function readFirstSheet(parts: ReadonlyMap<string, PackagePart>, maxRow: number, maxCol: number): Promise<SheetRows | null> {
  const whole = (name: string): Buffer | undefined => {
    const p = parts.get(name);
    return p && inflatePart(p);
  };
  const wb = workbook(whole('xl/workbook.xml'));
  const sheetName = firstSheetName(parts, wb, relationships(whole('xl/_rels/workbook.xml.rels')));
  if (!sheetName) return null;
  const sstPart = whole('xl/sharedStrings.xml');
  const sst = sstPart ? sharedStrings(sstPart) : undefined;
  const stylesPart = whole('xl/styles.xml');
  const st = stylesPart ? styles(stylesPart) : undefined;
  const sheetNo = WORKSHEET.exec(sheetName)![1]!;
  const relsName = [...parts.keys()].filter((n) => WORKSHEET_RELS.exec(n)?.[1] === sheetNo).at(-1);
  const rels = relationships(relsName ? whole(relsName) : undefined);
  const sheet = parts.get(sheetName)!;
  const first = await readSheet(streamPart(sheet), sst, st, wb.date1904, rels, new Set(), maxRow, maxCol);
  if (first.links.size === 0) return first;
  return readSheet(streamPart(sheet), sst, st, wb.date1904, rels, first.links, maxRow, maxCol);
}
