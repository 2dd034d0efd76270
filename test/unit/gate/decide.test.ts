import { describe, expect, it } from 'vitest';
import { abandon, decide, DEFAULT_POLICY, type SubjectFacts, type TemperatureReading } from '../../../src/main/gate/decide';
import type { Direction } from '../../../src/shared/domain';

const NOW = new Date('2020-02-10T09:00:00+08:00');
const resident = (statusRule: 'allow' | 'no_exit' | 'deny' | 'refer' = 'allow', insideSince: string | null = null): SubjectFacts => ({
  identifiedBy: 'pass',
  pass: { status: 'active', validFrom: null, validUntil: null },
  resident: { statusRule },
  insideSince,
});
const t = (celsius: number, source: TemperatureReading['source'] = 'device'): TemperatureReading => ({ celsius, source });

function run(subject: SubjectFacts, direction: Direction, readings: TemperatureReading[] = []) {
  return decide({ subject, direction, readings, policy: DEFAULT_POLICY, now: NOW });
}

describe('the gate check (逢人必问、必测体温), as domain.md tells it', () => {
  it.each([
    // [rule in words, subject, direction, readings, stage, reasons]
    ['a resident with a valid pass and a normal temperature goes in', resident(), 'in', [t(36.5)], 'admit', []],
    ['a resident going out is not measured (default policy)', resident(), 'out', [], 'admit', []],
    ['no reading yet: wait for the thermometer', resident(), 'in', [], 'await_reading', ['no_reading']],
    ['37.3 °C is abnormal (≥ 37.3): measure again first', resident(), 'in', [t(37.3)], 'remeasure', ['fever']],
    ['37.2 °C is normal', resident(), 'in', [t(37.2)], 'admit', []],
    ['a high reading then a normal one: the second reading decides, admit', resident(), 'in', [t(37.6), t(36.8)], 'admit', []],
    ['two high readings: refused and reported', resident(), 'in', [t(37.6), t(37.9)], 'deny', ['fever']],
    ['29.0 °C is outside 30–45 °C: invalid, measure again', resident(), 'in', [t(29.0)], 'remeasure', ['invalid_reading']],
    ['45.5 °C is outside 30–45 °C: invalid', resident(), 'in', [t(45.5)], 'remeasure', ['invalid_reading']],
    ['an invalid reading does not count as the first of two', resident(), 'in', [t(29), t(37.5)], 'remeasure', ['fever']],
    ['a reading typed by staff is flagged', resident(), 'in', [t(36.6, 'manual')], 'admit', ['manual_reading']],
    ['under home observation, coming home is allowed', resident('no_exit'), 'in', [t(36.4)], 'admit', []],
    ['under home observation, going out is refused', resident('no_exit'), 'out', [], 'deny', ['home_observation']],
    ['a status the committee bars is refused', resident('deny'), 'in', [t(36.4)], 'deny', ['status_denied']],
    ['a not-yet-returned status is referred to staff (returnee must register)', resident('refer'), 'in', [], 'refer', ['status_refer']],
    ['already inside: warned, not blocked (soft anti-passback)', resident('allow', '2020-02-10T00:30:00.000Z'), 'in', [t(36.5)], 'admit', ['already_inside']],
  ] as const)('%s', (_rule, subject, direction, readings, stage, reasons) => {
    const v = run(subject, direction, [...readings]);
    expect(v.stage).toBe(stage);
    expect(v.reasons).toEqual(reasons);
  });

  it('an unknown pass is refused without waiting for a reading', () => {
    const v = run({ identifiedBy: 'pass', pass: null, resident: null, insideSince: null }, 'in');
    expect(v).toMatchObject({ stage: 'deny', reasons: ['unknown_pass'] });
  });

  it('a revoked pass is refused', () => {
    const s = resident();
    expect(run({ ...s, pass: { status: 'revoked', validFrom: null, validUntil: null } }, 'in', [t(36.5)])).toMatchObject({ stage: 'deny', reasons: ['revoked_pass'] });
  });

  it('a pass is expired from the instant of valid_until on', () => {
    const s = { ...resident(), pass: { status: 'active' as const, validFrom: null, validUntil: NOW.toISOString() } };
    expect(run(s, 'in', [t(36.5)]).reasons).toEqual(['expired_pass']);
    const oneMsLater = { ...s, pass: { ...s.pass, validUntil: new Date(NOW.getTime() + 1).toISOString() } };
    expect(run(oneMsLater, 'in', [t(36.5)]).stage).toBe('admit');
  });

  it('a pass that is not valid yet is refused', () => {
    const s = { ...resident(), pass: { status: 'active' as const, validFrom: '2020-02-11T00:00:00+08:00', validUntil: null } };
    expect(run(s, 'in', [t(36.5)]).reasons).toEqual(['pass_not_yet_valid']);
  });

  it('a registered returnee under home observation may come home but not go out, whatever their status', () => {
    const observed = { ...resident('allow'), underObservation: true };
    expect(run(observed, 'out')).toMatchObject({ stage: 'deny', reasons: ['home_observation'], alert: true });
    expect(run({ ...resident('refer'), underObservation: true }, 'out')).toMatchObject({ stage: 'deny', reasons: ['home_observation'] });
    expect(run(observed, 'in', [t(36.5)]).stage).toBe('admit');
    expect(run({ ...resident('allow'), underObservation: false }, 'out').stage).toBe('admit');
  });

  it('a withdrawn pass is refused with an alert', () => {
    expect(run({ ...resident(), pass: { status: 'revoked', validFrom: null, validUntil: null } }, 'out').alert).toBe(true);
  });

  it('home observation going out raises an alert; a double fever raises one too', () => {
    expect(run(resident('no_exit'), 'out').alert).toBe(true);
    expect(run(resident(), 'in', [t(38), t(38.1)]).alert).toBe(true);
    expect(run(resident(), 'in', [t(38)]).alert).toBe(false);
  });

  it('a resident found by staff without a card is flagged as a manual lookup', () => {
    const v = run({ identifiedBy: 'lookup', pass: null, resident: { statusRule: 'allow' }, insideSince: null }, 'in', [t(36.2)]);
    expect(v).toMatchObject({ stage: 'admit', reasons: ['manual_lookup'] });
  });

  it('the threshold and measuring on exit come from the gate policy', () => {
    const policy = { ...DEFAULT_POLICY, feverThresholdC: 37.0, measureOnExit: true };
    expect(decide({ subject: resident(), direction: 'in', readings: [t(37.1)], policy, now: NOW }).stage).toBe('remeasure');
    expect(decide({ subject: resident(), direction: 'out', readings: [], policy, now: NOW }).stage).toBe('await_reading');
  });

  it('an abandoned check: a pending fever is logged as refused, anything else as referred', () => {
    expect(abandon(run(resident(), 'in', [t(38)]))).toMatchObject({ stage: 'deny', alert: true, reasons: ['fever', 'abandoned'] });
    expect(abandon(run(resident(), 'in', []))).toMatchObject({ stage: 'refer', reasons: ['no_reading', 'abandoned'] });
  });
});
