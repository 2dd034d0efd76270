import { describe, expect, it } from 'vitest';
import { formatLocal } from '../../../src/main/core/time';
import { localTimeFormatter } from '../../../src/main/export/localTime';

describe('localTimeFormatter: formatLocal at export speed', () => {
  it('agrees with formatLocal on every instant, in zones with DST and odd offsets', () => {
    const zones = [
      'Asia/Shanghai',
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Pacific/Chatham',
      'UTC',
    ];
    // Across both 2020 DST switches of the northern and southern hemispheres, every 17 min 13 s.
    const start = Date.parse('2020-03-07T00:00:00Z');
    const instants: string[] = [];
    for (let t = start; t < start + 3 * 86_400_000; t += 1_033_000) instants.push(new Date(t).toISOString());
    for (let t = Date.parse('2020-10-30T00:00:00Z'); t < Date.parse('2020-11-02T00:00:00Z'); t += 1_033_000)
      instants.push(new Date(t).toISOString());
    instants.push(
      '2020-04-05T02:00:00.000Z',
      '2020-04-04T15:00:00.000Z',
      '2020-10-04T02:00:00.000Z',
      '2020-11-01T06:00:00.000Z',
    );
    for (const zone of zones) {
      const fast = localTimeFormatter(zone);
      for (const iso of instants) expect(fast(iso), `${zone} ${iso}`).toBe(formatLocal(iso, zone));
    }
  });

  it('keeps the seconds of rows inside one cached minute', () => {
    const f = localTimeFormatter('Asia/Shanghai');
    expect(f('2020-02-10T01:05:03.000Z')).toBe('2020-02-10 09:05:03');
    expect(f('2020-02-10T01:05:59.999Z')).toBe('2020-02-10 09:05:59');
    expect(f('2020-02-10T01:06:00.000Z')).toBe('2020-02-10 09:06:00');
    expect(f('2020-02-09T16:00:00.000Z')).toBe('2020-02-10 00:00:00');
  });

  it('takes other spellings of an instant through formatLocal', () => {
    const f = localTimeFormatter('Asia/Shanghai');
    expect(f('2020-02-10T09:05:03+08:00')).toBe('2020-02-10 09:05:03');
    expect(f('2020-02-10T01:05:03.000Z')).toBe('2020-02-10 09:05:03');
  });
});
