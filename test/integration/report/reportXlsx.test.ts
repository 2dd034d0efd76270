import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDailyReport } from '../../../src/main/report/dailyReport';
import { dailyReportXlsx } from '../../../src/main/export/reportXlsx';
import { makeGate, type TestGate } from '../../helpers/gate';
import { COMPOUND, DAY, expected, HOUSEHOLDS_BY_STATUS, shanghai, TZ } from './dataset';
import { loadDataset } from './loadDataset';

let gate: TestGate;
let book: ExcelJS.Workbook;
const ctx = { compoundId: COMPOUND, timeZone: TZ, now: new Date(shanghai(`${DAY} 21:00:00`)) };

/** A sheet as rows of cell values, row 1 (the header) first. */
function rowsOf(name: string): unknown[][] {
  const sheet = book.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const out: unknown[][] = [];
  sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

beforeAll(async () => {
  gate = await makeGate({ roster: [] });
  loadDataset(gate.db);
  const report = buildDailyReport(gate.db, { from: DAY, to: DAY }, ctx);
  book = new ExcelJS.Workbook();
  await book.xlsx.load((await dailyReportXlsx(report, { lang: 'zh-CN' })) as unknown as ArrayBuffer);
});
afterAll(() => gate.cleanup());

describe('the daily report as XLSX, read back with exceljs', () => {
  it('has one sheet per section, in Chinese', () => {
    expect(book.worksheets.map((s) => s.name)).toEqual([
      '概况',
      '分时段检查人次',
      '每日明细',
      '原因',
      '体温异常',
      '状态',
      '每日工作打钩',
      '消毒记录',
    ]);
  });

  it('summary: the figures of the dataset, counts as numbers', () => {
    const e = expected();
    const summary = new Map(
      rowsOf('概况')
        .slice(1)
        .map(([k, v]) => [k, v]),
    );
    expect(summary.get('小区')).toBe('示范小区');
    expect(summary.get('门岗')).toBe('全部门岗');
    expect(summary.get('日期')).toBe(DAY);
    expect(summary.get('生成时间')).toBe(`${DAY} 21:00`);
    expect([
      summary.get('检查人次'),
      summary.get('通行'),
      summary.get('禁止通行'),
      summary.get('转人工'),
    ]).toEqual([e.total, e.admitted, e.denied, e.referred]);
    expect([summary.get('进'), summary.get('出')]).toEqual([e.in, e.out]);
    expect([
      summary.get('体温异常'),
      summary.get('体温异常·已处置'),
      summary.get('体温异常·未处置'),
      summary.get('体温异常·未报警'),
    ]).toEqual([e.fevers, e.acknowledged, e.open, e.noAlert]);
    expect([summary.get('户数'), summary.get('人数')]).toEqual([5, 7]);
    // The parcel ledger exists (migration 0007) and is empty: a count, not 暂未启用.
    expect(summary.get('快递外卖·收到')).toBe(0);
    expect(String(summary.get('值守人员')).split('、').sort()).toEqual(e.staff);
  });

  it('per hour: 24 rows matching the plan', () => {
    const rows = rowsOf('分时段检查人次');
    expect(rows[0]).toEqual(['时', '检查人次']);
    expect(rows.slice(1)).toEqual(expected().perHour.map((v, h) => [`${String(h).padStart(2, '0')}:00`, v]));
  });

  it('reasons, fevers and statuses, cell by cell', () => {
    const e = expected();
    const reasons = rowsOf('原因').slice(1);
    expect(Object.fromEntries(reasons.filter((r) => r[0] === '禁止通行').map((r) => [r[1], r[2]]))).toEqual({
      体温异常: e.deniedByReason.fever,
      出入证无效: e.deniedByReason.unknown_pass,
      居家观察期间请勿外出: 1,
      人工录入体温: 1,
      出入证已过期: 1,
    });
    expect(reasons.filter((r) => r[0] === '转人工')).toEqual([['转人工', '需人工核实', 2]]);
    expect(rowsOf('体温异常').slice(1)).toEqual([
      [`${DAY} 09:30`, 'gate-south', '3-2-402', '王*明', '38.2', '已处置', `${DAY} 09:45`],
      [`${DAY} 09:40`, 'gate-south', '5-1-1201', '赵*', '37.9', '未处置', ''],
      [`${DAY} 10:15`, 'gate-south', '2-1-201', '陈*', '37.6', '未报警', ''],
      [`${DAY} 13:50`, 'gate-south', '2-1-202', '刘*', '38.0', '未处置', ''],
    ]);
    const statuses = rowsOf('状态').slice(1);
    expect(statuses.map((r) => r[0])).toContain('外省返回');
    const black = book.getWorksheet('状态')!.getCell(2, 1);
    expect(black.value).toBe('在家，假期未离开');
    expect((black.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FF1F1F1F');
    expect(statuses.find((r) => r[0] === '在家，假期未离开')!.slice(1)).toEqual([
      HOUSEHOLDS_BY_STATUS.black!.households,
      HOUSEHOLDS_BY_STATUS.black!.residents,
    ]);
  });

  it('text cells are typed as text', () => {
    const cell = book.getWorksheet('体温异常')!.getCell(2, 3);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.numFmt).toBe('@');
  });
});
