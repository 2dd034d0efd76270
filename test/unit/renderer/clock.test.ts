/**
 * The screen's clock: it shows the gate's trusted time counted on with performance.now(), so neither
 * this browser's clock nor a setting of it moves the header; and the banner's wording of the gap.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TFunction } from 'i18next';
import type { GateClient } from '../../../src/shared/contract';
import type { ClockStatus } from '../../../src/shared/clock';
import { ClockStore, gateNow } from '../../../src/renderer/src/clock/clockStore';
import { formatClockGap } from '../../../src/renderer/src/clock/ClockBanner';

const status = (trustedTime: string, flagged = false): ClockStatus => ({
  trustedTime,
  wallTime: '2000-01-01T00:00:00.000Z',
  monitored: true,
  source: 'system',
  flagged,
  wallOffsetMs: flagged ? -86_400_000 : null,
  thresholdMs: 120_000,
  lastChange: null,
});

function fakeClient(answer: ClockStatus) {
  let listener: ((p: unknown) => void) | null = null;
  const client = {
    call: vi.fn(async () => answer),
    on: vi.fn((_e: string, l: (p: unknown) => void) => {
      listener = l;
      return () => (listener = null);
    }),
  } as unknown as GateClient;
  return { client, push: (s: ClockStatus) => listener?.(s) };
}

afterEach(() => vi.restoreAllMocks());

describe('gate time on the screen', () => {
  it('counts on from the gate time with the monotonic clock, not the browser wall clock', async () => {
    let perf = 1_000;
    vi.spyOn(performance, 'now').mockImplementation(() => perf);
    const { client, push } = fakeClient(status('2026-11-29T08:00:00.000Z'));
    const store = new ClockStore(client);
    const off = store.subscribe(() => {});
    await Promise.resolve();
    await Promise.resolve();
    perf += 90_000;
    vi.spyOn(Date, 'now').mockReturnValue(Date.parse('1999-01-01T00:00:00Z')); // the browser's clock is irrelevant
    expect(gateNow(store.get()).toISOString()).toBe('2026-11-29T08:01:30.000Z');
    // A jump event re-bases it at once.
    push(status('2026-11-29T09:00:00.000Z', true));
    expect(store.get().status?.flagged).toBe(true);
    perf += 1_000;
    expect(gateNow(store.get()).toISOString()).toBe('2026-11-29T09:00:01.000Z');
    off();
  });

  it('the banner says the gap the way a guard would', () => {
    const t = ((key: string, o: { n: number }) => `${key}:${o.n}`) as unknown as TFunction;
    expect(formatClockGap(t, -3 * 60_000)).toBe('clock.gap.minutes:3');
    expect(formatClockGap(t, 3_600_000)).toBe('clock.gap.minutes:60');
    expect(formatClockGap(t, -2 * 3_600_000)).toBe('clock.gap.hours:2');
    expect(formatClockGap(t, 86_400_000)).toBe('clock.gap.hours:24');
    expect(formatClockGap(t, -2 * 86_400_000)).toBe('clock.gap.days:2');
  });
});
