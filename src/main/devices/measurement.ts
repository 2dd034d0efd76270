/**
 * A polled thermometer reports all the time, most of it the empty air of the gate. A measurement is
 * one person in front of it: readings at or above `presenceC` start an episode, the median of the
 * first N in it is the one value passed to the check, and the episode ends when the value drops
 * back (the person stepped away) or the device goes quiet.
 */
import { median } from '../../../drivers/thermometer/median';
import type { TemperatureReading } from '../../../drivers/types';

export type MeasurementOptions = { medianOf: number; presenceC: number; quietMs: number };

export type Measurement = { celsius: number; deviceId: string; at: Date; samples: number };

export function createMeasurementTracker(opts: MeasurementOptions) {
  let episode: number[] = [];
  let emitted = false;
  let lastAt = 0;
  return {
    push(r: TemperatureReading): Measurement | null {
      const value = r.bodyC ?? r.objectC;
      const t = r.at.getTime();
      if (value < opts.presenceC || t - lastAt > opts.quietMs) {
        episode = [];
        emitted = false;
      }
      lastAt = t;
      if (value < opts.presenceC || emitted) return null;
      episode.push(value);
      if (episode.length < opts.medianOf) return null;
      emitted = true;
      return { celsius: Math.round(median(episode) * 100) / 100, deviceId: r.deviceId, at: r.at, samples: episode.length };
    },
  };
}

/**
 * Fixed-output IR guns are a known failure: the sensor sticks and every person "measures" the same.
 * After `window` measurements in a row within `toleranceC` of each other the sensor is flagged.
 */
export function createStuckDetector(window = 5, toleranceC = 0.05) {
  const recent: number[] = [];
  return {
    push(celsius: number): boolean {
      recent.push(celsius);
      if (recent.length > window) recent.shift();
      return recent.length === window && Math.max(...recent) - Math.min(...recent) <= toleranceC;
    },
  };
}
