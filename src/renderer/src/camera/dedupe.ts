/** A code seen again within this long of its last sighting is the same pass still being held up. */
export const DUPLICATE_WINDOW_MS = 3000;

/**
 * Turns a camera's stream of decodes into scans. A pass held up to the camera is decoded several
 * times a second; only its first sighting is a scan. The window runs from the code's *last*
 * sighting, so a pass held still for ten seconds is still one scan, and the same pass shown
 * again after being taken away for the window's length is a new one (e.g. a second person's turn
 * with a shared family pass, or a retry after a re-measure). A different code is always a scan.
 */
export class ScanDeduper {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly windowMs: number = DUPLICATE_WINDOW_MS) {}

  /** Records a sighting at `now` (ms, monotonic) and says whether it is a new scan. */
  accept(code: string, now: number): boolean {
    this.prune(now);
    const last = this.lastSeen.get(code);
    this.lastSeen.set(code, now);
    return last === undefined || now - last >= this.windowMs;
  }

  /** Forget everything, e.g. when the camera restarts. */
  reset(): void {
    this.lastSeen.clear();
  }

  /** Codes still inside the window (for tests and debugging). */
  get size(): number {
    return this.lastSeen.size;
  }

  private prune(now: number): void {
    for (const [code, at] of this.lastSeen) {
      // A clock that went backwards (it should not: callers pass performance.now()) clears too.
      if (now - at >= this.windowMs || now < at) this.lastSeen.delete(code);
    }
  }
}
