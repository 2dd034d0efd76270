/**
 * Checks an .xlsx before the reader (xlsxRows.ts) sees it: a zip whose parts expand to gigabytes, a
 * DTD, deep nesting, references outside Excel's sheet, and more XML objects than any roster has.
 * (Written for exceljs, which expanded merges, data validations and column ranges cell by cell and
 * ran the host out of memory on 7 KB files.) The shape the reader keeps (columns, rows, merged
 * cells filled in) is bounded where it is allocated, in the reader; what is counted here is a
 * cheap first refusal and the bound on the reader's shared strings and styles.
 *
 * Limits come from a measured 50,000-resident roster (11 columns, exceljs-written, 2.9 MB):
 * sheet1.xml 25 MB and sharedStrings.xml 5.5 MB uncompressed (ratio 11:1), 0.8 million XML
 * objects; exceljs needed about 210 MB of heap to load it. The limits leave twice that room.
 */
import { createInflateRaw, inflateRawSync } from 'node:zlib';
// A cycle (xlsxRows reads parts through this module), harmless: neither uses the other while loading.
import { eachAttr } from './xlsxRows';

export const XLSX_LIMITS = {
  /** Sum of all parts' sizes: twice the 50,000-resident roster's 31 MB. */
  maxUncompressed: 64 * 1024 * 1024,
  /** Real workbooks compress about 10:1; zeros compress about 1000:1. */
  maxRatio: 200,
  /** Below this total, a high ratio (a tiny file of repeated styles) cannot hurt anyone. */
  ratioFloor: 1024 * 1024,
  maxEntries: 10_000,
  /**
   * Cells, rows, shared strings, styles and every cell a merge covers. The measured 50,000-resident
   * roster has 0.8 million; the same at 100,000 rows (MAX_ROWS) 1.6 million. The reader also holds
   * the merged cells it fills in to this budget. (Data validations, which exceljs expanded, are no
   * longer counted: the reader skips them.)
   */
  maxObjects: 1_700_000,
  /** Each merge is checked against all earlier ones (overlap), so their number costs time squared. */
  maxMerges: 5_000,
  /** Office writes sheets about 6 elements deep. */
  maxDepth: 64,
} as const;

/** Excel's own sheet limits; anything beyond is not a workbook Excel or WPS wrote. */
const EXCEL_MAX_COLUMN = 16_384;
const EXCEL_MAX_ROW = 1_048_576;

/** 'too_many_columns' comes from the reader (xlsxRows), which bounds the shape it keeps. */
export type XlsxRefusal = 'corrupt' | 'too_large' | 'too_many_columns';

export class XlsxRefused extends Error {
  constructor(
    readonly reason: XlsxRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'XlsxRefused';
  }
}

const corrupt = (why = 'is damaged or is not an Excel workbook'): XlsxRefused =>
  new XlsxRefused('corrupt', `The .xlsx file ${why}`);
const tooLarge = (why: string): XlsxRefused => new XlsxRefused('too_large', `The .xlsx file ${why}`);
const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;

type Part = { name: string; method: number; csize: number; usize: number; local: number };

/**
 * The central directory as JSZip will read it: JSZip takes the last end record and then every
 * consecutive central header, whatever count the end record gives, so a count that lies cannot hide
 * a part from these checks. ZIP64 is refused rather than parsed: a roster never needs it.
 */
function centralDirectory(buf: Buffer): Part[] {
  if (buf.length < 22) throw corrupt();
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff) && eocd < 0; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) eocd = i;
  }
  if (eocd < 0) throw corrupt();
  const parts: Part[] = [];
  let pos = buf.readUInt32LE(eocd + 16);
  while (pos + 46 <= buf.length && buf.readUInt32LE(pos) === 0x02014b50) {
    if (parts.length >= XLSX_LIMITS.maxEntries) throw tooLarge('has too many parts');
    const nameLen = buf.readUInt16LE(pos + 28);
    const part = {
      name: buf.toString('utf8', pos + 46, Math.min(buf.length, pos + 46 + nameLen)),
      method: buf.readUInt16LE(pos + 10),
      csize: buf.readUInt32LE(pos + 20),
      usize: buf.readUInt32LE(pos + 24),
      local: buf.readUInt32LE(pos + 42),
    };
    if (part.usize === 0xffffffff || part.csize === 0xffffffff || part.local === 0xffffffff) {
      throw tooLarge('uses ZIP64 sizes');
    }
    parts.push(part);
    pos += 46 + nameLen + buf.readUInt16LE(pos + 30) + buf.readUInt16LE(pos + 32);
  }
  if (parts.length === 0) throw corrupt();
  return parts;
}

/**
 * Throws XlsxRefused unless the workbook is safe to read: declared sizes within limits, each part's
 * real inflated size no larger than declared (inflation stops at the declared size, so a lie costs
 * at most that much), and the XML free of DTDs, deep nesting and oversized ranges. Returns the
 * parts `keep` asks for (name without a leading '/'; a later duplicate wins, as in JSZip) as their
 * compressed bytes, which inflatePart/streamPart turn into exactly the bytes that were checked.
 * Parts are inflated and scanned in 64 KiB pieces: a 40 MB sheet is never held whole here.
 */
export async function guardXlsx(buf: Buffer, keep: (name: string) => boolean = () => false): Promise<Map<string, PackagePart>> {
  const kept = new Map<string, PackagePart>();
  const parts = centralDirectory(buf);
  let totalU = 0;
  let totalC = 0;
  for (const p of parts) {
    totalU += p.usize;
    totalC += p.csize;
  }
  if (totalU > XLSX_LIMITS.maxUncompressed) {
    throw tooLarge(`expands to ${mb(totalU)}; at most ${mb(XLSX_LIMITS.maxUncompressed)}`);
  }
  if (totalU > XLSX_LIMITS.ratioFloor && totalU > XLSX_LIMITS.maxRatio * Math.max(totalC, 1)) {
    throw tooLarge(`is compressed more than ${XLSX_LIMITS.maxRatio}:1 and is refused as unsafe`);
  }
  const budget = { objects: 0, merges: 0 };
  for (const p of parts) {
    if (p.local + 30 > buf.length || buf.readUInt32LE(p.local) !== 0x04034b50) throw corrupt();
    // JSZip named parts by their local headers, this check by the central directory: a package
    // whose two names differ is damaged or built to show one part to the check and another to the
    // reader. (Windows tools may write '\' in one of them; that alone is no difference.)
    const localName = buf.toString('utf8', p.local + 30, Math.min(buf.length, p.local + 30 + buf.readUInt16LE(p.local + 26)));
    if (localName.replace(/\\/g, '/') !== p.name.replace(/\\/g, '/')) throw corrupt();
    const start = p.local + 30 + buf.readUInt16LE(p.local + 26) + buf.readUInt16LE(p.local + 28);
    if (start + p.csize > buf.length) throw corrupt();
    const raw = buf.subarray(start, start + p.csize);
    // JSZip refused every other method, so such a workbook was never read.
    if (p.method !== 0 && p.method !== 8) throw corrupt();
    const name = p.name.replace(/\\/g, '/').replace(/^\//, '');
    const keepIt = keep(name);
    const scan = keepIt || /\.(xml|rels)$/i.test(p.name) ? new XmlScan(budget) : null;
    if (p.method === 0) scan?.write(raw);
    else {
      try {
        for await (const piece of streamPart({ method: 8, packed: raw, size: p.usize })) scan?.write(piece);
      } catch (e) {
        if (e instanceof XlsxRefused) throw e;
        throw corrupt();
      }
    }
    if (keepIt) kept.set(name, { method: p.method, packed: raw, size: p.usize });
  }
  return kept;
}

/** A checked part, still compressed: a view into the file's buffer, no copy. */
export type PackagePart = { method: number; packed: Buffer; size: number };

/** A checked part's bytes, whole (the small parts: workbook, relationships, styles, shared strings). */
export function inflatePart(p: PackagePart): Buffer {
  return p.method === 0 ? p.packed : inflateRawSync(p.packed, { maxOutputLength: Math.max(p.size, 1) });
}

/**
 * A checked part's bytes in 64 KiB pieces (the sheet: tens of MB for a large roster, never held
 * whole). The guard already inflated these bytes within the declared size; the cap is kept anyway.
 */
export async function* streamPart(p: PackagePart): AsyncGenerator<Buffer> {
  const CHUNK = 64 * 1024;
  if (p.method === 0) {
    for (let i = 0; i < p.packed.length; i += CHUNK) yield p.packed.subarray(i, i + CHUNK);
    return;
  }
  const z = createInflateRaw({ chunkSize: CHUNK });
  z.end(p.packed);
  let total = 0;
  try {
    for await (const chunk of z as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > Math.max(p.size, 1)) throw tooLarge('expands beyond its declared size');
      yield chunk;
    }
  } finally {
    z.destroy();
  }
}

/**
 * One pass over a part's bytes (markup is ASCII, so no decoding): element depth, a DTD, the count
 * of objects, and the ranges a merge or column definition names.
 */
class XmlScan {
  private carry: Buffer | null = null;
  private readonly state = { depth: 0 };
  constructor(private readonly budget: { objects: number; merges: number }) {}

  /** One inflated piece; markup cut at the piece's end waits for the next one. */
  write(piece: Buffer): void {
    const b = this.carry ? Buffer.concat([this.carry, piece]) : piece;
    const used = scanXml(b, this.budget, this.state);
    this.carry = used < b.length ? b.subarray(used) : null;
    if (this.carry && this.carry.length > 1024 * 1024) throw corrupt('has a tag over 1 MiB');
  }
}

/**
 * Scans `b` up to markup it cannot finish (returned, to be continued with the next piece); what
 * is left at a part's very end is truncated markup, which the reader refuses. Markup is delimited
 * the way the reader (xlsxRows's XmlReader) delimits it: comments, CDATA and processing
 * instructions are skipped whole, and a start tag ends at the first '>' outside quotes; the
 * attributes this bounds are read with the reader's own attribute parser. A tag the two read
 * differently would let a range past the check (a single-quoted ref, or a '>' inside a quote).
 */
function scanXml(b: Buffer, budget: { objects: number; merges: number }, state: { depth: number }): number {
  const n = b.length;
  for (let i = 0; i < n; i++) {
    if (b[i] !== 0x3c) continue; // '<'
    if (i + 9 > n && b.indexOf(0x3e, i + 1) < 0) return i; // too little to tell what it is
    const next = b[i + 1];
    if (next === 0x2f) {
      state.depth--; // '</'
      continue;
    }
    if (next === 0x3f) {
      // '<?' processing instruction
      const end = b.indexOf('?>', i + 2, 'latin1');
      if (end < 0) return i;
      i = end + 1;
      continue;
    }
    if (next === 0x21) {
      // '<!': a comment or CDATA is harmless; a DOCTYPE can define entities (billion laughs).
      const word = b.toString('latin1', i + 2, i + 9).toUpperCase();
      if (word.startsWith('DOCTYPE') || word.startsWith('ENTITY')) {
        throw corrupt('contains a DTD, which Excel never writes');
      }
      const close = b[i + 2] === 0x2d && b[i + 3] === 0x2d ? '-->' : b.toString('latin1', i + 2, i + 9) === '[CDATA[' ? ']]>' : null;
      if (close) {
        const end = b.indexOf(close, i + 4, 'latin1');
        if (end < 0) return i;
        i = end + 2;
      }
      continue;
    }
    let end = i + 1;
    let quote = 0;
    for (; end < n; end++) {
      const c = b[end]!;
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3e || c === 0x3c) break;
    }
    if (end >= n) return i;
    if (b[end] === 0x3c) {
      i = end - 1; // a '<' inside a tag: the reader refuses the part; scanning goes on from it
      continue;
    }
    const selfClosing = b[end - 1] === 0x2f;
    if (!selfClosing && ++state.depth > XLSX_LIMITS.maxDepth) throw corrupt('is nested too deeply');
    // The element name without a namespace prefix (x:c, as some tools write it).
    let j = i + 1;
    while (j < end && b[j] !== 0x20 && b[j] !== 0x2f && b[j] !== 0x09 && b[j] !== 0x0a && b[j] !== 0x0d) j++;
    const qname = b.toString('latin1', i + 1, j);
    const name = qname.slice(qname.indexOf(':') + 1);
    const attrEnd = selfClosing ? end - 1 : end;
    switch (name) {
      case 'c':
      case 'row':
        // exceljs walked its row array by index, so one row numbered 2,000,000,000 cost minutes.
        // (The reader keeps nothing past its own row and column limits; this is the cheap first line.)
        if (!refInSheet(b, j, end)) throw corrupt(`refers to cells beyond Excel's ${EXCEL_MAX_ROW.toLocaleString('en')} rows or ${EXCEL_MAX_COLUMN.toLocaleString('en')} columns`);
        budget.objects++;
        break;
      case 'si':
      case 'xf':
        budget.objects++;
        break;
      case 'mergeCell':
        if (++budget.merges > XLSX_LIMITS.maxMerges) throw tooLarge(`has more than ${XLSX_LIMITS.maxMerges.toLocaleString('en')} merged ranges`);
        budget.objects += area(attrs(b, j, attrEnd).ref ?? '');
        break;
      case 'col': {
        const a = attrs(b, j, attrEnd);
        const min = Number(a.min || '0');
        const max = Number(a.max || '0');
        if (!(min <= EXCEL_MAX_COLUMN && max <= EXCEL_MAX_COLUMN)) throw corrupt(`defines columns beyond Excel's ${EXCEL_MAX_COLUMN.toLocaleString('en')}`);
        break;
      }
    }
    if (budget.objects > XLSX_LIMITS.maxObjects) {
      throw tooLarge(`describes more than ${XLSX_LIMITS.maxObjects.toLocaleString('en')} cells`);
    }
    i = end;
  }
  return n;
}

/**
 * The `r` attribute of a cell ("B12") or row ("12") within Excel's sheet, read from the bytes
 * without building strings: this runs for every cell of the file. No `r` is fine (rows and cells
 * then follow on from the previous one).
 */
function refInSheet(b: Buffer, from: number, to: number): boolean {
  for (let k = from; k + 3 < to; k++) {
    // ' r="' or " r='" (any whitespace before r)
    if (b[k + 1] !== 0x72 || b[k + 2] !== 0x3d || (b[k + 3] !== 0x22 && b[k + 3] !== 0x27)) continue;
    const ws = b[k];
    if (ws !== 0x20 && ws !== 0x09 && ws !== 0x0a && ws !== 0x0d) continue;
    let col = 0;
    let row = 0;
    let p = k + 4;
    for (; p < to && ((b[p]! | 0x20) >= 0x61 && (b[p]! | 0x20) <= 0x7a); p++) {
      col = col * 26 + ((b[p]! | 0x20) - 0x60);
      if (col > EXCEL_MAX_COLUMN) return false;
    }
    for (; p < to && b[p]! >= 0x30 && b[p]! <= 0x39; p++) {
      row = row * 10 + (b[p]! - 0x30);
      if (row > EXCEL_MAX_ROW) return false;
    }
    return true;
  }
  return true;
}

/** A tag's attributes as the reader reads them (quotes of either kind, entities decoded). */
function attrs(b: Buffer, from: number, to: number): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    eachAttr(b, from, to, (name, value) => {
      out[name] = value;
    });
  } catch {
    throw corrupt();
  }
  return out;
}

const COL_ROW = /^\$?([A-Za-z]*)\$?(\d*)$/;

/** Cells in "B2", "A1:XFD1048576", "A:A" or "3:3"; an unparseable reference counts as one cell. */
export function area(ref: string): number {
  if (!ref) return 0;
  const [a, b = a] = ref.split(':');
  const p = COL_ROW.exec(a ?? '');
  const q = COL_ROW.exec(b ?? '');
  if (!p || !q) return 1;
  const col = (s: string, dflt: number): number => {
    if (!s) return dflt;
    let v = 0;
    for (const ch of s.toUpperCase()) v = v * 26 + (ch.charCodeAt(0) - 64);
    return v;
  };
  const row = (s: string, dflt: number): number => (s ? Number(s) : dflt);
  const cols = Math.abs(col(q[1]!, EXCEL_MAX_COLUMN) - col(p[1]!, 1)) + 1;
  const rows = Math.abs(row(q[2]!, EXCEL_MAX_ROW) - row(p[2]!, 1)) + 1;
  return cols * rows;
}
