import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { ageS, formatAge, stripState } from '../../../src/renderer/src/sync/age';
import { enrolInput } from '../../../src/renderer/src/sync/SyncSettingsSection';

const t = ((key: string, o: { n: number }) => `${key}:${o.n}`) as unknown as TFunction;
const limits = { rosterStaleAfterS: 24 * 3600, unsentAlarmAfterS: 3600 };
const now = new Date('2026-03-01T12:00:00Z');

describe('sync strip', () => {
  it('the roster line turns amber only past the limit, and when the roster never came', () => {
    const base = { oldestUnsentAt: null, backlog: 0, limits };
    expect(stripState({ ...base, rosterAsOf: '2026-02-28T12:00:01Z' }, now)).toMatchObject({ stale: false, rosterAgeS: 24 * 3600 - 1 });
    expect(stripState({ ...base, rosterAsOf: '2026-02-28T11:59:59Z' }, now)).toMatchObject({ stale: true });
    expect(stripState({ ...base, rosterAsOf: null }, now)).toMatchObject({ stale: true, rosterAgeS: null });
  });

  it('the backlog alarms only past its limit, and never with nothing unsent', () => {
    const base = { rosterAsOf: '2026-03-01T11:00:00Z', limits };
    expect(stripState({ ...base, backlog: 3, oldestUnsentAt: '2026-03-01T11:00:01Z' }, now)).toMatchObject({ alarm: false, unsentAgeS: 3599 });
    expect(stripState({ ...base, backlog: 3, oldestUnsentAt: '2026-03-01T10:59:59Z' }, now)).toMatchObject({ alarm: true });
    expect(stripState({ ...base, backlog: 0, oldestUnsentAt: '2026-03-01T01:00:00Z' }, now)).toMatchObject({ alarm: false, unsentAgeS: null });
  });

  it('ages read as a guard says them', () => {
    expect(formatAge(t, 20)).toBe('sync.age.minutes:1');
    expect(formatAge(t, 119 * 60)).toBe('sync.age.minutes:119');
    expect(formatAge(t, 2 * 3600)).toBe('sync.age.hours:2');
    expect(formatAge(t, 47 * 3600 + 59)).toBe('sync.age.hours:47');
    expect(formatAge(t, 3 * 86400 + 5)).toBe('sync.age.days:3');
    expect(ageS('not a time', now)).toBe(null);
    expect(ageS('2026-03-01T12:00:10Z', now)).toBe(0); // a gate clock ahead never shows a negative age
  });
});

describe('enrolment input', () => {
  it('a QR payload goes as is; a bare code needs the hub address', () => {
    expect(enrolInput('  gatehouse://enrol?hub=x&code=y  ', '')).toEqual({ qr: 'gatehouse://enrol?hub=x&code=y' });
    expect(enrolInput('ABCD-1234', '')).toBe(null);
    expect(enrolInput('ABCD-1234', ' https://hub.example ')).toEqual({ hubUrl: 'https://hub.example', code: 'ABCD-1234' });
  });
});
