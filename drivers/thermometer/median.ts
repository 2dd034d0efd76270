/**
 * Median-of-N over one device's readings (hardware.md §6: "median of 3–5 readings within about
 * 1 s"). A median rather than a mean so one misaimed reading (a hand, a hat) cannot drag the
 * result. Sliding window: once N fresh readings are held, every new one yields a median.
 */
import type { TemperatureReading } from '../types';

export type MedianFilterOptions = {
  /** Window size N (≥ 1). */
  n: number;
  /** Readings older than this relative to the newest are forgotten; default: never. */
  maxAgeMs?: number;
};

export type MedianFilter = {
  /** The median reading once N fresh readings are held, else undefined. */
  push(reading: TemperatureReading): TemperatureReading | undefined;
  reset(): void;
  size(): number;
};

/** Median of the values; the mean of the middle two for an even count; NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const hi = s[mid] ?? NaN;
  return s.length % 2 === 1 ? hi : ((s[mid - 1] ?? NaN) + hi) / 2;
}

const medianOf = (
  rs: readonly TemperatureReading[],
  pick: (r: TemperatureReading) => number | undefined,
): number | undefined => {
  const vs = rs.map(pick).filter((v): v is number => v !== undefined);
  // Only when every reading has the field: a median over a subset would mix different moments.
  return vs.length === rs.length ? median(vs) : undefined;
};

export function createMedianFilter(opts: MedianFilterOptions): MedianFilter {
  if (!Number.isInteger(opts.n) || opts.n < 1)
    throw new RangeError(`median window must be a positive integer: ${opts.n}`);
  let window: TemperatureReading[] = [];

  return {
    push(reading) {
      // One filter per device: a reading from another device starts a fresh window.
      if (window.length > 0 && window[0]?.deviceId !== reading.deviceId) window = [];
      window.push(reading);
      if (opts.maxAgeMs !== undefined) {
        const oldest = reading.at.getTime() - opts.maxAgeMs;
        window = window.filter((r) => r.at.getTime() >= oldest);
      }
      if (window.length > opts.n) window = window.slice(window.length - opts.n);
      if (window.length < opts.n) return undefined;
      const out: TemperatureReading = {
        kind: 'temperature',
        objectC: median(window.map((r) => r.objectC)),
        deviceId: reading.deviceId,
        at: reading.at,
      };
      const ambientC = medianOf(window, (r) => r.ambientC);
      const bodyC = medianOf(window, (r) => r.bodyC);
      if (ambientC !== undefined) out.ambientC = ambientC;
      if (bodyC !== undefined) out.bodyC = bodyC;
      return out;
    },
    reset() {
      window = [];
    },
    size: () => window.length,
  };
}
