import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatTemperature,
  formatTime,
  todayInZone,
} from '../../../src/renderer/src/i18n/format';

describe('formatTemperature', () => {
  it('shows one decimal and ℃', () => {
    expect(formatTemperature(36.5)).toBe('36.5℃');
    expect(formatTemperature(37)).toBe('37.0℃');
    expect(formatTemperature(37.26)).toBe('37.3℃');
    expect(formatTemperature(36.44)).toBe('36.4℃');
    expect(formatTemperature(29)).toBe('29.0℃');
  });
  it('shows a dash for no reading and never -0.0', () => {
    expect(formatTemperature(null)).toBe('—');
    expect(formatTemperature(undefined)).toBe('—');
    expect(formatTemperature(Number.NaN)).toBe('—');
    expect(formatTemperature(-0.01)).toBe('0.0℃');
  });
});

describe('times in the gate time zone', () => {
  const iso = '2020-02-10T16:05:09Z'; // 00:05 on the 11th in Shanghai

  it('formats 24-hour HH:mm in the given zone, whatever the locale', () => {
    expect(formatTime(iso, 'Asia/Shanghai', 'zh-CN')).toBe('00:05');
    expect(formatTime(iso, 'Asia/Shanghai', 'en')).toBe('00:05');
    expect(formatTime('2020-02-11T06:30:00+08:00', 'Asia/Shanghai')).toBe('06:30');
    expect(formatTime('2020-02-11T14:45:00+08:00', 'Asia/Shanghai')).toBe('14:45');
    expect(formatTime(iso, 'UTC')).toBe('16:05');
  });

  it('formats date and time', () => {
    expect(formatDateTime(iso, 'Asia/Shanghai', 'zh-CN')).toBe('2020-02-11 00:05');
    expect(formatDateTime(iso, 'Europe/London', 'en')).toBe('2020-02-10 16:05');
  });

  it('gives today as the gate sees it', () => {
    expect(todayInZone('Asia/Shanghai', new Date(iso))).toBe('2020-02-11');
    expect(todayInZone('UTC', new Date(iso))).toBe('2020-02-10');
    expect(todayInZone('Asia/Shanghai')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('falls back to Shanghai for an unknown zone and a dash for a bad time', () => {
    expect(formatTime(iso, 'Not/AZone')).toBe('00:05');
    expect(formatTime('not a time', 'Asia/Shanghai')).toBe('—');
  });
});
