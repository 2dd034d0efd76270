import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../src/main/gate/decide';
import {
  alertKindFor,
  arrivalDateProblem,
  isOverstay,
  isUnderObservation,
  observationPeriod,
  parcelState,
  screenTemperature,
  symptomsText,
  visitorPassExpiry,
  visitorPolicyRefusal,
} from '../../../src/main/flows/rules';

const called = (outcome: 'confirmed' | 'declined' | 'no_answer') => ({ numberCalled: '13900000001', answeredBy: '张伟', outcome });
const now = new Date('2020-02-10T01:00:00Z');

describe('visitor policy (直系亲属探望实行电话确认)', () => {
  it('"no visitors" refuses everyone, even a confirmed spouse', () => {
    expect(visitorPolicyRefusal('none', 'spouse', called('confirmed'))).toEqual(['visitors_not_allowed']);
  });
  it.each([
    ['parent', 'confirmed', []],
    ['child', 'confirmed', []],
    ['spouse', 'confirmed', []],
    ['grandparent', 'confirmed', []],
    ['grandchild', 'confirmed', []],
    ['sibling', 'confirmed', ['not_direct_relative']],
    ['other', 'confirmed', ['not_direct_relative']],
    ['parent', 'declined', ['visit_not_confirmed']],
    ['parent', 'no_answer', ['visit_not_confirmed']],
  ] as const)('relatives only: %s whose call was %s → %j', (relation, outcome, reasons) => {
    expect(visitorPolicyRefusal('relatives_confirmed', relation, called(outcome))).toEqual(reasons);
  });
  it('relatives only: no call made → not confirmed', () => {
    expect(visitorPolicyRefusal('relatives_confirmed', 'parent', null)).toEqual(['visit_not_confirmed']);
  });
});

describe('temperature screening for people without a pass', () => {
  const r = (celsius: number, source: 'device' | 'manual' = 'device') => ({ celsius, source });
  it('needs a reading, admits a normal one, asks again after one high one, refuses on the second', () => {
    expect(screenTemperature([], DEFAULT_POLICY, now).stage).toBe('await_reading');
    expect(screenTemperature([r(36.5)], DEFAULT_POLICY, now)).toMatchObject({ stage: 'admit', reasons: [], alert: false });
    expect(screenTemperature([r(37.3)], DEFAULT_POLICY, now)).toMatchObject({ stage: 'remeasure', reasons: ['fever'] });
    expect(screenTemperature([r(37.3), r(37.4)], DEFAULT_POLICY, now)).toMatchObject({ stage: 'deny', reasons: ['fever'], alert: true });
    expect(screenTemperature([r(37.6), r(36.6)], DEFAULT_POLICY, now)).toMatchObject({ stage: 'admit' });
  });
  it('an out-of-range reading is measured again; a typed one is flagged, never the lookup flag', () => {
    expect(screenTemperature([r(25)], DEFAULT_POLICY, now).stage).toBe('remeasure');
    expect(screenTemperature([r(36.4, 'manual')], DEFAULT_POLICY, now).reasons).toEqual(['manual_reading']);
  });
});

describe('visitor pass and overstay', () => {
  const arrived = new Date('2020-02-10T01:00:00Z');
  const expiresAt = visitorPassExpiry(arrived, 2).toISOString();
  it('lasts the configured hours', () => {
    expect(expiresAt).toBe('2020-02-10T03:00:00.000Z');
    expect(visitorPassExpiry(arrived, 0.25).toISOString()).toBe('2020-02-10T01:15:00.000Z');
  });
  it('is an overstay from the expiry instant while inside, and stays one if they left late', () => {
    expect(isOverstay({ expiresAt, leftAt: null }, new Date('2020-02-10T02:59:59.999Z'))).toBe(false);
    expect(isOverstay({ expiresAt, leftAt: null }, new Date('2020-02-10T03:00:00Z'))).toBe(true);
    expect(isOverstay({ expiresAt, leftAt: '2020-02-10T02:30:00Z' }, new Date('2020-02-11T00:00:00Z'))).toBe(false);
    expect(isOverstay({ expiresAt, leftAt: '2020-02-10T03:10:00Z' }, new Date('2020-02-11T00:00:00Z'))).toBe(true);
    expect(isOverstay({ expiresAt: null, leftAt: null }, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('home observation: arrival date + N local calendar days', () => {
  it('arriving 1 Feb observes 1–14 Feb and ends at Shanghai midnight starting 15 Feb (16:00 UTC on the 14th)', () => {
    const p = observationPeriod('2020-02-01', 14, 'Asia/Shanghai');
    expect(p).toEqual({ firstDay: '2020-02-01', lastDay: '2020-02-14', endsAt: new Date('2020-02-14T16:00:00.000Z') });
  });
  it('does not depend on the hour of arrival or registration; the boundary is the local day, not UTC', () => {
    const p = observationPeriod('2020-02-01', 14, 'Asia/Shanghai');
    const o = { startedAt: '2020-01-31T17:30:00.000Z', endsAt: p.endsAt.toISOString() }; // 01:30 local on 1 Feb
    expect(isUnderObservation(o, new Date('2020-02-14T15:59:59.999Z'))).toBe(true); // 23:59:59 local on the 14th
    expect(isUnderObservation(o, new Date('2020-02-14T16:00:00.000Z'))).toBe(false); // 00:00 local on the 15th
    expect(isUnderObservation(o, new Date('2020-01-31T17:00:00.000Z'))).toBe(false); // before it started
  });
  it('follows the configured length and zone, across a month end and a DST change', () => {
    expect(observationPeriod('2020-02-20', 14, 'Asia/Shanghai').lastDay).toBe('2020-03-04'); // 2020 is a leap year
    expect(observationPeriod('2020-02-20', 7, 'Asia/Shanghai').endsAt.toISOString()).toBe('2020-02-26T16:00:00.000Z');
    // Berlin moves to summer time on 29 Mar 2020: the end is local midnight at UTC+2.
    expect(observationPeriod('2020-03-20', 14, 'Europe/Berlin').endsAt.toISOString()).toBe('2020-04-02T22:00:00.000Z');
  });
  it('refuses an arrival after today (local) or a date that does not exist', () => {
    // 2020-02-10T17:00Z is already 11 Feb in Shanghai.
    const evening = new Date('2020-02-10T17:00:00Z');
    expect(arrivalDateProblem('2020-02-11', evening, 'Asia/Shanghai')).toBeNull();
    expect(arrivalDateProblem('2020-02-11', evening, 'UTC')).toBe('future');
    expect(arrivalDateProblem('2020-02-30', evening, 'Asia/Shanghai')).toBe('not_a_date');
  });
});

describe('alerts and parcels', () => {
  it('a decision raises the alert of its deciding reason', () => {
    expect(alertKindFor(['fever', 'manual_reading'])).toBe('fever');
    expect(alertKindFor(['home_observation'])).toBe('home_observation_exit');
    expect(alertKindFor(['revoked_pass'])).toBe('revoked_pass');
    expect(alertKindFor(['forged_pass'])).toBe('forged_pass');
    expect(alertKindFor(['already_inside'])).toBeNull();
  });
  it('a parcel waits, is due at the door while the household is observed, then is collected or delivered', () => {
    expect(parcelState({ collectedAt: null, handover: null }, false)).toBe('waiting');
    expect(parcelState({ collectedAt: null, handover: null }, true)).toBe('door_drop_due');
    expect(parcelState({ collectedAt: '2020-02-10T02:00:00Z', handover: 'pickup' }, false)).toBe('collected');
    expect(parcelState({ collectedAt: '2020-02-10T02:00:00Z', handover: 'door_drop' }, true)).toBe('delivered');
  });
  it('symptoms are written as the paper form has them', () => {
    expect(symptomsText([])).toBe('无');
    expect(symptomsText(['fever', 'cough'])).toBe('发热、咳嗽');
  });
});
