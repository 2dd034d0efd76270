import { describe, expect, it } from 'vitest';
import {
  ChecklistTickInput,
  DailyReport,
  DailyReportInput,
  DisinfectionInput,
} from '../../../src/shared/report';
import { fixtureReport } from './fixture';

describe('report schemas for the contract', () => {
  it('a report input is a local date range of at most a year, optionally one gate', () => {
    expect(DailyReportInput.safeParse({ from: '2020-02-10', to: '2020-02-10' }).success).toBe(true);
    expect(
      DailyReportInput.safeParse({ from: '2020-01-01', to: '2020-12-31', gateId: 'gate-south' }).success,
    ).toBe(true);
    expect(DailyReportInput.safeParse({ from: '2020-01-01', to: '2021-01-01' }).success).toBe(false);
    expect(DailyReportInput.safeParse({ from: '2020-02-11', to: '2020-02-10' }).success).toBe(false);
    expect(DailyReportInput.safeParse({ from: '2020/02/10', to: '2020-02-10' }).success).toBe(false);
    expect(DailyReportInput.safeParse({ from: '2020-02-10', to: '2020-02-10', extra: 1 }).success).toBe(
      false,
    );
  });

  it('perHour must have exactly 24 buckets; unknown reason codes are refused', () => {
    expect(DailyReport.safeParse(fixtureReport({ perHour: [1, 2, 3] })).success).toBe(false);
    const bad = fixtureReport();
    (bad.deniedByReason as unknown as Array<{ reason: string; count: number }>).push({
      reason: 'made_up',
      count: 1,
    });
    expect(DailyReport.safeParse(bad).success).toBe(false);
  });

  it('checklist and disinfection inputs are trimmed and bounded', () => {
    expect(
      ChecklistTickInput.parse({ date: '2020-02-10', code: 'gate_two_person', ticked: true, by: ' 李主任 ' })
        .by,
    ).toBe('李主任');
    expect(
      ChecklistTickInput.safeParse({ date: '2020-02-10', code: 'x', ticked: true, by: '   ' }).success,
    ).toBe(false);
    expect(
      DisinfectionInput.safeParse({
        place: '电梯',
        doneAt: '2020-02-10T00:00:00Z',
        person: '王',
        agent: '84',
      }).success,
    ).toBe(true);
    expect(
      DisinfectionInput.safeParse({ place: '电梯', doneAt: 'yesterday', person: '王', agent: '84' }).success,
    ).toBe(false);
  });
});
