import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  arrivalsRegisterXlsx,
  committeeFormXlsx,
  gateControlRecordXlsx,
  surveySheetXlsx,
} from '../../../src/main/export/formsXlsx';
import { makeGate, type TestGate } from '../../helpers/gate';
import { COMPOUND, DAY, ID_AS_PASS, NORTH, ON_DAY, REPORT_ROSTER, shanghai, TZ } from './dataset';
import { loadDataset } from './loadDataset';

let gate: TestGate;
const ctx = { compoundId: COMPOUND, timeZone: TZ, now: new Date(shanghai(`${DAY} 21:00:00`)) };

async function read(data: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as unknown as ArrayBuffer);
  expect(book.worksheets).toHaveLength(1);
  return book.worksheets[0]!;
}
/** A row's cells across the sheet's columns; an empty cell (not written by the stream writer) reads as ''. */
const values = (sheet: ExcelJS.Worksheet, row: number): unknown[] =>
  Array.from({ length: sheet.columnCount }, (_, c) => sheet.getRow(row).getCell(c + 1).value ?? '');

beforeEach(async () => {
  gate = await makeGate({ roster: [] });
  loadDataset(gate.db);
});
afterEach(() => gate.cleanup());

describe('集中排摸信息表 (survey sheet)', () => {
  // The roster in the sheet's order (building, unit, room, owners first, then by name), by hand.
  const order = ['张伟', '李娜', '陈静', '刘洋', '欧阳小红', '王小明', '赵敏'];
  const byName = new Map(REPORT_ROSTER.map((r) => [r.name, r]));

  it('one row per resident, masked names, phones and ID numbers, all identifiers as text', async () => {
    const form = await surveySheetXlsx(gate.db, ctx);
    expect(form.rows).toBe(7);
    expect(form.fileName).toBe(`集中排摸信息表_${DAY}.xlsx`);
    const sheet = await read(form.data);
    expect(sheet.name).toBe('集中排摸信息表');
    expect(sheet.getCell('A1').value).toBe('集中排摸信息表');
    expect(String(sheet.getCell('A2').value)).toContain('小区：示范小区');
    expect(String(sheet.getCell('A2').value)).toContain('已脱敏');
    expect(values(sheet, 3)).toEqual([
      '序号',
      '楼号',
      '单元',
      '室号',
      '姓名',
      '居住类型',
      '联系电话',
      '身份证号',
      '出入证号',
      '状态',
      '状态更新日期',
      '备注',
    ]);
    const masked: Record<string, string> = {
      张伟: '张*',
      李娜: '李*',
      陈静: '陈*',
      刘洋: '刘*',
      欧阳小红: '欧**红',
      王小明: '王*明',
      赵敏: '赵*',
    };
    const statusZh: Record<string, string> = {
      black: '在家，假期未离开',
      orange: '重点地区返回，隔离中',
      pink: '在境外，尚未返回',
      yellow: '外省返回',
      green: '重点地区返回，隔离期满',
    };
    order.forEach((name, i) => {
      const r = byName.get(name)!;
      const row = sheet.getRow(4 + i);
      expect(row.getCell(1).value).toBe(i + 1);
      expect([2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((c) => row.getCell(c).value ?? '')).toEqual([
        r.building,
        r.unit,
        r.room,
        masked[name],
        r.residency === 'owner' ? '业主' : '租户',
        `*******${r.phone.slice(-4)}`,
        r.idNumber ? '1101**********002X' : '',
        r.passNumber,
        statusZh[r.status],
        DAY,
      ]);
      for (const c of [2, 3, 4, 7, 9]) expect(row.getCell(c).type).toBe(ExcelJS.ValueType.String);
    });
  });

  it('full values only when asked, and the long ID stays exact as text', async () => {
    const sheet = await read(
      (await committeeFormXlsx(gate.db, { form: 'survey', unmasked: true }, ctx)).data,
    );
    const first = sheet.getRow(4);
    expect(first.getCell(5).value).toBe('张伟');
    expect(first.getCell(7).value).toBe('13900000001');
    expect(first.getCell(8).value).toBe(ID_AS_PASS);
    expect(first.getCell(8).type).toBe(ExcelJS.ValueType.String);
    expect(String(sheet.getCell('A2').value)).toContain('注意保密');
  });
});

describe('来(返)沪人员健康登记表 (arrivals register)', () => {
  const HEADERS = [
    '序号',
    '姓名',
    '身份证号',
    '联系电话',
    '楼号',
    '单元',
    '室号',
    '从何地来沪',
    '抵沪日期',
    '交通方式',
    '车次/航班',
    '体温(℃)',
    '有无发热、咳嗽等症状',
    '居家观察起始日',
    '居家观察截止日',
    '登记时间',
    '登记人',
  ];

  it('is headers only while no returnee is registered', async () => {
    const form = await arrivalsRegisterXlsx(gate.db, ctx, { from: DAY, to: DAY });
    expect(form.rows).toBe(0);
    const sheet = await read(form.data);
    expect(values(sheet, 3)).toEqual(HEADERS);
    expect(sheet.rowCount).toBe(3);
  });

  it('lists the returnees registered in the range once the table exists; missing columns stay blank', async () => {
    // The gate's own returnee table (migration 0007) has every column; a narrower one, as an older
    // or hand-made database may have, is what this checks.
    gate.db.exec('DROP TABLE observation_end; DROP TABLE observation; DROP TABLE returnee');
    gate.db
      .exec(`CREATE TABLE returnee (id TEXT PRIMARY KEY, name TEXT, id_number TEXT, phone TEXT, building TEXT, unit TEXT, room TEXT,
      origin TEXT, arrived_on TEXT, temperature_c REAL, registered_at TEXT, registered_by TEXT)`);
    const add = gate.db.prepare('INSERT INTO returnee VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    add.run(
      'r1',
      '陈静',
      ID_AS_PASS,
      '13900000005',
      '2',
      '1',
      '201',
      '湖北武汉',
      '2020-02-09',
      36.6,
      shanghai(`${DAY} 10:00:00`),
      '李主任',
    );
    add.run(
      'r2',
      '某人',
      '',
      '',
      '9',
      '9',
      '909',
      '浙江',
      '2020-02-01',
      36.5,
      shanghai('2020-02-01 10:00:00'),
      '李主任',
    );
    const sheet = await read((await arrivalsRegisterXlsx(gate.db, ctx, { from: DAY, to: DAY })).data);
    expect(sheet.rowCount).toBe(4);
    expect(values(sheet, 4)).toEqual([
      1,
      '陈*',
      '1101**********002X',
      '*******0005',
      '2',
      '1',
      '201',
      '湖北武汉',
      '2020-02-09',
      '',
      '',
      '36.6',
      '',
      '',
      '',
      `${DAY} 10:00`,
      '李主任',
    ]);
  });
});

describe('小区防疫管控记录表 (gate control record, 8 elements)', () => {
  it('one row per check from the entry log, the eight elements in order', async () => {
    const form = await gateControlRecordXlsx(gate.db, ctx, { filter: { from: DAY, to: DAY, gateId: NORTH } });
    const mine = ON_DAY.filter((e) => e.gate === NORTH);
    expect(form.rows).toBe(mine.length);
    const sheet = await read(form.data);
    expect(String(sheet.getCell('A2').value)).toContain('门岗：北门');
    expect(values(sheet, 3)).toEqual([
      '序号',
      '①时间',
      '②门岗及进出',
      '③住址(楼-单元-室)',
      '④姓名',
      '⑤出入证号',
      '⑥体温(℃)',
      '⑦处置结果',
      '⑧值守人员',
    ]);
    mine.forEach((e, i) => {
      expect(values(sheet, 4 + i)).toEqual([
        i + 1,
        e.at,
        `北门·${e.direction === 'in' ? '进' : '出'}`,
        e.pass === 'HM90007' ? '2-1-202' : '1-1-101',
        e.pass === 'HM90007' ? '欧**红' : '张*',
        e.pass,
        e.temp === null ? '' : e.temp.toFixed(1),
        e.decision === 'admit' ? '通行' : '禁止通行：出入证已过期',
        '孙保安',
      ]);
    });
  });

  it('the whole day across gates masks an ID used as a pass and keeps formula-looking text as text', async () => {
    const sheet = await read(
      (await gateControlRecordXlsx(gate.db, ctx, { filter: { from: DAY, to: DAY } })).data,
    );
    expect(sheet.rowCount).toBe(3 + ON_DAY.length);
    const credentials = ON_DAY.map((_, i) => sheet.getRow(4 + i).getCell(6).value);
    expect(credentials).toContain('1101**********002X');
    expect(credentials).toContain('=1+2');
    expect(credentials).not.toContain(ID_AS_PASS);
  });
});
