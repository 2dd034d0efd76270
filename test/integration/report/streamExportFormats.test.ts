/**
 * The fast export paths against values written out by hand: awkward text (formula starts, quotes,
 * markup, control characters, emoji, a U+001F that breaks the packed read), gate-local times
 * across a Berlin DST switch (checked against formatLocal, the Intl reference), paging past one
 * page with a filter, empty exports, and the XLSX size refusal.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatLocal } from '../../../src/main/core/time';
import { exportEntryLog, type StreamExportOptions } from '../../../src/main/export/streamExport';
import { ENTRY_PAGE } from '../../../src/main/export/entryRows';
import { EntryLogStore, type EntryRecord } from '../../../src/main/store/entryLog';
import { makeGate, type TestGate } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';

const TZ = 'Europe/Berlin';
// 2021-03-28 01:00 UTC: Berlin clocks jump from 02:00 to 03:00.
const SWITCH = Date.parse('2021-03-28T01:00:00.000Z');

type Odd = { credential: string; name: string | null; building: string | null; staff: string[] };
const ODD: Odd[] = [
  { credential: '=1+2', name: '<b>张</b> & "李"', building: '@1', staff: ['王保安'] },
  { credential: 'HM\u001f01', name: 'split\u001fname', building: '1', staff: [] },
  { credential: 'HM02', name: '欧阳**红 😷', building: '-2', staff: ['a,b', '"q"'] },
  { credential: '13912345678', name: ' 空格 ', building: null, staff: [] },
  { credential: 'HM03', name: 'line1\r\nline2\u0007', building: '+3', staff: [] },
];
const BULK = 2 * ENTRY_PAGE + 345;

let gate: TestGate;
let out: ReturnType<typeof tempDir>;
let folder: string;
let n = 0;
const entries: EntryRecord[] = [];

function entry(i: number, at: number, odd?: Odd): EntryRecord {
  const iso = new Date(at).toISOString();
  return {
    id: `e-${String(i).padStart(5, '0')}`,
    compoundId: 'demo-compound',
    gateId: i % 3 ? 'gate-south' : 'gate-north',
    direction: i % 2 ? 'out' : 'in',
    credential: odd?.credential ?? `HM${String(i).padStart(5, '0')}`,
    credentialSource: 'wedge',
    passId: null,
    residentId: null,
    householdId: null,
    building: odd ? odd.building : String(1 + (i % 5)),
    unit: odd ? null : '1',
    room: odd ? null : String(100 + (i % 9)),
    residentNameMasked: odd ? odd.name : '张*',
    statusCode: null,
    tempObjectC: i % 4 ? 36.5 : null,
    tempBodyC: i % 4 ? 36.25 + (i % 3) / 10 : null,
    tempDevice: null,
    tempSource: i % 4 ? 'device' : null,
    readingsJson: '[]',
    decision: i % 7 === 0 ? 'deny' : 'admit',
    reasons: i % 7 === 0 ? ['fever'] : [],
    alert: false,
    staff: odd?.staff ?? [],
    startedAt: iso,
    occurredAt: iso,
    recordedAt: iso,
  };
}

beforeAll(async () => {
  gate = await makeGate({ roster: [] });
  const log = new EntryLogStore(gate.db);
  // Rows every 7 s from 2 h before the switch, the odd ones early so they land on the first page.
  for (let i = 0; i < BULK; i++)
    entries.push(entry(i, SWITCH - 7_200_000 + i * 7_000, i < ODD.length ? ODD[i] : undefined));
  gate.db.transaction(() => entries.forEach((e) => log.append(e, null)))();
  out = tempDir('gatehouse-export-formats-');
});
afterAll(async () => {
  await gate.cleanup();
  out.cleanup();
});
beforeEach(() => {
  folder = join(out.dir, `run-${n++}`);
  mkdirSync(folder);
});

const run = (o: Partial<StreamExportOptions>) =>
  exportEntryLog({
    db: gate.db,
    format: 'csv',
    folder,
    filter: {},
    timeZone: TZ,
    lang: 'en',
    unmasked: false,
    ...o,
  });

const WORD: Record<string, string> = { in: 'in', out: 'out', admit: 'admitted', deny: 'refused' };

/** The display values of an entry, from the record and formatLocal, not from the export code. */
function want(e: EntryRecord): string[] {
  return [
    e.id,
    formatLocal(e.occurredAt, TZ),
    e.gateId,
    WORD[e.direction]!,
    e.credential === '13912345678' ? '*******5678' : e.credential,
    e.building ?? '',
    e.unit ?? '',
    e.room ?? '',
    e.residentNameMasked ?? '',
    e.tempBodyC === null ? '' : e.tempBodyC.toFixed(1),
    e.tempSource === 'device' ? 'thermometer' : '',
    WORD[e.decision]!,
    e.reasons.length ? 'abnormal temperature' : '',
    e.staff.join('、'),
  ];
}

/** What a CSV cell holds once Excel (or csv-parse) reads it: formula-looking text gets an apostrophe. */
const csvShown = (v: string): string => (/^[=+\-@\t\r\n]/.test(v) ? `'${v}` : v);
/** What an XLSX cell holds: characters XML cannot carry are dropped. */
// eslint-disable-next-line no-control-regex
const xlsxShown = (v: string): string => v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

describe('entry-log export formats against hand-written values', () => {
  it('CSV: every row, odd text escaped, times exact on both sides of the DST switch', async () => {
    const result = await run({});
    expect(result.rows).toBe(BULK);
    const rows = parse(readFileSync(result.path, 'utf8'), { bom: true, relax_quotes: true }) as string[][];
    expect(rows).toHaveLength(BULK + 1);
    entries.forEach((e, i) => expect(rows[i + 1], e.id).toEqual(want(e).map(csvShown)));
    // Berlin skips 02:00–02:59 on that night: the last row before it and the first after it.
    const times = rows.slice(1).map((r) => r[1]!);
    expect(times).toContain('2021-03-28 01:59:56');
    expect(times).toContain('2021-03-28 03:00:03');
    expect(times.some((t) => t.startsWith('2021-03-28 02:'))).toBe(false);
  });

  it('XLSX: the same rows read back in exceljs cell by cell', async () => {
    const result = await run({ format: 'xlsx' });
    expect(result.rows).toBe(BULK);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(result.path);
    const sheet = book.getWorksheet('Entry log')!;
    expect(sheet.rowCount).toBe(BULK + 1);
    entries.forEach((e, i) => {
      const row = sheet.getRow(i + 2);
      want(e).forEach((v, c) => {
        const shown = xlsxShown(v);
        expect(row.getCell(c + 1).value ?? '', `${e.id} col ${c + 1}`).toBe(shown);
      });
    });
  });

  it('a filter across several pages keeps exactly its rows, in order', async () => {
    const result = await run({ filter: { gateId: 'gate-north', decision: 'admit' } });
    const picked = entries.filter((e) => e.gateId === 'gate-north' && e.decision === 'admit');
    expect(picked.length).toBeGreaterThan(ENTRY_PAGE / 3);
    const rows = parse(readFileSync(result.path, 'utf8'), { bom: true, relax_quotes: true }) as string[][];
    expect(rows.slice(1).map((r) => r[0])).toEqual(picked.map((e) => e.id));
  });

  it.each(['csv', 'xlsx'] as const)('an empty %s export is the header alone', async (format) => {
    const result = await run({ format, filter: { from: '2030-01-01', to: '2030-01-02' } });
    expect(result.rows).toBe(0);
    if (format === 'csv') {
      const text = readFileSync(result.path, 'utf8');
      expect(text.startsWith('\uFEFF"Record id","Time"')).toBe(true);
      expect(text.split('\r\n')).toHaveLength(2);
    } else {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(result.path);
      expect(book.getWorksheet('Entry log')!.rowCount).toBe(1);
    }
  });

  it('an XLSX past the zip limit is refused as too_large and leaves no file', async () => {
    await expect(run({ format: 'xlsx', xlsxMaxBytes: 20_000 })).rejects.toMatchObject({
      name: 'ExportError',
      reason: 'too_large',
      code: 'invalid_input',
    });
    expect(readdirSync(folder)).toEqual([]);
  });
});
