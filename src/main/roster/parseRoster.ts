/**
 * Roster spreadsheets as committees keep them (CSV from Excel or WPS, often GBK; or .xlsx) turned
 * into validated rows. Parsing never touches the database: the caller decides what to import.
 * A file that cannot be read at all throws RosterFileError; a readable file with bad rows returns
 * them as problems so the committee can fix every one in a single pass.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { ImportProblem } from '../../shared/contract';
import { normalisePlate } from '../vehicles/plate';
import { isValidIdNumber, maskIdNumber, maskPhone } from './idNumber';
import { guardXlsx, XlsxRefused } from './xlsxGuard';
import { isNeededPart, readFirstSheet, type SheetRows } from './xlsxRows';
import {
  normaliseCell,
  normaliseIdNumber,
  normaliseKey,
  normaliseName,
  normalisePhone,
  normaliseResidency,
} from './normalise';

export type RosterRow = {
  /** 1-based spreadsheet row number including the header, so the first data row is 2. */
  row: number;
  building: string;
  unit: string;
  room: string;
  name: string;
  phone: string;
  idNumber: string;
  residency: 'owner' | 'renter';
  /** '' = the resident has no pass. */
  passNumber: string;
  status: string;
  /** Normalised plates of the household's vehicles from the optional 车牌 column (several per cell). */
  plates?: string[];
};
/** `hasPlates`: the file has a plate column, so its plates replace the roster's. */
export type ParsedRoster = { totalRows: number; valid: RosterRow[]; problems: ImportProblem[]; hasPlates: boolean };

export type RosterFileReason =
  | 'unsupported_extension'
  | 'empty'
  | 'no_header'
  | 'missing_columns'
  | 'no_data'
  | 'corrupt'
  | 'too_many_rows'
  | 'too_many_columns'
  | 'too_large';

export class RosterFileError extends Error {
  readonly code = 'bad_file' as const;
  constructor(
    readonly reason: RosterFileReason,
    message: string,
    /** Header names (中文/English) of the required columns that were not found. */
    readonly missingColumns: readonly string[] = [],
  ) {
    super(message);
    this.name = 'RosterFileError';
  }
}

export const MAX_ROWS = 100_000;
export const MAX_COLUMNS = 64;
/** The contract's cap on an import (30 MB of base64), checked again here for callers that read files. */
export const MAX_FILE_BYTES = (30 * 1024 * 1024 * 3) / 4;
/**
 * csv-parse builds an array entry for every field, so a file of nothing but commas or line breaks
 * costs far more memory than its size; this bounds delimiters before parsing (a 50,000-resident
 * roster of 11 columns has 0.55 million fields).
 */
export const MAX_CSV_FIELDS = 2_000_000;
/** Excel keeps at most 32,767 characters in a cell; a record beyond this many is not a roster. */
const MAX_CSV_RECORD_CHARS = 1024 * 1024;
/** Title rows ("XX小区居民名册") above the header are common; look this far for the header. */
const HEADER_SCAN_ROWS = 10;

type Field = Exclude<keyof RosterRow, 'row'>;
const HEADERS: Record<Field, readonly string[]> = {
  building: ['楼号', '楼栋', 'building'],
  unit: ['单元', 'unit'],
  room: ['室', '室号', '房号', 'room'],
  name: ['姓名', 'name'],
  phone: ['电话', '手机', 'phone'],
  idNumber: ['身份证号', '身份证', 'id number', 'id_number', 'idnumber'],
  residency: ['户籍', '户籍类型', 'residency', 'owner-renter'],
  passNumber: ['出入证号', '出入证', 'pass number', 'pass_number', 'pass'],
  status: ['状态', 'status'],
  plates: ['车牌', '车牌号', '车牌号码', 'plate', 'plates'],
};
/**
 * Pass and status are required although their cells may be empty: a misspelt header would otherwise
 * import every resident without a pass, or as 'black' (free to leave) — silently and wrongly.
 */
const REQUIRED: readonly Field[] = ['building', 'room', 'name', 'passNumber', 'status'];
const FIELDS = Object.keys(HEADERS) as Field[];
/** Spaces are dropped entirely: headers are padded ("姓  名") as often as names are. */
const headerKey = (s: string): string => normaliseKey(s).replace(/\s/g, '');
const HEADER_LOOKUP = new Map<string, Field>(
  FIELDS.flatMap((f) => HEADERS[f].map((h) => [headerKey(h), f] as [string, Field])),
);

export type RawRow = { row: number; cells: string[] };

/**
 * The raw rows of a .csv (UTF-8 or GBK) or the first worksheet of an .xlsx, with the same size and
 * zip-bomb checks as a roster; other importers (the staff schedule) read their files through this.
 */
export async function readTable(fileName: string, data: Buffer): Promise<RawRow[]> {
  const ext = /\.([^./\\]+)$/.exec(fileName.toLowerCase())?.[1] ?? '';
  if (ext !== 'csv' && ext !== 'xlsx') {
    throw new RosterFileError('unsupported_extension', `Unsupported file type ".${ext}": use .csv or .xlsx`);
  }
  checkSize(data);
  return ext === 'csv' ? readCsv(data) : readXlsx(data);
}

export async function parseRosterFile(
  fileName: string,
  data: Buffer,
  knownStatusCodes: ReadonlySet<string>,
  statusLabels?: Map<string, string>,
): Promise<ParsedRoster> {
  const ext = /\.([^./\\]+)$/.exec(fileName.toLowerCase())?.[1] ?? '';
  if (ext !== 'csv' && ext !== 'xlsx') {
    throw new RosterFileError('unsupported_extension', `Unsupported file type ".${ext}": use .csv or .xlsx`);
  }
  checkSize(data);
  const raw = ext === 'csv' ? readCsv(data) : await readXlsx(data);
  return validateRows(raw, knownStatusCodes, statusLabels);
}

function checkSize(data: Buffer): void {
  if (data.length === 0) throw new RosterFileError('empty', 'The file is empty');
  if (data.length > MAX_FILE_BYTES) {
    throw new RosterFileError('too_large', `The file is larger than ${Math.round(MAX_FILE_BYTES / 1024 / 1024)} MB`);
  }
}

function isEmptyRow(cells: readonly string[]): boolean {
  return cells.every((c) => normaliseCell(c) === '');
}

function checkWidth(cells: readonly string[], row: number): void {
  let width = cells.length;
  while (width > 0 && normaliseCell(cells[width - 1]!) === '') width--;
  if (width > MAX_COLUMNS) {
    throw new RosterFileError('too_many_columns', `Row ${row} has ${width} columns; at most ${MAX_COLUMNS}`);
  }
}

function tooManyRows(): RosterFileError {
  return new RosterFileError('too_many_rows', `The file has more than ${MAX_ROWS.toLocaleString('en')} rows`);
}

// ---- CSV ----------------------------------------------------------------------------------------

/** UTF-8 (BOM optional) first; bytes that are not UTF-8 are taken to be GBK/GB18030 (WPS, old Excel). */
function decodeText(data: Buffer): string {
  // "Unicode text" from Excel and some exporters is UTF-16 with a BOM; without this it reads as GBK noise.
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data);
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

function readCsv(data: Buffer): RawRow[] {
  const text = decodeText(data).replace(/^\uFEFF/, '');
  let fields = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2c || c === 0x0a || c === 0x0d) fields++; // a field ends at most at each of these
  }
  if (fields > MAX_CSV_FIELDS) {
    throw new RosterFileError('too_large', `The file has more than ${MAX_CSV_FIELDS.toLocaleString('en')} cells`);
  }
  if (normaliseCell(text) === '') throw new RosterFileError('empty', 'The file is empty');
  let records: string[][];
  try {
    records = parseCsv(text, {
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: MAX_CSV_RECORD_CHARS,
      to: MAX_ROWS + 2, // enough to know the limit is exceeded without parsing a huge file
    }) as string[][];
  } catch (e) {
    throw new RosterFileError('corrupt', `The CSV file could not be read: ${(e as Error).message}`);
  }
  if (records.length > MAX_ROWS + 1) throw tooManyRows();
  // Excel shows one record per row, so the record index is the row number the committee sees.
  return records.map((cells, i) => {
    checkWidth(cells, i + 1);
    return { row: i + 1, cells };
  });
}

// ---- XLSX ---------------------------------------------------------------------------------------

function zipError(): RosterFileError {
  return new RosterFileError('corrupt', 'The .xlsx file is damaged or is not an Excel workbook');
}

/**
 * The first worksheet, read from the parts xlsxGuard checked (xlsxRows.ts): memory grows with the
 * rows kept, not with a model of the whole workbook as exceljs's `wb.xlsx.load` built it.
 */
async function readXlsx(data: Buffer): Promise<RawRow[]> {
  let sheet: SheetRows | null;
  try {
    sheet = await readFirstSheet(await guardXlsx(data, isNeededPart), MAX_ROWS + 1, MAX_COLUMNS);
  } catch (e) {
    if (e instanceof XlsxRefused) throw new RosterFileError(e.reason, e.message);
    // XlsxUnreadable, or anything else a damaged part provokes: the exceljs path answered all of
    // these as a damaged workbook, and an import must never fail as an internal error.
    throw zipError();
  }
  if (!sheet || !sheet.hasValues) throw new RosterFileError('empty', 'The first worksheet is empty');
  if (sheet.lastRow > MAX_ROWS + 1) throw tooManyRows();
  // Merged cells (a building number spanning many rows) read as the master's value in every cell.
  // The reader refused a value past MAX_COLUMNS as it read it (keeping nothing there, so a cell at
  // XFD costs nothing); this is the same rule CSV gets, kept as one pass over what was kept.
  for (const r of sheet.rows) checkWidth(r.cells, r.row);
  return sheet.rows;
}

// ---- Validation ---------------------------------------------------------------------------------

function findHeader(rows: readonly RawRow[]): { index: number; columns: Map<Field, number> } {
  let best: { index: number; columns: Map<Field, number> } | undefined;
  let seen = 0;
  for (let i = 0; i < rows.length && seen < HEADER_SCAN_ROWS; i++) {
    if (isEmptyRow(rows[i]!.cells)) continue;
    seen++;
    const columns = new Map<Field, number>();
    rows[i]!.cells.forEach((c, col) => {
      const f = HEADER_LOOKUP.get(headerKey(c));
      if (f && !columns.has(f)) columns.set(f, col); // with 电话 and 手机 both present, the first wins
    });
    if (REQUIRED.every((f) => columns.has(f))) return { index: i, columns };
    if (!best || columns.size > best.columns.size) best = { index: i, columns };
  }
  const names = (fs: readonly Field[]): string[] => fs.map((f) => `${HEADERS[f][0]}/${HEADERS[f].at(-1)}`);
  if (!best || best.columns.size === 0) {
    throw new RosterFileError(
      'no_header',
      `No header row found; expected columns ${names(REQUIRED).join(', ')}`,
    );
  }
  const missing = names(REQUIRED.filter((f) => !best.columns.has(f)));
  throw new RosterFileError('missing_columns', `Required columns missing: ${missing.join(', ')}`, missing);
}

/** The roster in raw rows (exported so the reader can be checked against the one it replaced). */
export function validateRows(
  rows: readonly RawRow[],
  knownStatusCodes: ReadonlySet<string>,
  statusLabels: Map<string, string> | undefined,
): ParsedRoster {
  const { index, columns } = findHeader(rows);
  const codes = new Map([...knownStatusCodes].map((c) => [normaliseKey(c), c]));
  const labels = new Map([...(statusLabels ?? [])].map(([label, code]) => [normaliseKey(label), code]));
  const parsed: { row: RosterRow; problems: ImportProblem[] }[] = [];
  for (const raw of rows.slice(index + 1)) {
    if (isEmptyRow(raw.cells)) continue;
    const get = (f: Field): string => {
      const col = columns.get(f);
      return col === undefined ? '' : normaliseCell(raw.cells[col] ?? '');
    };
    const problems: ImportProblem[] = [];
    const flag = (field: Field, code: ImportProblem['code'], value: string): void => {
      problems.push({ row: raw.row, field, code, value });
    };
    const building = get('building');
    const room = get('room');
    const name = normaliseName(get('name'));
    if (!building) flag('building', 'missing_building', '');
    if (!room) flag('room', 'missing_room', '');
    if (!name) flag('name', 'missing_name', '');

    const phone = normalisePhone(get('phone'));
    if (phone && !(phone.startsWith('1') ? /^1\d{10}$/ : /^\d{7,12}$/).test(phone)) {
      flag('phone', 'bad_phone', maskPhone(phone));
    }
    const idNumber = normaliseIdNumber(get('idNumber'));
    if (idNumber && !isValidIdNumber(idNumber)) flag('idNumber', 'bad_id_number', maskIdNumber(idNumber));

    const residency = normaliseResidency(get('residency'));
    if (residency === null) flag('residency', 'bad_residency', get('residency'));

    const statusText = get('status');
    const statusKey = statusText.toLowerCase() || 'black';
    const status = codes.get(statusKey) ?? labels.get(statusKey);
    // Labels may map to a code of another scheme; only codes the gate knows are accepted.
    if (status === undefined || !knownStatusCodes.has(status)) flag('status', 'unknown_status', statusText);

    const plates: string[] = [];
    // One cell may list a household's cars: 沪A12345、沪AD12345 (spaces stay: "沪A 12345" is one plate).
    for (const part of get('plates').split(/[、,，;；/|]+/)) {
      if (!part.trim()) continue;
      const p = normalisePlate(part);
      if (p.ok) plates.push(p.plate);
      else flag('plates', 'bad_plate', part.trim());
    }

    const row: RosterRow = {
      row: raw.row,
      building,
      unit: get('unit'),
      room,
      name,
      phone,
      idNumber,
      residency: residency ?? 'owner',
      passNumber: get('passNumber'),
      status: status ?? '',
      ...(columns.has('plates') ? { plates } : {}),
    };
    parsed.push({ row, problems });
  }
  if (parsed.length === 0) throw new RosterFileError('no_data', 'The file has a header row but no data rows');

  const byPass = new Map<string, typeof parsed>();
  for (const p of parsed) {
    if (!p.row.passNumber) continue;
    const group = byPass.get(p.row.passNumber) ?? [];
    group.push(p);
    byPass.set(p.row.passNumber, group);
  }
  for (const [pass, group] of byPass) {
    if (group.length < 2) continue;
    for (const p of group)
      p.problems.push({ row: p.row.row, field: 'passNumber', code: 'duplicate_pass', value: pass });
  }
  // A plate belongs to one household; listing it under two is a mistake the committee must fix.
  const plateHome = new Map<string, string>();
  for (const p of parsed) {
    const home = `${p.row.building}\u0000${p.row.unit}\u0000${p.row.room}`;
    for (const plate of p.row.plates ?? []) {
      const first = plateHome.get(plate);
      if (first === undefined) plateHome.set(plate, home);
      else if (first !== home) p.problems.push({ row: p.row.row, field: 'plates', code: 'duplicate_plate', value: plate });
    }
  }
  return {
    totalRows: parsed.length,
    valid: parsed.filter((p) => p.problems.length === 0).map((p) => p.row),
    problems: parsed.flatMap((p) => p.problems),
    hasPlates: columns.has('plates'),
  };
}
