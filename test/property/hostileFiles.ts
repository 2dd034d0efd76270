/**
 * Hostile import files for the file fuzz (fileFuzz.property.test.ts): a minimal ZIP writer that can
 * lie about sizes, hand-made .xlsx parts (billion laughs, merge and validation ranges over the whole
 * sheet, deep nesting), damaged copies of a real workbook, and CSV text in the encodings committees'
 * PCs produce. Everything is built in memory; nothing here reads the product's code.
 */
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

export type ZipEntry = {
  name: string;
  data: Buffer;
  /** Central-directory and local-header uncompressed size; the real size when omitted. */
  declaredSize?: number;
  /** 0 = stored, 8 = deflated (default); anything else is written as is (JSZip refuses it). */
  method?: number;
  /** Already-compressed bytes to write instead of deflating `data` (a deflate stream built by hand). */
  packed?: Buffer;
};

/** A ZIP as Office writes it (no data descriptors); `eocdEntries` lets the end record lie about the count. */
export function zip(entries: readonly ZipEntry[], opts: { eocdEntries?: number } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const method = e.method ?? 8;
    const packed = e.packed ?? (method === 8 ? deflateRawSync(e.data) : e.data);
    const size = e.declaredSize ?? e.data.length;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt32LE(packed.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(packed.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(lh, name, packed);
    central.push(cd, name);
    offset += 30 + name.length + packed.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  const count = opts.eocdEntries ?? entries.length;
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(count & 0xffff, 8);
  eocd.writeUInt16LE(count & 0xffff, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, eocd]);
}

/** The entries of a ZIP this module (or Office) wrote: enough to take a real workbook apart. */
export function unzip(buf: Buffer): ZipEntry[] {
  let eocd = buf.length - 22;
  while (buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const n = buf.readUInt16LE(eocd + 10);
  const out: ZipEntry[] = [];
  for (let i = 0, pos = buf.readUInt32LE(eocd + 16); i < n; i++) {
    const method = buf.readUInt16LE(pos + 10);
    const csize = buf.readUInt32LE(pos + 20);
    const nameLen = buf.readUInt16LE(pos + 28);
    const name = buf.toString('utf8', pos + 46, pos + 46 + nameLen);
    const local = buf.readUInt32LE(pos + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    out.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    pos += 46 + nameLen + buf.readUInt16LE(pos + 30) + buf.readUInt16LE(pos + 32);
  }
  return out;
}

export const ROSTER_HEADER = ['楼号', '单元', '室', '姓名', '电话', '身份证号', '户籍', '出入证号', '状态'];

/** A small valid roster workbook written by exceljs, the base the damaged variants start from. */
export async function goodWorkbook(rows = 20): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名册');
  ws.addRow(ROSTER_HEADER);
  for (let i = 0; i < rows; i++) ws.addRow([String(1 + (i % 4)), '1', String(101 + i), `居民${i}`, '', '', '业主', `P${i}`, '']);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A real workbook with one part replaced (or added): the rest stays a valid package. */
export function withPart(base: Buffer, name: string, xml: string | Buffer): Buffer {
  const entries = unzip(base).filter((e) => e.name !== name);
  entries.push({ name, data: typeof xml === 'string' ? Buffer.from(xml) : xml });
  return zip(entries);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const HEADER_ROW = `<row r="1">${ROSTER_HEADER.map((h, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`;
const DATA_ROW = (r: number): string =>
  `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>1</t></is></c><c r="C${r}" t="inlineStr"><is><t>${100 + r}</t></is></c><c r="D${r}" t="inlineStr"><is><t>甲${r}</t></is></c><c r="H${r}" t="inlineStr"><is><t>P${r}</t></is></c></row>`;

/** Sheet XML with a valid header and two rows; `after` goes after sheetData (merges, validations). */
export function sheetXml(opts: { before?: string; rows?: string; after?: string; prolog?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${opts.prolog ?? ''}<worksheet ${NS}>${opts.before ?? ''}<sheetData>${HEADER_ROW}${opts.rows ?? DATA_ROW(2) + DATA_ROW(3)}</sheetData>${opts.after ?? ''}</worksheet>`;
}

export const SHEET = 'xl/worksheets/sheet1.xml';
export const STRINGS = 'xl/sharedStrings.xml';

/** The classic billion laughs: ten levels of ten references, 10^9 copies of "lol" if expanded. */
export function billionLaughs(): string {
  const ents = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i < 10; i++) ents.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<!DOCTYPE lolz [${ents.join('')}]>`;
}

/**
 * Deflated zeros without ever holding them uncompressed: a full-flushed deflate block stands alone
 * (byte-aligned, no back-references), so k copies of one 16 MB block inflate to k × 16 MB.
 */
export function deflatedZeros(bytes: number): Buffer {
  const chunk = Math.min(bytes, 16 * 1024 * 1024);
  const block = deflateRawSync(Buffer.alloc(chunk), { finishFlush: constants.Z_FULL_FLUSH });
  const copies = Math.max(1, Math.floor(bytes / chunk));
  const end = deflateRawSync(Buffer.alloc(0)); // a final empty block closes the stream
  return Buffer.concat([...Array.from({ length: copies }, () => block), end]);
}

/** Some committees save "Unicode text" or UTF-16 CSV; these are the bytes such a PC writes. */
export function encodeCsv(text: string, enc: 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'gbk'): Buffer {
  switch (enc) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8bom':
      return Buffer.from('\uFEFF' + text, 'utf8');
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be': {
      const le = Buffer.from(text, 'utf16le');
      for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
    }
    case 'gbk':
      return gbk(text);
  }
}

/** GBK bytes for the few characters the roster header and rows use (Node has no GBK encoder). */
const GBK: Record<string, number[]> = {
  楼: [0xc2, 0xa5], 号: [0xba, 0xc5], 单: [0xb5, 0xa5], 元: [0xd4, 0xaa], 室: [0xca, 0xd2], 姓: [0xd0, 0xd5],
  名: [0xc3, 0xfb], 电: [0xb5, 0xe7], 话: [0xbb, 0xb0], 身: [0xc9, 0xed], 份: [0xb7, 0xdd], 证: [0xd6, 0xa4],
  户: [0xbb, 0xa7], 籍: [0xbc, 0xae], 出: [0xb3, 0xf6], 入: [0xc8, 0xeb], 状: [0xd7, 0xb4], 态: [0xcc, 0xac],
  业: [0xd2, 0xb5], 主: [0xd6, 0xf7], 甲: [0xbc, 0xd7],
};
function gbk(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const code = GBK[ch];
    if (code) out.push(...code);
    else if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else throw new Error(`no GBK bytes for ${ch} in the test table`);
  }
  return Buffer.from(out);
}

export const CSV_HEADER = ROSTER_HEADER.join(',');
export const csvRow = (i: number): string => `1,1,${101 + i},甲,,,业主,P${i},`;
