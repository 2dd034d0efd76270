/**
 * Exponential backoff with jitter for retryable sync failures. "Equal jitter": half the window is
 * fixed and half random, so a hub coming back is not hit by every gate at the same instant and a
 * gate never retries in a tight loop. Measured in real elapsed time, never the gate's clock (which
 * may be wrong, or frozen in tests).
 */
export type BackoffOptions = { baseMs: number; capMs: number; random?: () => number };

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 5 * 60_000 };

export class Backoff {
  private failures = 0;
  private readonly random: () => number;

  constructor(private readonly opts: BackoffOptions = DEFAULT_BACKOFF) {
    this.random = opts.random ?? Math.random;
  }

  /** Records a failure and returns how long to wait before the next attempt. */
  next(): number {
    const window = Math.min(this.opts.capMs, this.opts.baseMs * 2 ** Math.min(this.failures, 30));
    this.failures += 1;
    return Math.round(window / 2 + this.random() * (window / 2));
  }

  reset(): void {
    this.failures = 0;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
