import { describe, expect, it } from 'vitest';
import { createMedianFilter, median } from '../../../drivers/thermometer/median';
import type { TemperatureReading } from '../../../drivers/types';
import { AT } from './bytes';

const reading = (objectC: number, ms = 0, extra: Partial<TemperatureReading> = {}): TemperatureReading => ({
  kind: 'temperature',
  objectC,
  deviceId: 'lu-1',
  at: new Date(AT.getTime() + ms),
  ...extra,
});

describe('median', () => {
  it.each([
    [[36.5], 36.5],
    [[36.9, 36.4, 36.6], 36.6],
    [[36.4, 36.8], 36.6],
    [[37, 20, 36.5, 36.6, 36.7], 36.6],
  ])('%o → %f', (values, expected) => {
    expect(median(values)).toBeCloseTo(expected, 10);
  });

  it('of nothing is NaN', () => {
    expect(median([])).toBeNaN();
  });
});

describe('median-of-N filter (hardware.md §6)', () => {
  it('emits nothing until N readings, then the median of the last N', () => {
    const f = createMedianFilter({ n: 3 });
    expect(f.push(reading(36.5, 0))).toBeUndefined();
    expect(f.push(reading(31.0, 100))).toBeUndefined();
    expect(f.push(reading(36.7, 200))).toEqual(reading(36.5, 200));
    expect(f.push(reading(36.9, 300))?.objectC).toBe(36.7);
  });

  it('one misaimed reading cannot move the result much', () => {
    const f = createMedianFilter({ n: 5 });
    const out = [36.6, 36.5, 24.0, 36.7, 36.6].map((c, k) => f.push(reading(c, k * 100)));
    expect(out.at(-1)?.objectC).toBe(36.6);
  });

  it('N = 1 passes readings through', () => {
    expect(createMedianFilter({ n: 1 }).push(reading(37.3))).toEqual(reading(37.3));
  });

  it('even N averages the middle two', () => {
    const f = createMedianFilter({ n: 4 });
    [36.4, 36.6, 36.8].forEach((c) => f.push(reading(c)));
    expect(f.push(reading(36.2))?.objectC).toBeCloseTo(36.5, 10);
  });

  it('forgets readings older than maxAgeMs', () => {
    const f = createMedianFilter({ n: 3, maxAgeMs: 1000 });
    f.push(reading(36.5, 0));
    f.push(reading(36.6, 100));
    expect(f.push(reading(36.7, 1500))).toBeUndefined();
    expect(f.size()).toBe(1);
  });

  it('ambient and body are filtered too, only when every reading has them', () => {
    const f = createMedianFilter({ n: 3 });
    f.push(reading(36.5, 0, { ambientC: 25, bodyC: 36.5 }));
    f.push(reading(36.7, 1, { ambientC: 26, bodyC: 36.7 }));
    expect(f.push(reading(36.6, 2, { ambientC: 24, bodyC: 36.6 }))).toMatchObject({
      objectC: 36.6,
      ambientC: 25,
      bodyC: 36.6,
    });
    expect(f.push(reading(36.6, 3))).not.toHaveProperty('ambientC');
  });

  it('a reading from another device starts a fresh window', () => {
    const f = createMedianFilter({ n: 2 });
    f.push(reading(36.5));
    expect(f.push({ ...reading(36.6), deviceId: 'other' })).toBeUndefined();
  });

  it('reset empties the window; N must be a positive integer', () => {
    const f = createMedianFilter({ n: 2 });
    f.push(reading(36.5));
    f.reset();
    expect(f.push(reading(36.6))).toBeUndefined();
    expect(() => createMedianFilter({ n: 0 })).toThrow(RangeError);
    expect(() => createMedianFilter({ n: 2.5 })).toThrow(RangeError);
  });
});
