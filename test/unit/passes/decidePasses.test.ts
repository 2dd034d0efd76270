import { describe, expect, it } from 'vitest';
import { decide, DEFAULT_POLICY, type SubjectFacts, type TempPassVerdict } from '../../../src/main/gate/decide';

const now = new Date('2020-02-10T01:00:00.000Z');
const reading = [{ celsius: 36.5, source: 'device' as const }];

function temp(verdict: TempPassVerdict, rule: 'allow' | 'no_exit' = 'allow'): SubjectFacts {
  return { identifiedBy: 'temp_pass', tempPass: verdict, pass: null, resident: verdict === 'valid' ? { statusRule: rule } : null, insideSince: null };
}
const resident = (quota?: 'ok' | 'warn' | 'deny'): SubjectFacts => ({
  identifiedBy: 'pass',
  pass: { status: 'active', validFrom: null, validUntil: null },
  resident: { statusRule: 'allow' },
  insideSince: null,
  ...(quota ? { quota } : {}),
});

describe('decide: temporary passes', () => {
  it('a valid temporary pass is checked like a resident: measured on the way in, then admitted', () => {
    expect(decide({ subject: temp('valid'), direction: 'in', readings: [], policy: DEFAULT_POLICY, now }).stage).toBe('await_reading');
    expect(decide({ subject: temp('valid'), direction: 'in', readings: reading, policy: DEFAULT_POLICY, now }).stage).toBe('admit');
  });

  it.each([
    ['forged', 'forged_pass'],
    ['expired', 'expired_pass'],
    ['revoked', 'revoked_pass'],
    ['not_yet_valid', 'pass_not_yet_valid'],
    ['unknown_household', 'unknown_pass'],
  ] as const)('a %s temporary pass is refused with %s', (verdict, reason) => {
    const v = decide({ subject: temp(verdict), direction: 'in', readings: reading, policy: DEFAULT_POLICY, now });
    expect(v.stage).toBe('deny');
    expect(v.reasons).toEqual([reason]);
  });

  it('the household status still applies to a valid temporary pass (home observation may not go out)', () => {
    const v = decide({ subject: temp('valid', 'no_exit'), direction: 'out', readings: [], policy: DEFAULT_POLICY, now });
    expect(v.stage).toBe('deny');
    expect(v.reasons).toContain('home_observation');
  });
});

describe('decide: household quota', () => {
  it('over quota on the way out is a warning on an admitted exit', () => {
    const v = decide({ subject: resident('warn'), direction: 'out', readings: [], policy: DEFAULT_POLICY, now });
    expect(v.stage).toBe('admit');
    expect(v.reasons).toContain('household_quota');
  });

  it('refuses only when the quota is enforced', () => {
    const v = decide({ subject: resident('deny'), direction: 'out', readings: [], policy: DEFAULT_POLICY, now });
    expect(v.stage).toBe('deny');
    expect(v.reasons).toEqual(['household_quota']);
  });

  it('never limits the way in, and an ok quota adds nothing', () => {
    expect(decide({ subject: resident('deny'), direction: 'in', readings: reading, policy: DEFAULT_POLICY, now }).stage).toBe('admit');
    expect(decide({ subject: resident('ok'), direction: 'out', readings: [], policy: DEFAULT_POLICY, now }).reasons).toEqual([]);
  });
});
