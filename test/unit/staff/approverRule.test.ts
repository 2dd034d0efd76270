import { describe, expect, it } from 'vitest';
import { approverRefusal, isStaffCardCode, type StaffRole } from '../../../src/shared/staff';

const p = (id: string, role: StaffRole) => ({ id, role });

describe('who may confirm as the second person', () => {
  it.each([
    // [on duty, requester, approver, expected]
    [[], 'g', p('m', 'manager'), 'not_signed_in'],
    [['g'], 'g', p('g', 'guard'), 'same_person'],
    [['m'], 'm', p('m', 'manager'), 'same_person'],
    [['g'], 'g', p('v', 'volunteer'), 'needs_manager'],
    [['g'], 'g', p('m', 'manager'), null],
    [['g'], 'g', p('a', 'committee_admin'), null],
    // A manager off duty cannot be the requester and approve with a colleague's help from afar.
    [['g'], 'm', p('g', 'guard'), 'requester_not_on_duty'],
    [['g'], 'm', p('m', 'manager'), 'requester_not_on_duty'],
    [['g', 'v'], 'g', p('v', 'volunteer'), null],
    [['g', 'v'], 'v', p('g', 'guard'), null],
    // Two on duty: the guard alone is still one person, whichever role they hold.
    [['g', 'v'], 'g', p('g', 'guard'), 'same_person'],
    [['m', 'v'], 'm', p('m', 'manager'), 'same_person'],
    [['g', 'v'], 'g', p('x', 'guard'), 'not_on_duty_or_manager'],
    [['g', 'v'], 'g', p('m', 'manager'), null],
    [['g', 'v'], 'x', p('v', 'volunteer'), 'requester_not_on_duty'],
  ] as const)('on duty %j, requester %s, approver %j → %s', (onDuty, requester, approver, expected) => {
    expect(approverRefusal(onDuty, requester, approver)).toBe(expected);
  });

  it('tells a staff card from a pass by its prefix alone', () => {
    expect(isStaffCardCode('GS-DEMO-0001')).toBe(true);
    expect(isStaffCardCode(' gs-abc1 ')).toBe(true);
    expect(isStaffCardCode('HM00001')).toBe(false);
    expect(isStaffCardCode('XGS-1234')).toBe(false);
  });
});
