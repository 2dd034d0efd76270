import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportEntryLog, type StreamExportOptions } from '../../../src/main/export/streamExport';
import { makeGate, type TestGate } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';
import { DAY, ID_AS_PASS, NORTH, ON_DAY, type Planned, TZ } from './dataset';
import { loadDataset } from './loadDataset';

let gate: TestGate;
let ids: string[];
let out: ReturnType<typeof tempDir>;
let folder: string;
let n = 0;

beforeAll(async () => {
  gate = await makeGate({ roster: [] });
  ids = loadDataset(gate.db);
  out = tempDir('gatehouse-export-');
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
    filter: { from: DAY, to: DAY },
    timeZone: TZ,
    lang: 'zh-CN',
    ...o,
  });

const WORD: Record<string, string> = {
  in: '进',
  out: '出',
  admit: '通行',
  deny: '禁止通行',
  refer: '转人工',
};
const REASON: Record<string, string> = {
  unknown_pass: '出入证无效',
  fever: '体温异常',
  home_observation: '居家观察期间请勿外出',
  status_refer: '需人工核实',
  manual_reading: '人工录入体温',
  expired_pass: '出入证已过期',
};
const NAME: Record<string, string> = {
  HM90001: '张*',
  HM90002: '李*',
  HM90003: '王*明',
  HM90004: '赵*',
  HM90005: '陈*',
  HM90006: '刘*',
  HM90007: '欧**红',
};
const PLACE: Record<string, [string, string, string]> = {
  HM90001: ['1', '1', '101'],
  HM90002: ['1', '1', '101'],
  HM90003: ['3', '2', '402'],
  HM90004: ['5', '1', '1201'],
  HM90005: ['2', '1', '201'],
  HM90006: ['2', '1', '202'],
  HM90007: ['2', '1', '202'],
};
const SOURCE: Record<string, string> = { device: '测温仪', simulated: '模拟', manual: '人工录入' };

/** The 14 export cells of a planned entry, written out from the plan by hand. */
function cellsOf(e: Planned, id: string, opts: { unmasked?: boolean } = {}): string[] {
  const place = PLACE[e.pass] ?? ['', '', ''];
  const credential = e.pass === ID_AS_PASS && !opts.unmasked ? '1101**********002X' : e.pass;
  return [
    id,
    e.at,
    e.gate,
    WORD[e.direction]!,
    credential,
    ...place,
    NAME[e.pass] ?? '',
    e.temp === null ? '' : e.temp.toFixed(1),
    e.temp === null ? '' : SOURCE[e.source ?? 'simulated']!,
    WORD[e.decision]!,
    e.reasons.map((r) => REASON[r]).join('；'),
    e.staff.join('、'),
  ];
}
const dayIds = (): string[] => ids.filter((_, i) => i >= 1 && i <= ON_DAY.length); // the plan is sorted: day before, the day, day after

describe('streaming entry-log export: CSV', () => {
  it('writes every row of the day with a BOM, Chinese headers, CRLF, gate-local times, masked ID credentials', async () => {
    const result = await run({});
    expect(result).toMatchObject({
      fileName: `entry-log_all-gates_${DAY}_${DAY}.csv`,
      format: 'csv',
      rows: ON_DAY.length,
    });
    expect(readdirSync(folder)).toEqual([result.fileName]);
    const buf = readFileSync(result.path);
    expect(result.bytes).toBe(buf.length);
    expect(buf.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = buf.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFF"记录编号","时间","门岗","方向","出入证号","楼号","单元","室","姓名","体温(℃)","测温方式","结果","原因","值守人员"',
    );
    const rows = parse(text, { bom: true, relax_quotes: true }) as string[][];
    expect(rows).toHaveLength(ON_DAY.length + 1);
    ON_DAY.forEach((e, i) => {
      const expectedCells = cellsOf(e, dayIds()[i]!);
      // Formula-looking credentials carry the apostrophe the CSV adds against injection.
      if (/^[=+\-@]/.test(e.pass)) expectedCells[4] = `'${e.pass}`;
      expect(rows[i + 1]).toEqual(expectedCells);
    });
    expect(text).toContain(`"'=1+2"`);
    expect(text).toContain(`"'@SUM(A1)"`);
    expect(text).not.toContain(ID_AS_PASS);
  });

  it('shows the full ID credential only when asked', async () => {
    const result = await run({ unmasked: true });
    expect(readFileSync(result.path, 'utf8')).toContain(`"${ID_AS_PASS}"`);
  });

  it('English headers and words when the gate is set to English', async () => {
    const result = await run({ lang: 'en', filter: { from: DAY, to: DAY, gateId: NORTH } });
    const rows = parse(readFileSync(result.path, 'utf8'), { bom: true }) as string[][];
    expect(rows[0]![0]).toBe('Record id');
    expect(rows.slice(1).map((r) => r[11])).toEqual([
      'admitted',
      'admitted',
      'admitted',
      'admitted',
      'admitted',
      'refused',
    ]);
  });

  it('never overwrites an earlier export', async () => {
    writeFileSync(join(folder, `entry-log_all-gates_${DAY}_${DAY}.csv`), 'keep me');
    const result = await run({});
    expect(result.fileName).toBe(`entry-log_all-gates_${DAY}_${DAY} (2).csv`);
    expect(readFileSync(join(folder, `entry-log_all-gates_${DAY}_${DAY}.csv`), 'utf8')).toBe('keep me');
  });
});

describe('streaming entry-log export: filters', () => {
  const count = async (filter: StreamExportOptions['filter']): Promise<number> =>
    (await run({ filter })).rows;
  it.each<[string, StreamExportOptions['filter'], (e: Planned) => boolean]>([
    ['gate', { from: DAY, to: DAY, gateId: NORTH }, (e) => e.gate === NORTH],
    ['building', { from: DAY, to: DAY, building: '3' }, (e) => e.pass === 'HM90003'],
    [
      'building + unit + room',
      { from: DAY, to: DAY, building: '2', unit: '1', room: '202' },
      (e) => e.pass === 'HM90006' || e.pass === 'HM90007',
    ],
    ['decision', { from: DAY, to: DAY, decision: 'refer' }, (e) => e.decision === 'refer'],
    [
      'part of a real name (the log keeps it masked)',
      { from: DAY, to: DAY, person: '小明' },
      (e) => e.pass === 'HM90003',
    ],
    ['a pass number', { from: DAY, to: DAY, person: 'HM90004' }, (e) => e.pass === 'HM90004'],
  ])('%s', async (_name, filter, pick) => {
    expect(await count(filter)).toBe(ON_DAY.filter(pick).length);
  });

  it('a household by id, and dates in the gate zone (the edges of the day)', async () => {
    const household = gate.db
      .prepare("SELECT household_id AS h FROM entry_log WHERE credential = 'HM90005' LIMIT 1")
      .get() as { h: string };
    expect(await count({ from: DAY, to: DAY, householdId: household.h })).toBe(
      ON_DAY.filter((e) => e.pass === 'HM90005').length,
    );
    expect(await count({ from: '2020-02-09', to: '2020-02-09' })).toBe(1);
    expect(await count({ from: '2020-02-09', to: '2020-02-11' })).toBe(ON_DAY.length + 2);
    expect(await count({})).toBe(ON_DAY.length + 2);
  });
});

describe('streaming entry-log export: XLSX', () => {
  it('reads back cell by cell as string cells, header row frozen, no formulas', async () => {
    const result = await run({ format: 'xlsx' });
    expect(result.fileName.endsWith('.xlsx')).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(result.path);
    const sheet = book.getWorksheet('出入记录')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '记录编号',
      '时间',
      '门岗',
      '方向',
      '出入证号',
      '楼号',
      '单元',
      '室',
      '姓名',
      '体温(℃)',
      '测温方式',
      '结果',
      '原因',
      '值守人员',
    ]);
    expect(sheet.rowCount).toBe(ON_DAY.length + 1);
    ON_DAY.forEach((e, i) => {
      const row = sheet.getRow(i + 2);
      const want = cellsOf(e, dayIds()[i]!);
      want.forEach((value, c) => {
        const cell = row.getCell(c + 1);
        if (value === '') expect([null, '']).toContain(cell.value);
        else {
          expect(cell.type).toBe(ExcelJS.ValueType.String);
          expect(cell.value).toBe(value);
        }
      });
    });
    // '=1+2' stays a string in XLSX: no apostrophe needed, and it is not a formula.
    const formula = ON_DAY.findIndex((e) => e.pass === '=1+2');
    expect(sheet.getRow(formula + 2).getCell(5).value).toBe('=1+2');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });
});
