/**
 * File fuzz (issue 8 item 4): every file the gate reads from outside — roster imports (.csv/.xlsx),
 * the volunteer schedule import and config.json — under truncation, corruption, zip bombs, XML
 * bombs, wrong encodings and junk. What each case must show:
 *  - a typed refusal: `bad_file` with a `details.reason` the screen translates (fileImport.reason.*),
 *    or for config.json a ConfigError naming the field at fault; never `internal`;
 *  - all or nothing: a refused or blocked import leaves the database byte-for-byte as it was
 *    (checksum over every table), and a refused config leaves the last good copy untouched;
 *  - no crash, and bounded memory: the bombs run in a child process with a 256 MB heap, which a
 *    single inflated bomb or exceljs expansion would exceed; its peak RSS is printed and bounded.
 * Counts scale with FUZZ_RUNS (100,000 by default → the per-target counts printed below).
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  configPath,
  DEFAULT_CONFIG,
  GateConfig,
  lastGoodConfigPath,
  loadConfig,
  loadConfigOrLastGood,
} from '../../src/main/config/config';
import { parseDevices } from '../../src/main/devices/deviceConfig';
import { MAX_CSV_FIELDS, MAX_FILE_BYTES } from '../../src/main/roster/parseRoster';
import { XLSX_LIMITS } from '../../src/main/roster/xlsxGuard';
import type { Db } from '../../src/main/store/db';
import { startGate } from '../../src/main/runtime/startGate';
import { makeGate, type TestGate } from '../helpers/gate';
import * as H from './hostileFiles';
import { reportCount } from '../helpers/counts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const runs = (divisor: number): number => Math.max(10, Math.round(RUNS / divisor));
const TIMEOUT = 600_000;
/** parseRoster's MAX_CSV_RECORD_CHARS: a cell one over it makes the record too long. */
const MAX_CSV_RECORD = 1024 * 1024;

/** Every reason a file refusal may carry (RosterFileReason); anything else is a bug. */
const REASONS = new Set(['unsupported_extension', 'empty', 'no_header', 'missing_columns', 'no_data', 'corrupt', 'too_many_rows', 'too_many_columns', 'too_large']);

function dbChecksum(db: Db): string {
  const h = createHash('sha256');
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
  for (const { name } of tables) {
    h.update(`\u0000${name}\u0000`);
    for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw().all()) h.update(JSON.stringify(row));
  }
  return h.digest('hex');
}

const peakMB = (): number => process.resourceUsage().maxRSS / 1024;

type Tally = { cases: number; refused: number; parsed: number; imported: number; crashes: number; partial: number; reasons: Map<string, number> };
const tally = (): Tally => ({ cases: 0, refused: 0, parsed: 0, imported: 0, crashes: 0, partial: 0, reasons: new Map() });
function print(target: string, t: Tally, rssFrom: number): void {
  const reasons = [...t.reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ');
  reportCount(
    `file fuzz (${target}): ${t.cases.toLocaleString('en')} cases, ${t.crashes} crashes, ${t.partial} partial imports, ` +
      `${t.refused} refused (${reasons}), ${t.parsed} read (${t.imported} imported whole), peak RSS +${Math.round(peakMB() - rssFrom)} MB`,
  );
}

/**
 * One import through the real dispatch path, judged: a refusal is bad_file with a known reason and
 * no write; an answer either imported (a clean file, not a dry run) or changed nothing.
 */
async function judgeImport(
  gate: TestGate,
  t: Tally,
  method: 'roster:import' | 'schedule:import',
  fileName: string,
  data: Buffer,
  opts: { dryRun: boolean; mode?: 'all_or_nothing' | 'valid_rows' },
): Promise<string | null> {
  t.cases++;
  const before = dbChecksum(gate.db);
  const input =
    method === 'roster:import'
      ? { fileName, dataBase64: data.toString('base64'), mode: opts.mode ?? 'all_or_nothing', dryRun: opts.dryRun }
      : { fileName, dataBase64: data.toString('base64'), dryRun: opts.dryRun };
  let res: Awaited<ReturnType<TestGate['dispatch']>>;
  try {
    res = await gate.dispatch(method, input);
  } catch (e) {
    t.crashes++;
    return `dispatch threw: ${String(e)}`;
  }
  const after = dbChecksum(gate.db);
  if (!res.ok) {
    const details = res.error.details as { reason?: string } | undefined;
    // invalid_input: the base64 is over the contract's cap, refused before any handler ran.
    if (res.error.code === 'invalid_input' && after === before) {
      t.refused++;
      t.reasons.set('contract size cap', (t.reasons.get('contract size cap') ?? 0) + 1);
      return null;
    }
    if (res.error.code !== 'bad_file') {
      t.crashes++;
      return `error ${res.error.code}: ${res.error.message}`;
    }
    if (!details?.reason || !REASONS.has(details.reason) || !res.error.message) return `bad_file without a known reason: ${JSON.stringify(res.error)}`;
    t.refused++;
    t.reasons.set(details.reason, (t.reasons.get(details.reason) ?? 0) + 1);
    if (after !== before) {
      t.partial++;
      return 'a refused import changed the database';
    }
    return null;
  }
  t.parsed++;
  const r = res.value as { imported: boolean; problems: unknown[] };
  if (r.imported) {
    t.imported++;
    if (opts.dryRun) return 'a dry run imported';
    if (r.problems.length > 0 && (opts.mode ?? 'all_or_nothing') === 'all_or_nothing') return 'imported a file with problems';
  } else if (after !== before) {
    t.partial++;
    return 'an import that reported nothing imported changed the database';
  }
  return null;
}

/** fast-check runs the async property; a non-null verdict fails the case with its reason. */
const verdict = (v: string | null): void => {
  if (v !== null) throw new Error(v);
};

let gate: TestGate;
let good: Buffer;
let demoXlsx: Buffer;
let scheduleXlsx: Buffer;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => void unhandled.push(e);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  gate = await makeGate({ signIn: ['demo-manager'] });
  good = await H.goodWorkbook(20);
  demoXlsx = readFileSync(join(__dirname, '..', '..', 'resources', 'demo-roster.xlsx'));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('排班');
  ws.addRow(['日期', '岗位', '开始', '结束', '姓名', '角色', '电话']);
  for (let i = 0; i < 10; i++) ws.addRow([`2020-02-${String(11 + i)}`, '南门', '08:00', '12:00', `志愿者${i}`, '志愿者', '13900000000']);
  scheduleXlsx = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}, 60_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  await gate?.cleanup();
  expect(unhandled).toEqual([]);
});

describe('file fuzz: roster .xlsx', () => {
  it('truncated at any byte: refused as corrupt, nothing imported', async () => {
    const t = tally();
    const from = peakMB();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(good, demoXlsx).chain((b) => fc.tuple(fc.constant(b), fc.nat({ max: b.length - 1 }))), fc.boolean(), async ([base, cut], dryRun) => {
        // Never the whole file.
        const v = await judgeImport(gate, t, 'roster:import', 'r.xlsx', base.subarray(0, cut), { dryRun });
        verdict(v);
        // A prefix of a zip has no end record (or a dangling one): it must never be read as data.
        if (t.parsed > 0) throw new Error(`a truncated workbook (${cut} of ${base.length} bytes) was read`);
      }),
      { numRuns: runs(200) },
    );
    print('roster xlsx truncated', t, from);
  }, TIMEOUT);

  it('bytes overwritten anywhere (central directory, local headers, deflate data): typed error or a whole answer', async () => {
    const t = tally();
    const from = peakMB();
    const damage = fc.record({
      region: fc.constantFrom('anywhere', 'central', 'tail'),
      at: fc.nat({ max: 1_000_000 }).map((n) => n / 1_000_001),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
      mode: fc.constantFrom('all_or_nothing' as const, 'valid_rows' as const),
      dryRun: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(good, demoXlsx), damage, async (base, d) => {
        const buf = Buffer.from(base);
        // The central directory sits just before the 22-byte end record; "tail" hits the end record.
        const cdStart = buf.readUInt32LE(buf.length - 22 + 16);
        const [lo, hi] = d.region === 'central' ? [cdStart, buf.length - 22] : d.region === 'tail' ? [buf.length - 22, buf.length] : [0, buf.length];
        const pos = lo + Math.floor(d.at * (hi - lo));
        Buffer.from(d.bytes).copy(buf, pos);
        verdict(await judgeImport(gate, t, 'roster:import', 'r.xlsx', buf, { dryRun: d.dryRun, mode: d.mode }));
      }),
      { numRuns: runs(200) },
    );
    print('roster xlsx corrupted', t, from);
  }, TIMEOUT);

  it('hostile structure (bombs, lying sizes, DTDs, huge ranges, deep XML, odd methods): refused before exceljs expands it', async () => {
    const t = tally();
    const from = peakMB();
    const ref = fc.tuple(fc.integer({ min: 1, max: 16_384 }), fc.integer({ min: 1, max: 1_048_576 }), fc.integer({ min: 1, max: 16_384 }), fc.integer({ min: 1, max: 1_048_576 }))
      .map(([c1, r1, c2, r2]) => `${colName(c1)}${r1}:${colName(c2)}${r2}`);
    const hostile = fc.oneof(
      // A sheet part of zeros, honest or lying about its size (the lie is up to 1000 × the truth).
      fc.record({ kind: fc.constant('bomb' as const), mb: fc.integer({ min: 1, max: 256 }), lieBy: fc.constantFrom(1, 0.5, 0.001), stored: fc.constant(false) }),
      fc.record({ kind: fc.constant('merges' as const), refs: fc.array(ref, { minLength: 1, maxLength: 5 }) }),
      fc.record({ kind: fc.constant('validation' as const), refs: fc.array(ref, { minLength: 1, maxLength: 5 }) }),
      fc.record({ kind: fc.constant('cols' as const), min: fc.integer({ min: 1, max: 2 ** 31 }), max: fc.integer({ min: 1, max: 2 ** 31 }) }),
      fc.record({ kind: fc.constant('deep' as const), depth: fc.integer({ min: 1, max: 200_000 }), where: fc.constantFrom('sheet', 'strings', 'cell') }),
      fc.record({ kind: fc.constant('dtd' as const), where: fc.constantFrom(H.SHEET, H.STRINGS, 'xl/workbook.xml', '[Content_Types].xml') }),
      fc.record({ kind: fc.constant('entries' as const), n: fc.integer({ min: 1, max: XLSX_LIMITS.maxEntries + 2_000 }), eocdLies: fc.boolean() }),
      fc.record({ kind: fc.constant('method' as const), method: fc.constantFrom(1, 9, 12, 14, 99, 0xffff) }),
      fc.record({ kind: fc.constant('zip64' as const), field: fc.constantFrom('csize', 'usize', 'local') }),
      // Small sheets, and sheets just over the object budget (which must be refused by the scan).
      fc.record({ kind: fc.constant('cells' as const), rows: fc.integer({ min: 1, max: 200 }), cols: fc.integer({ min: 1, max: 30 }) }),
      fc.record({ kind: fc.constant('cells' as const), rows: fc.integer({ min: 82_000, max: 110_000 }), cols: fc.constant(20) }),
      fc.record({ kind: fc.constant('junkXml' as const), xml: fc.string({ unit: fc.constantFrom('<', '>', '/', 'c', 'row', ' r="A1"', '"', '!', '?', '&', ';', 'x', ':', '\u0000', '\uFFFF', '\uD800') , maxLength: 400 }), where: fc.constantFrom(H.SHEET, H.STRINGS, 'xl/workbook.xml', 'xl/styles.xml') }),
      fc.record({ kind: fc.constant('farRefs' as const), col: fc.integer({ min: 1, max: 20_000 }), row: fc.integer({ min: 1, max: 2 ** 31 }) }),
    );
    await fc.assert(
      fc.asyncProperty(hostile, fc.boolean(), async (h, dryRun) => {
        verdict(await judgeImport(gate, t, 'roster:import', 'r.xlsx', buildHostile(h), { dryRun }));
      }),
      { numRuns: runs(500) },
    );
    print('roster xlsx hostile', t, from);
    // The structural limits, not the reader, must be what refuses these.
    expect(t.reasons.get('too_large') ?? 0).toBeGreaterThan(0);
  }, TIMEOUT);
});

describe('file fuzz: roster .csv', () => {
  it('any text in any encoding, junk bytes, NULs, quotes, huge cells: typed error or a whole answer', async () => {
    const t = tally();
    const from = peakMB();
    const cell = fc.oneof(
      { weight: 6, arbitrary: fc.string({ maxLength: 12 }) },
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
      { weight: 6, arbitrary: fc.constantFrom('', '"', '""', '"a,b"', '=cmd|\' /C calc\'!A0', '+1+1', '@SUM(A1)', '\u0000', '\r', '\n', '\uFEFF', '楼号', '出入证号', '状态', 'P1', 'black', '业主') },
      // Huge cells are rare per cell, so a file holds one or two, not dozens.
      { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 19 }), fc.constantFrom(40_000, MAX_CSV_RECORD + 1)).map(([k, n]) => (k === 0 ? 'x'.repeat(n) : 'y')) },
    );
    const table = fc.tuple(fc.boolean(), fc.array(fc.array(cell, { maxLength: 70 }), { maxLength: 30 }), fc.constantFrom(',', '\r\n', '\n', '\r'))
      .map(([header, rows, eol]) => [...(header ? [H.CSV_HEADER] : []), ...rows.map((r) => r.join(','))].join(eol));
    const file = fc.oneof(
      fc.tuple(table, fc.constantFrom('utf8', 'utf8bom', 'utf16le', 'utf16be') as fc.Arbitrary<'utf8'>).map(([text, enc]) => H.encodeCsv(text, enc)),
      fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
      fc.tuple(fc.uint8Array({ maxLength: 256 }), fc.integer({ min: 0, max: 20 })).map(([b, k]) => Buffer.concat([H.encodeCsv(H.CSV_HEADER + '\r\n' + H.csvRow(k), 'gbk'), Buffer.from(b)])),
    );
    await fc.assert(
      fc.asyncProperty(file, fc.constantFrom('r.csv', 'R.CSV', 'r.txt', 'r.xlsx', 'r', '.csv'), fc.boolean(), fc.constantFrom('all_or_nothing' as const, 'valid_rows' as const), async (data, name, dryRun, mode) => {
        verdict(await judgeImport(gate, t, 'roster:import', name, data, { dryRun, mode }));
      }),
      { numRuns: runs(100) },
    );
    print('roster csv', t, from);
  }, TIMEOUT);

  it('the field budget is exact: a file at it is read, one field more is refused as too large', async () => {
    // The header's 9 fields plus a second line of empty ones: fields = commas + line breaks + 1.
    const at = (fields: number): Buffer => Buffer.from(`${H.CSV_HEADER}\n${','.repeat(fields - 9 - 1)}`);
    const ok = await gate.dispatch('roster:import', { fileName: 'r.csv', dataBase64: at(MAX_CSV_FIELDS).toString('base64'), mode: 'all_or_nothing', dryRun: true });
    expect(ok.ok ? 'read' : (ok.error.details as { reason: string }).reason).not.toBe('too_large');
    const over = await gate.dispatch('roster:import', { fileName: 'r.csv', dataBase64: at(MAX_CSV_FIELDS + 1).toString('base64'), mode: 'all_or_nothing', dryRun: true });
    expect(over.ok ? 'read' : (over.error.details as { reason: string }).reason).toBe('too_large');
  });

  it('reads the encodings committees produce: UTF-8 with and without BOM, UTF-16 LE/BE, GBK', async () => {
    const text = [H.CSV_HEADER, H.csvRow(1), H.csvRow(2)].join('\r\n');
    for (const enc of ['utf8', 'utf8bom', 'utf16le', 'utf16be', 'gbk'] as const) {
      const res = await gate.dispatch('roster:import', { fileName: 'r.csv', dataBase64: H.encodeCsv(text, enc).toString('base64'), mode: 'all_or_nothing', dryRun: true });
      expect(res.ok ? (res.value as { validRows: number }).validRows : res, enc).toBe(2);
    }
  });
});

describe('file fuzz: volunteer schedule', () => {
  it('truncated, corrupted or random files: typed error or a whole answer, never a partial schedule', async () => {
    const t = tally();
    const from = peakMB();
    const scheduleCsv = Buffer.from('日期,岗位,开始,结束,姓名\r\n2020-02-11,南门,08:00,12:00,甲\r\n2020-02-12,南门,22:00,06:00,乙\r\n');
    const file = fc.oneof(
      fc.tuple(fc.constantFrom(scheduleXlsx, scheduleCsv), fc.nat({ max: 1_000_000 }).map((n) => n / 1_000_001)).map(([b, at]) => b.subarray(0, Math.floor(at * b.length))),
      fc.tuple(fc.constantFrom(scheduleXlsx, scheduleCsv), fc.nat({ max: 1_000_000 }).map((n) => n / 1_000_001), fc.uint8Array({ minLength: 1, maxLength: 32 })).map(([b, at, junk]) => {
        const c = Buffer.from(b);
        Buffer.from(junk).copy(c, Math.floor(at * (c.length - 1)));
        return c;
      }),
      fc.string({ maxLength: 2000 }).map((s) => Buffer.from(s)),
      fc.constantFrom(
        H.withPart(scheduleXlsx, H.SHEET, H.sheetXml({ after: '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>' })),
        H.withPart(scheduleXlsx, H.SHEET, H.sheetXml({ prolog: H.billionLaughs() })),
        H.zip([{ name: H.SHEET, data: Buffer.alloc(0), packed: H.deflatedZeros(64 * 1024 * 1024), declaredSize: 1000 }]),
      ),
    );
    await fc.assert(
      fc.asyncProperty(file, fc.constantFrom('s.csv', 's.xlsx'), fc.boolean(), async (data, name, dryRun) => {
        verdict(await judgeImport(gate, t, 'schedule:import', name, data, { dryRun }));
      }),
      { numRuns: runs(200) },
    );
    print('schedule csv/xlsx', t, from);
  }, TIMEOUT);
});

// ---- Memory: the bombs in a child with a small heap ----------------------------------------------

const CHILD = join(__dirname, 'fileFuzzChild.ts');
const HEAP_MB = 256;
/** Node + tsx + the file read into memory; a bomb that got through would be far beyond this. */
const RSS_BOUND_MB = 400;

function runChild(dir: string, name: string, data: Buffer, kind: 'roster' | 'schedule' = 'roster', heapMB = HEAP_MB): { outcome: string; reason?: string; rows?: number; maxRssMB: number; status: number | null; stderr: string } {
  const path = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  writeFileSync(path, data);
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMB}`, '--import', 'tsx', CHILD, path, name, kind], { encoding: 'utf8', timeout: 120_000 });
  rmSync(path, { force: true });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return { ...(JSON.parse(line) as { outcome: string; maxRssMB: number }), status: r.status, stderr: r.stderr };
  } catch {
    return { outcome: 'crashed', maxRssMB: -1, status: r.status, stderr: r.stderr.slice(-600) };
  }
}

describe('file fuzz: memory stays bounded (child process, 256 MB heap)', () => {
  it('every bomb is refused with its reason, the child survives, peak RSS bounded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'd-filefuzz-'));
    try {
      const sheet = (xml: string): Buffer => H.withPart(good, H.SHEET, xml);
      const cells = (rows: number, cols: number): string => {
        const parts: string[] = [];
        for (let r = 2; r < rows + 2; r++) parts.push(`<row r="${r}">${Array.from({ length: cols }, (_, c) => `<c r="${colName(c + 1)}${r}"/>`).join('')}</row>`);
        return parts.join('');
      };
      const many = Array.from({ length: 12_000 }, (_, i) => ({ name: `xl/m${i}.bin`, data: Buffer.alloc(0) }));
      const gb2 = H.deflatedZeros(2 * 1024 ** 3);
      // The heaviest workbook the guard lets through: just under the object budget, numbers that do
      // not compress past the ratio limit. Read in one streamed pass (xlsxRows.ts), it fits the same
      // 256 MB heap as the bombs and stays under 400 MB of RSS (it took ~950 MB through exceljs).
      const atLimits = (): Buffer => {
        const rows: string[] = [];
        let x = 12345;
        for (let r = 2; r < 80_002; r++) {
          let row = `<row r="${r}">`;
          for (let c = 0; c < 20; c++) {
            x = (x * 1103515245 + 12345) % 2147483648;
            row += `<c r="${colName(c + 1)}${r}"><v>${x % 100000}</v></c>`;
          }
          rows.push(`${row}</row>`);
        }
        return sheet(H.sheetXml({ rows: rows.join('') }));
      };
      const corpus: { name: string; file: string; data: Buffer; reason: string; kind?: 'roster' | 'schedule'; heapMB?: number; rssMB?: number }[] = [
        { name: 'at the limits: 1.6 million numeric cells, 41 MB of XML (accepted by the guard)', file: 'r.xlsx', data: atLimits(), reason: 'read', rssMB: 400 },
        { name: 'baseline: a valid 20-row workbook', file: 'r.xlsx', data: good, reason: 'parsed' },
        { name: '2 GB of zeros, declared honestly (2 MB file)', file: 'r.xlsx', data: H.zip([...H.unzip(good).filter((e) => e.name !== H.SHEET), { name: H.SHEET, data: Buffer.alloc(0), packed: gb2, declaredSize: 2 * 1024 ** 3 - 1 }]), reason: 'too_large' },
        { name: '2 GB of zeros declared as 1 KB', file: 'r.xlsx', data: H.zip([...H.unzip(good).filter((e) => e.name !== H.SHEET), { name: H.SHEET, data: Buffer.alloc(0), packed: gb2, declaredSize: 1024 }]), reason: 'too_large' },
        { name: '2 GB of zeros hidden behind an end record counting one entry', file: 'r.xlsx', data: H.zip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: H.SHEET, data: Buffer.alloc(0), packed: gb2, declaredSize: 1024 }], { eocdEntries: 1 }), reason: 'too_large' },
        { name: '60 MB of zeros declared honestly (ratio 1000:1)', file: 'r.xlsx', data: H.zip([{ name: H.SHEET, data: Buffer.alloc(0), packed: H.deflatedZeros(60 * 1024 * 1024), declaredSize: 60 * 1024 * 1024 }]), reason: 'too_large' },
        { name: '12,000 zip entries', file: 'r.xlsx', data: H.zip(many), reason: 'too_large' },
        { name: 'merge over A1:XFD1048576 (7 KB)', file: 'r.xlsx', data: sheet(H.sheetXml({ after: '<mergeCells count="1"><mergeCell ref="J1:XFD1048576"/></mergeCells>' })), reason: 'too_large' },
        // exceljs expanded it (the guard counted it); the reader skips validations, so it reads.
        { name: 'data validation over J1:XFD1048576 (7 KB)', file: 'r.xlsx', data: sheet(H.sheetXml({ after: '<dataValidations count="1"><dataValidation type="list" sqref="J1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>' })), reason: 'parsed' },
        { name: 'column definition max="2000000000"', file: 'r.xlsx', data: sheet(H.sheetXml({ before: '<cols><col min="1" max="2000000000" width="10"/></cols>' })), reason: 'corrupt' },
        { name: 'billion laughs in the sheet', file: 'r.xlsx', data: sheet(H.sheetXml({ prolog: H.billionLaughs(), rows: '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>' })), reason: 'corrupt' },
        { name: 'billion laughs in sharedStrings', file: 'r.xlsx', data: H.withPart(good, H.STRINGS, `<?xml version="1.0"?>${H.billionLaughs()}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>`), reason: 'corrupt' },
        { name: '200,000 nested elements', file: 'r.xlsx', data: sheet(H.sheetXml({ after: '<x>'.repeat(200_000) + '</x>'.repeat(200_000) })), reason: 'too_large' },
        { name: '1.9 million empty cells (within the size limit)', file: 'r.xlsx', data: sheet(H.sheetXml({ rows: cells(90_000, 20) })), reason: 'too_large' },
        { name: `CSV: ${MAX_FILE_BYTES + 1} bytes (over the file cap)`, file: 'r.csv', data: Buffer.alloc(MAX_FILE_BYTES + 1, 'a'), reason: 'too_large' },
        { name: 'CSV: 22 MB of commas', file: 'r.csv', data: Buffer.concat([Buffer.from(H.CSV_HEADER + '\n'), Buffer.alloc(22 * 1024 * 1024, ',')]), reason: 'too_large' },
        { name: 'CSV: 22 MB of CRLF', file: 'r.csv', data: Buffer.concat([Buffer.from(H.CSV_HEADER + '\n'), Buffer.from('\r\n'.repeat(11 * 1024 * 1024))]), reason: 'too_large' },
        { name: 'CSV: 22 MB of NUL bytes', file: 'r.csv', data: Buffer.concat([Buffer.from(H.CSV_HEADER + '\n'), Buffer.alloc(22 * 1024 * 1024, 0)]), reason: 'corrupt' },
        { name: 'CSV: one 22 MB quoted cell', file: 'r.csv', data: Buffer.concat([Buffer.from(H.CSV_HEADER + '\n"'), Buffer.alloc(22 * 1024 * 1024, 'x'), Buffer.from('"')]), reason: 'corrupt' },
        { name: 'CSV: 22 MB of random bytes', file: 'r.csv', data: randomBytes(22 * 1024 * 1024), reason: 'any' },
        { name: 'schedule: merge over the whole sheet', file: 's.xlsx', data: sheet(H.sheetXml({ after: '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>' })), reason: 'too_large', kind: 'schedule' },
        // Shape bombs (review of xlsxRows.ts): the reader kept any column up to XFD and filled every
        // row out to its last cell; the 64-column check ran after. One cell at XFD per row, 100,000
        // rows (0.5 MB file): heap out of memory (a 2,000-row one already took 407 MB).
        { name: 'a cell at XFD in each of 100,000 rows', file: 'r.xlsx', data: sheet(H.sheetXml({ rows: wideRows(100_000, 'XFD') })), reason: 'too_many_columns' },
        // The densest shape the limits admit: 100,000 rows of 64 columns once filled (A and BL set).
        { name: 'at the shape limits: 100,000 rows × 64 columns', file: 'r.xlsx', data: sheet(H.sheetXml({ rows: wideRows(100_000, 'BL', true) })), reason: 'read' },
        // A merge the guard read differently from the reader (single quotes, a '>' inside a quote)
        // counted 0 cells there and was filled in 100,000 × 16,382 cells: heap out of memory.
        ...(['ref="C3:XFD100001"', "ref='C3:XFD100001'", 'x=">" ref="C3:XFD100001"', 'ref="C3:&#88;FD100001"'] as const).map((attr) => ({
          name: `merge <mergeCell ${attr}/>`,
          file: 'r.xlsx',
          data: sheet(H.sheetXml({ after: `<mergeCells count="1"><mergeCell ${attr}/></mergeCells>` })),
          reason: 'too_large',
        })),
      ];
      const lines: string[] = [];
      for (const c of corpus) {
        const r = runChild(dir, c.file, c.data, c.kind, c.heapMB);
        lines.push(`  ${c.name}: ${r.outcome}${r.reason ? ` (${r.reason})` : ''}, peak RSS ${r.maxRssMB} MB`);
        expect(r.status, `${c.name}: child exit\n${r.stderr}`).toBe(0);
        if (c.reason === 'parsed') expect(r.outcome, c.name).toBe('parsed');
        else if (c.reason === 'any') expect(r.outcome, c.name).toBe('refused');
        else if (c.reason === 'read') expect(r.reason ?? 'read', c.name).not.toBe('too_large');
        else expect(r.reason, c.name).toBe(c.reason);
        expect(r.maxRssMB, c.name).toBeLessThan(c.rssMB ?? RSS_BOUND_MB);
      }
      reportCount(`file fuzz (memory, ${HEAP_MB} MB heap unless noted): ${corpus.length} bombs and limits, 0 crashes`);
      console.log(lines.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, TIMEOUT);
});

// ---- config.json ---------------------------------------------------------------------------------

describe('file fuzz: config.json', () => {
  it('any content: the whole config or a ConfigError naming the field; the last good copy is what start-up falls back to', () => {
    const root = mkdtempSync(join(tmpdir(), 'd-config-'));
    const t = { cases: 0, loaded: 0, refused: 0, fallback: 0, crashes: 0 };
    const from = peakMB();
    const goodText = JSON.stringify(DEFAULT_CONFIG, null, 2);
    const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).join();
    const json = (v: unknown): string => JSON.stringify(v);
    // A path into the default config and a value put there: the error must name that field.
    const paths = leafPaths(DEFAULT_CONFIG);
    const mutated = fc.tuple(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 })).map(([path, value]) => ({ path, text: json(setAt(structuredClone(DEFAULT_CONFIG), path, value)) }));
    const pollution = fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.constantFrom([], ['policy'], ['flows'], ['retention'], ['devices', '0']), fc.jsonValue({ maxDepth: 2 }))
      .map(([key, at, value]) => ({ path: at, text: injectKey(goodText, at, key, value) }));
    const unknownKey = fc.tuple(fc.constantFrom([], ['policy'], ['kiosk'], ['sync']), fc.string({ minLength: 1, maxLength: 10 }))
      .filter(([at, k]) => !(k in (at.reduce<Record<string, unknown>>((o, p) => o[p] as Record<string, unknown>, DEFAULT_CONFIG as unknown as Record<string, unknown>))))
      .map(([at, key]) => ({ path: at, text: injectKey(goodText, at, key, 1) }));
    const text = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => ({ path: null, text: json(v) })),
      fc.nat({ max: 1_000_000 }).map((n) => n / 1_000_001).map((at) => ({ path: null, text: goodText.slice(0, Math.floor(at * goodText.length)) })),
      fc.string({ maxLength: 300 }).map((s) => ({ path: null, text: s })),
      fc.integer({ min: 1, max: 400_000 }).map((n) => ({ path: null, text: '['.repeat(n) + ']'.repeat(n) })),
      fc.integer({ min: 1, max: 100_000 }).map((n) => ({ path: null, text: `{"devices":[${'{"a":'.repeat(n)}1${'}'.repeat(n)}]}` })),
      fc.constantFrom(
        { path: null, text: ' '.repeat(2 * 1024 * 1024) },
        { path: null, text: '\uFEFF' + goodText },
        { path: null, text: '' },
      ),
      mutated,
      pollution,
      unknownKey,
    );
    try {
      let i = 0;
      fc.assert(
        fc.property(text, fc.boolean(), fc.constantFrom('utf8', 'utf16le'), (c, seenGood, enc) => {
          t.cases++;
          const dir = join(root, String(i++));
          mkdirSync(dir);
          if (seenGood) {
            writeFileSync(configPath(dir), goodText);
            loadConfig(dir); // keeps config.last-good.json
          }
          const bytes = enc === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(c.text, 'utf16le')]) : Buffer.from(c.text);
          writeFileSync(configPath(dir), bytes);
          const decoded = new TextDecoder(enc === 'utf16le' ? 'utf-16le' : 'utf-8').decode(bytes).replace(/^\uFEFF/, '');
          let loaded: GateConfig | null = null;
          let error: ConfigError | null = null;
          try {
            loaded = loadConfig(dir);
          } catch (e) {
            if (!(e instanceof ConfigError)) {
              t.crashes++;
              throw e;
            }
            error = e;
          }
          if (Object.getOwnPropertyNames(Object.prototype).join() !== PROTO_KEYS) throw new Error('Object.prototype polluted');
          if (loaded) {
            t.loaded++;
            // Whole: exactly what the schema makes of the file, with its own parse.
            const expected = GateConfig.parse(JSON.parse(decoded));
            expect(loaded).toEqual(expected);
            expect(Object.getPrototypeOf(loaded)).toBe(Object.prototype);
            // Device entries are validated one by one: each is either used or reported, none thrown.
            const devices = parseDevices(loaded.devices);
            expect(devices.devices.length + devices.invalid.length).toBe(loaded.devices.length);
            expect(readFileSync(lastGoodConfigPath(dir), 'utf8').replace(/^\uFEFF/, '')).toBe(decoded);
          } else {
            t.refused++;
            expect(error!.problems.length).toBeGreaterThan(0);
            for (const p of error!.problems) expect(p).toMatch(/^(\(file\)|\(root\)|[A-Za-z0-9_.]+):/);
            expect(error!.message.length).toBeLessThan(10_000);
            if (c.path && c.path.length > 0) {
              // Names the field the change was made in (or one inside it).
              expect(error!.problems.some((p) => p.startsWith(c.path![0]!) || p.startsWith('(root)')), error!.problems.join('\n')).toBe(true);
            }
            const { config, fallback } = (() => {
              try {
                return loadConfigOrLastGood(dir);
              } catch (e) {
                return { config: null, fallback: e as Error };
              }
            })();
            if (seenGood) {
              t.fallback++;
              expect(fallback).toBeInstanceOf(ConfigError);
              expect(config).toEqual(DEFAULT_CONFIG);
              expect(readFileSync(lastGoodConfigPath(dir), 'utf8')).toBe(goodText);
            } else {
              expect(config).toBeNull();
              expect(fallback).toBeInstanceOf(ConfigError);
            }
          }
          rmSync(dir, { recursive: true, force: true });
        }),
        { numRuns: runs(100) },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    reportCount(
      `file fuzz (config.json): ${t.cases.toLocaleString('en')} cases, ${t.crashes} crashes, ${t.loaded} loaded whole, ${t.refused} refused with the field named, ` +
        `${t.fallback} started on the last good config, 0 half-applied, peak RSS +${Math.round(peakMB() - from)} MB`,
    );
  }, TIMEOUT);

  it('the gate starts on the last good config when config.json breaks, logs why and audits it', async () => {
    const g = await makeGate();
    const { dataDir } = g;
    await g.close();
    writeFileSync(configPath(dataDir), '{"compound": {"id": "x", "name": ""}, ');
    const logs: string[] = [];
    const again = await startGate({ dataDir, resourcesDir: join(__dirname, '..', '..', 'resources'), clock: g.clock, log: (m) => logs.push(m) });
    try {
      expect(again.config.compound.id).toBe(DEFAULT_CONFIG.compound.id);
      expect(logs.some((l) => l.startsWith('running on the last good configuration') && l.includes('not valid JSON'))).toBe(true);
      const audited = again.db.prepare<[], { details_json: string }>("SELECT details_json FROM audit_log WHERE kind = 'config.fallback'").all();
      expect(audited).toHaveLength(1);
      expect(JSON.parse(audited[0]!.details_json)).toMatchObject({ problems: [expect.stringMatching(/^\(file\): not valid JSON/)] });
    } finally {
      await again.close();
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  });

  it('a missing config.json after a good one is a fault (last good), not a fresh machine (demo defaults)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'd-config-missing-'));
    try {
      const custom = { ...DEFAULT_CONFIG, compound: { id: 'real', name: '真小区' } };
      writeFileSync(configPath(dir), JSON.stringify(custom));
      expect(loadConfig(dir).compound.id).toBe('real');
      rmSync(configPath(dir));
      expect(() => loadConfig(dir)).toThrow(ConfigError);
      const { config, fallback } = loadConfigOrLastGood(dir);
      expect(config.compound.id).toBe('real');
      expect(fallback?.problems).toEqual(['(file): missing']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---- helpers -------------------------------------------------------------------------------------

/** Rows 2.. with one cell in column `col` (and in A too when `withA`): a sheet as wide as `col`. */
function wideRows(rows: number, col: string, withA = false): string {
  const out: string[] = [];
  for (let r = 2; r < rows + 2; r++) {
    out.push(`<row r="${r}">${withA ? `<c r="A${r}" t="inlineStr"><is><t>1</t></is></c>` : ''}<c r="${col}${r}" t="inlineStr"><is><t>x</t></is></c></row>`);
  }
  return out.join('');
}

function colName(n: number): string {
  let s = '';
  for (let v = n; v > 0; v = Math.floor((v - 1) / 26)) s = String.fromCharCode(65 + ((v - 1) % 26)) + s;
  return s;
}

type Hostile =
  | { kind: 'bomb'; mb: number; lieBy: number; stored: boolean }
  | { kind: 'merges' | 'validation'; refs: string[] }
  | { kind: 'cols'; min: number; max: number }
  | { kind: 'deep'; depth: number; where: 'sheet' | 'strings' | 'cell' }
  | { kind: 'dtd'; where: string }
  | { kind: 'entries'; n: number; eocdLies: boolean }
  | { kind: 'method'; method: number }
  | { kind: 'zip64'; field: 'csize' | 'usize' | 'local' }
  | { kind: 'cells'; rows: number; cols: number }
  | { kind: 'junkXml'; xml: string; where: string }
  | { kind: 'farRefs'; col: number; row: number };

const bombCache = new Map<number, Buffer>();

function buildHostile(h: Hostile): Buffer {
  const base = H.unzip(good);
  const others = base.filter((e) => e.name !== H.SHEET);
  switch (h.kind) {
    case 'bomb': {
      const packed = bombCache.get(h.mb) ?? H.deflatedZeros(h.mb * 1024 * 1024);
      bombCache.set(h.mb, packed);
      return H.zip([...others, { name: H.SHEET, data: Buffer.alloc(0), packed, declaredSize: Math.round(h.mb * 1024 * 1024 * h.lieBy) }]);
    }
    case 'merges':
      return H.withPart(good, H.SHEET, H.sheetXml({ after: `<mergeCells count="${h.refs.length}">${h.refs.map((r) => `<mergeCell ref="${r}"/>`).join('')}</mergeCells>` }));
    case 'validation':
      return H.withPart(good, H.SHEET, H.sheetXml({ after: `<dataValidations count="1"><dataValidation type="list" sqref="${h.refs.join(' ')}"><formula1>"a,b"</formula1></dataValidation></dataValidations>` }));
    case 'cols':
      return H.withPart(good, H.SHEET, H.sheetXml({ before: `<cols><col min="${h.min}" max="${h.max}" width="9"/></cols>` }));
    case 'deep': {
      const nest = (tag: string): string => `<${tag}>`.repeat(h.depth) + `</${tag}>`.repeat(h.depth);
      if (h.where === 'strings') return H.withPart(good, H.STRINGS, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si>${nest('r')}</si></sst>`);
      if (h.where === 'cell') return H.withPart(good, H.SHEET, H.sheetXml({ rows: `<row r="2"><c r="A2" t="inlineStr"><is>${nest('r')}</is></c></row>` }));
      return H.withPart(good, H.SHEET, H.sheetXml({ after: nest('x') }));
    }
    case 'dtd': {
      const part = base.find((e) => e.name === h.where);
      const xml = (part?.data.toString('utf8') ?? '<x/>').replace(/^(<\?xml[^>]*\?>)?/, (m) => `${m}${H.billionLaughs()}`);
      return H.withPart(good, h.where, xml);
    }
    case 'entries': {
      const extra = Array.from({ length: h.n }, (_, i) => ({ name: `xl/media/e${i}.bin`, data: Buffer.alloc(0) }));
      return H.zip([...base, ...extra], h.eocdLies ? { eocdEntries: base.length } : {});
    }
    case 'method':
      return H.zip([...others, { name: H.SHEET, data: Buffer.from(H.sheetXml()), method: h.method }]);
    case 'zip64': {
      const buf = H.zip(base);
      const cd = buf.readUInt32LE(buf.length - 22 + 16);
      buf.writeUInt32LE(0xffffffff, cd + { csize: 20, usize: 24, local: 42 }[h.field]);
      return buf;
    }
    case 'cells': {
      // Cells without references, as some writers emit them: the cheapest XML per cell.
      const row = '<c/>'.repeat(h.cols);
      const rows: string[] = [];
      for (let r = 2; r < h.rows + 2; r++) rows.push(`<row>${row}</row>`);
      return H.withPart(good, H.SHEET, H.sheetXml({ rows: rows.join('') }));
    }
    case 'junkXml':
      return H.withPart(good, h.where, h.xml);
    case 'farRefs':
      return H.withPart(good, H.SHEET, H.sheetXml({ rows: `<row r="${h.row}"><c r="${colName(h.col)}${h.row}" t="inlineStr"><is><t>1</t></is></c></row>` }));
  }
}

function leafPaths(o: unknown, at: string[] = []): string[][] {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return [at];
  return Object.entries(o).flatMap(([k, v]) => [[...at, k], ...leafPaths(v, [...at, k]).filter((p) => p.length > at.length + 1)]);
}

function setAt(o: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  let cur = o;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
  cur[path.at(-1)!] = value;
  return o;
}

/** Adds `"key": value` as text (JSON.stringify would drop a __proto__ key set on an object). */
function injectKey(text: string, at: readonly string[], key: string, value: unknown): string {
  const o = JSON.parse(text) as Record<string, unknown>;
  const MARK = '"__d_inject_here__":0';
  let cur = o;
  for (const p of at) {
    if (cur[p] === undefined) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur.__d_inject_here__ = 0;
  // A function, not a string: a generated value holding "$`" or "$'" would be a replacement pattern.
  return JSON.stringify(o).replace(MARK, () => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
}
