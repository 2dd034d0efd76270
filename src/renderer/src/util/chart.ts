/** Scaling for the desk's small bar charts: pure, so it is tested without a DOM. */

/** The smallest 1, 2 or 5 × 10ⁿ at or above `max` (at least 1), so the axis reads in round numbers. */
export function niceCeiling(max: number): number {
  if (!Number.isFinite(max) || max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

/**
 * Bar lengths in whole units of `size` against a round top value. A non-zero count always gets at
 * least one unit, so a single fever among a thousand checks is still visible; zero stays zero.
 */
export function scaleBars(values: readonly number[], size: number): { top: number; lengths: number[] } {
  const top = niceCeiling(Math.max(0, ...values.filter((v) => Number.isFinite(v))));
  const lengths = values.map((v) => {
    if (!Number.isFinite(v) || v <= 0) return 0;
    return Math.max(1, Math.round((v / top) * size));
  });
  return { top, lengths };
}
