import { describe, expect, it } from 'vitest';
import { formatLocal } from '../../../src/main/core/time';
import { localTimeFormatter } from '../../../src/main/export/localTime';

describe('localTimeFormatter: formatLocal at export speed', () => {
  it('agrees with formatLocal on every instant, in zones with DST and odd offsets', () => {
    const zones = [
      'Asia/Shanghai',
      'Europe/Berlin',
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

  it('Europe/Berlin and Asia/Shanghai: every minute of the days of both 2021 switches, in time order', () => {
    // 2021-03-28 01:00 UTC Berlin jumps 02:00 → 03:00; 2021-10-31 01:00 UTC 03:00 → 02:00.
    for (const zone of ['Europe/Berlin', 'Asia/Shanghai']) {
      const fast = localTimeFormatter(zone);
      for (const day of ['2021-03-27T12:00:00.000Z', '2021-10-30T12:00:00.000Z']) {
        const start = Date.parse(day);
        // 37 s apart: several rows per minute (the cached-minute path) and every minute crossed.
        for (let t = start; t < start + 86_400_000; t += 37_000) {
          const iso = new Date(t).toISOString();
          expect(fast(iso), `${zone} ${iso}`).toBe(formatLocal(iso, zone));
        }
      }
    }
    const berlin = localTimeFormatter('Europe/Berlin');
    expect(berlin('2021-03-28T00:59:59.000Z')).toBe('2021-03-28 01:59:59');
    expect(berlin('2021-03-28T01:00:00.000Z')).toBe('2021-03-28 03:00:00');
    expect(berlin('2021-10-31T00:59:59.000Z')).toBe('2021-10-31 02:59:59');
    expect(berlin('2021-10-31T01:00:00.000Z')).toBe('2021-10-31 02:00:00');
  });

  it('a zone whose switch is not on the hour (Lord Howe, 30 min) is exact on both sides', () => {
    const f = localTimeFormatter('Australia/Lord_Howe');
    // 2021-10-03 02:00 local (+10:30) → 02:30 (+11), i.e. 2021-10-02T15:30Z, halfway through a UTC hour.
    expect(f('2021-10-02T15:29:59.000Z')).toBe('2021-10-03 01:59:59');
    expect(f('2021-10-02T15:30:00.000Z')).toBe('2021-10-03 02:30:00');
    for (let t = Date.parse('2021-10-02T14:00:00Z'); t < Date.parse('2021-10-02T17:00:00Z'); t += 29_000) {
      const iso = new Date(t).toISOString();
      expect(f(iso), iso).toBe(formatLocal(iso, 'Australia/Lord_Howe'));
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
