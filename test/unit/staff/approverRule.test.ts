import { describe, expect, it } from 'vitest';
import { approverRefusal, isStaffCardCode, type StaffRole } from '../../../src/shared/staff';

const p = (id: string, role: StaffRole) => ({ id, role });

describe('who may confirm as the second person', () => {
  it.each([
    [[], p('m', 'manager'), 'not_signed_in'],
    [['g'], p('g', 'guard'), 'same_person'],
    [['m'], p('m', 'manager'), 'same_person'],
    [['g'], p('v', 'volunteer'), 'needs_manager'],
    [['g'], p('m', 'manager'), null],
    [['g'], p('a', 'committee_admin'), null],
    [['g', 'v'], p('v', 'volunteer'), null],
    [['g', 'v'], p('g', 'guard'), null],
    [['g', 'v'], p('x', 'guard'), 'not_on_duty_or_manager'],
    [['g', 'v'], p('m', 'manager'), null],
  ] as const)('on duty %j, candidate %j → %s', (onDuty, candidate, expected) => {
    expect(approverRefusal(onDuty, candidate)).toBe(expected);
  });

  it('tells a staff card from a pass by its prefix alone', () => {
    expect(isStaffCardCode('GS-DEMO-0001')).toBe(true);
    expect(isStaffCardCode(' gs-abc1 ')).toBe(true);
    expect(isStaffCardCode('HM00001')).toBe(false);
    expect(isStaffCardCode('XGS-1234')).toBe(false);
  });
});
