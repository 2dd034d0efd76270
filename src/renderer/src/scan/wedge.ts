/**
 * Tells a keyboard-wedge scanner from a person typing, by timing alone (hardware.md §3.1, after
 * onScan.js): a burst of at least `minLength` characters whose span is at most
 * `length × avgTimeByChar` is a scan. Enter or Tab ends it at once; otherwise it is judged after
 * `silenceMs` without keys. Pure: the caller supplies every timestamp, so tests need no timers.
 *
 * Characters come from `KeyboardEvent.key`, not key codes: onScan's default key-code mapper drops
 * `: / . ? = &`, which mangles QR URLs.
 */

export type WedgeOptions = {
  minLength: number;
  avgTimeByChar: number;
  silenceMs: number;
};

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { minLength: 6, avgTimeByChar: 30, silenceMs: 100 };

export type WedgeScan = {
  code: string;
  /** `suffix` when Enter/Tab closed it: that key belongs to the scanner, not to the page. */
  endedBy: 'suffix' | 'silence';
  firstCharMs: number;
  lastCharMs: number;
};

const SUFFIX_KEYS = new Set(['Enter', 'Tab']);
/** Scanners press Shift for capitals and `: ? &`; these keys must not break a burst. */
const IGNORED_KEYS = new Set(['Shift', 'CapsLock', 'NumLock', 'Unidentified', 'Process', 'Dead']);

export class WedgeDetector {
  private readonly opts: WedgeOptions;
  private chars: string[] = [];
  private firstMs = 0;
  private lastMs = 0;

  constructor(options: Partial<WedgeOptions> = {}) {
    this.opts = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  }

  /** The characters of the burst in progress (what the page may have received so far). */
  get buffer(): string {
    return this.chars.join('');
  }

  /**
   * Feeds one keydown. Returns a scan when this key completes one: a suffix after a valid burst,
   * or a printable key arriving after the previous burst went silent long enough to be judged.
   */
  feed(key: string, timeMs: number): WedgeScan | null {
    if (IGNORED_KEYS.has(key)) return null;

    if (SUFFIX_KEYS.has(key)) {
      const scan = this.evaluate('suffix');
      this.reset();
      return scan;
    }

    // A single code point is a printable character; named keys (Backspace, arrows…) are a person.
    if ([...key].length !== 1) {
      this.reset();
      return null;
    }

    let completed: WedgeScan | null = null;
    if (this.chars.length > 0 && timeMs - this.lastMs > this.opts.silenceMs) {
      completed = this.evaluate('silence');
      this.reset();
    }
    if (this.chars.length === 0) this.firstMs = timeMs;
    this.chars.push(key);
    this.lastMs = timeMs;
    return completed;
  }

  /** Judges the burst if it has been silent for `silenceMs` by `nowMs`; call from a timer. */
  flush(nowMs: number): WedgeScan | null {
    if (this.chars.length === 0 || nowMs - this.lastMs < this.opts.silenceMs) return null;
    const scan = this.evaluate('silence');
    this.reset();
    return scan;
  }

  reset(): void {
    this.chars = [];
    this.firstMs = 0;
    this.lastMs = 0;
  }

  private evaluate(endedBy: WedgeScan['endedBy']): WedgeScan | null {
    const length = this.chars.length;
    if (length < this.opts.minLength) return null;
    if (this.lastMs - this.firstMs > length * this.opts.avgTimeByChar) return null;
    return { code: this.buffer, endedBy, firstCharMs: this.firstMs, lastCharMs: this.lastMs };
  }
}
