import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDailyReport } from '../../../src/main/report/dailyReport';
import { setChecklistTick, addDisinfection } from '../../../src/main/report/checklist';
import { DailyReport } from '../../../src/shared/report';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { GateError } from '../../../src/main/core/errors';
import { makeGate, type TestGate } from '../../helpers/gate';
import { COMPOUND, DAY, expected, HOUSEHOLDS_BY_STATUS, NORTH, ON_DAY, shanghai, SOUTH, TZ } from './dataset';
import { loadDataset } from './loadDataset';

let gate: TestGate;
const now = new Date(shanghai(`${DAY} 21:00:00`));
const ctx = { compoundId: COMPOUND, timeZone: TZ, now };
const report = (input: { from: string; to: string; gateId?: string }): DailyReport =>
  DailyReport.parse(buildDailyReport(gate.db, input, ctx));

beforeAll(async () => {
  gate = await makeGate({ roster: [] });
  loadDataset(gate.db);
});
afterAll(() => gate.cleanup());

describe('daily report figures against a dataset known by construction', () => {
  it('anchors: the plan has the counts it was written to have', () => {
    // Written out by hand from dataset.ts, so a mistake in expected() cannot hide one in the report.
    const e = expected();
    expect([e.total, e.admitted, e.denied, e.referred, e.fevers]).toEqual([65, 54, 9, 2, 4]);
    expect([e.acknowledged, e.open, e.noAlert]).toEqual([1, 2, 1]);
    expect(e.deniedByReason).toEqual({
      unknown_pass: 3,
      fever: 4,
      home_observation: 1,
      manual_reading: 1,
      expired_pass: 1,
    });
  });

  it('whole compound, one day: checks, decisions, directions, reasons', () => {
    const r = report({ from: DAY, to: DAY });
    const e = expected();
    expect(r.checks).toEqual({
      total: e.total,
      admitted: e.admitted,
      denied: e.denied,
      referred: e.referred,
      in: e.in,
      out: e.out,
    });
    expect(Object.fromEntries(r.deniedByReason.map((x) => [x.reason, x.count]))).toEqual(e.deniedByReason);
    expect(Object.fromEntries(r.referredByReason.map((x) => [x.reason, x.count]))).toEqual(
      e.referredByReason,
    );
    // Most frequent first.
    expect(r.deniedByReason[0]).toEqual({ reason: 'fever', count: 4 });
    expect(r.scope).toEqual({ compoundId: COMPOUND, compoundName: '示范小区', gateId: null, gateName: null });
    expect(r.range).toMatchObject({
      from: DAY,
      to: DAY,
      days: 1,
      fromUtc: '2020-02-09T16:00:00.000Z',
      toUtc: '2020-02-10T16:00:00.000Z',
    });
  });

  it('checks per local hour: 24 buckets, midnight in hour 0, the neighbouring days left out', () => {
    const r = report({ from: DAY, to: DAY });
    expect(r.perHour).toEqual(expected().perHour);
    expect(r.perHour[0]).toBe(2); // 00:00:00 exactly and 00:10
    expect(r.perHour.reduce((a, b) => a + b, 0)).toBe(65);
  });

  it('fevers and their follow-up', () => {
    const r = report({ from: DAY, to: DAY });
    const e = expected();
    expect(r.fevers).toMatchObject({
      total: e.fevers,
      acknowledged: e.acknowledged,
      open: e.open,
      noAlert: e.noAlert,
      truncated: false,
    });
    expect(r.fevers.items.map((f) => [f.household, f.nameMasked, f.temperatureC, f.followUp])).toEqual([
      ['3-2-402', '王*明', 38.2, 'acknowledged'],
      ['5-1-1201', '赵*', 37.9, 'open'],
      ['2-1-201', '陈*', 37.6, 'no_alert'],
      ['2-1-202', '刘*', 38.0, 'open'],
    ]);
    expect(r.fevers.items[0]!.acknowledgedAt).toBe(shanghai(`${DAY} 09:45:00`));
  });

  it('one gate: only that gate counts', () => {
    for (const g of [SOUTH, NORTH]) {
      const r = report({ from: DAY, to: DAY, gateId: g });
      const e = expected(g);
      expect(r.checks).toEqual({
        total: e.total,
        admitted: e.admitted,
        denied: e.denied,
        referred: e.referred,
        in: e.in,
        out: e.out,
      });
      expect(r.perHour).toEqual(e.perHour);
      expect(r.staffOnDuty).toEqual(e.staff);
      expect(r.fevers.total).toBe(e.fevers);
    }
    expect(report({ from: DAY, to: DAY, gateId: NORTH }).scope.gateName).toBe('北门');
  });

  it('staff on duty: distinct names of the day only', () => {
    const r = report({ from: DAY, to: DAY });
    expect([...r.staffOnDuty].sort()).toEqual(['孙保安', '李志愿者', '王保安', '赵保安'].sort());
  });

  it('a three-day range: per-day figures and the edges of the day', () => {
    const r = report({ from: '2020-02-09', to: '2020-02-11' });
    expect(r.days.map((d) => [d.date, d.checks, d.fevers])).toEqual([
      ['2020-02-09', 1, 0],
      [DAY, 65, 4],
      ['2020-02-11', 1, 0],
    ]);
    expect(r.checks.total).toBe(67);
    expect(r.staffOnDuty).toContain('前一天');
  });

  it('households by status come from the roster, the whole active scheme listed', () => {
    const r = report({ from: DAY, to: DAY });
    expect(r.households.scheme).toBe('yijingyuan9');
    expect(r.households.byStatus.map((s) => s.code)).toEqual([
      'black',
      'yellow',
      'blue',
      'orange_yellow',
      'pink',
      'brown',
      'purple',
      'orange',
      'green',
    ]);
    for (const s of r.households.byStatus) {
      expect([s.code, s.households, s.residents]).toEqual([
        s.code,
        HOUSEHOLDS_BY_STATUS[s.code]?.households ?? 0,
        HOUSEHOLDS_BY_STATUS[s.code]?.residents ?? 0,
      ]);
    }
    expect([r.households.total, r.households.residents]).toEqual([5, 7]);
  });

  it('refuses a backwards or over-long range even without the contract schema in front', () => {
    expect(() => buildDailyReport(gate.db, { from: '2020-02-11', to: '2020-02-10' }, ctx)).toThrow(GateError);
    expect(() => buildDailyReport(gate.db, { from: '2020-01-01', to: '2021-01-01' }, ctx)).toThrow(
      /366 days/,
    );
    expect(buildDailyReport(gate.db, { from: '2020-01-01', to: '2020-12-31' }, ctx).days).toHaveLength(366);
  });

  it('a day with nothing logged is all zeros, not an error', () => {
    const r = report({ from: '2020-03-01', to: '2020-03-01' });
    expect(r.checks.total).toBe(0);
    expect(r.perHour).toEqual(new Array(24).fill(0));
    expect(r.deniedByReason).toEqual([]);
    expect(r.staffOnDuty).toEqual([]);
  });

  it('includes the checklist and the disinfection sheet of the range', () => {
    const newId = uuidv7Generator();
    const c = { ...ctx, newId };
    setChecklistTick(gate.db, { date: DAY, code: 'gate_two_person', ticked: true, by: '李主任' }, c);
    setChecklistTick(gate.db, { date: DAY, code: 'disinfect_dropoff', ticked: true, by: '李主任' }, c);
    addDisinfection(
      gate.db,
      { place: '3号楼电梯', doneAt: shanghai(`${DAY} 08:00:00`), person: '王保洁', agent: '84消毒液 1:100' },
      c,
    );
    addDisinfection(
      gate.db,
      { place: '快递点', doneAt: shanghai('2020-02-09 20:00:00'), person: '王保洁', agent: '75%酒精' },
      c,
    );
    const r = report({ from: DAY, to: DAY });
    expect(r.checklist).toHaveLength(1);
    expect(r.checklist[0]!.required).toEqual({ done: 1, total: 8 });
    expect(r.checklist[0]!.optional).toEqual({ done: 1, total: 4 });
    expect(r.disinfection.map((d) => d.place)).toEqual(['3号楼电梯']);
  });

  it('the report round-trips through JSON unchanged (the contract carries it as JSON)', () => {
    const r = report({ from: DAY, to: DAY });
    expect(DailyReport.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
    expect(ON_DAY.length).toBe(r.checks.total);
  });
});
