/**
 * The gate's trusted time (issue 8 item 6, decision 0024): an anchor plus the monotonic time elapsed
 * since it. The wall clock is read on every `now()` and compared with that; when the two differ by
 * more than CLOCK_JUMP_THRESHOLD_MS the wall clock has jumped (someone set it, NTP stepped it, the
 * RTC battery died), and the gate keeps deciding with the trusted time and reports the jump once.
 *
 * While the wall clock agrees (within the threshold) the trusted time follows it forwards, so NTP's
 * small corrections are taken; it never follows it backwards, so the trusted time only ever grows.
 * The anchor moves only by `restore` (the persisted high-water mark at start), `anchorToHub` (the
 * committee hub's time in a sync round) and `acceptWall` (a manager's audited decision).
 *
 * The monotonic clock stops while the machine is suspended. A forward jump is therefore first checked
 * against a clock that counts the suspension (boot time): if the machine slept, the trusted time moves
 * on by the sleep and nothing is flagged (`resumed`). Without a boot-time source (Windows, macOS) a
 * suspension still reads as a wall jump (decision 0024).
 *
 * Pure but for reading /proc/uptime: no database. Listeners hear of each change synchronously, after
 * the state is consistent, so a listener may call `now()`; the store side
 * (src/main/clock/clockService.ts) defers its writes.
 */
import { readFileSync } from 'node:fs';
import type { Clock } from './clock';
import { systemClock } from './clock';

/** Beyond this the wall clock is said to have jumped. NTP slews far less; a person setting a clock moves it more. */
export const CLOCK_JUMP_THRESHOLD_MS = 2 * 60_000;

/** Milliseconds from an arbitrary origin that never go back (process.hrtime / performance.now). */
export type Monotonic = () => number;
export const monotonicNow: Monotonic = () => Number(process.hrtime.bigint() / 1_000_000n);

/**
 * Milliseconds since boot *including* time suspended, or null when it cannot be read. Compared with
 * the monotonic clock, which excludes it, the difference is how long the machine slept.
 */
export type BootTime = () => number | null;

/**
 * Linux's CLOCK_BOOTTIME, the first field of /proc/uptime (10 ms resolution). Read only when the
 * wall clock seems to have jumped forward and once a minute, so the file read costs nothing per check.
 */
export const linuxBootTime: BootTime = () => {
  try {
    const secs = Number.parseFloat(readFileSync('/proc/uptime', 'latin1'));
    return Number.isFinite(secs) ? secs * 1000 : null;
  } catch {
    return null;
  }
};

/** The boot-time source of this platform, or null where there is none (Windows, macOS: decision 0024). */
export const defaultBootTime: BootTime | null = process.platform === 'linux' ? linuxBootTime : null;

/** How often (awake time) the sleep measurement starts afresh, so short sleeps the wall clock already explained do not add up. */
const SLEEP_BASE_EVERY_MS = 60_000;

/** What moved the trusted time or flagged the wall clock. */
export type ClockChangeKind =
  /** The wall clock moved away from the trusted time while running. */
  | 'wall_jump'
  /** At start the wall clock was behind the persisted high-water mark: the trusted time starts from the mark. */
  | 'behind_mark'
  /** The hub's time differed from the trusted time: the trusted time now follows the hub. */
  | 'hub_correction'
  /** The wall clock came back to the trusted time by itself (somebody set it right). */
  | 'wall_recovered'
  /** The hub's time agrees with the wall clock again: the flag is lifted. */
  | 'hub_agreed'
  /** A manager accepted the wall clock: the trusted time is the wall clock from now on. */
  | 'accepted'
  /**
   * The machine slept (boot time ran on, the monotonic clock did not): the trusted time moved on by
   * the sleep. Not a fault: logged, never flagged, no `clock_jump` row.
   */
  | 'resumed';

export const JUMP_KINDS: ReadonlySet<ClockChangeKind> = new Set(['wall_jump', 'behind_mark', 'hub_correction']);

export type ClockChange = {
  kind: ClockChangeKind;
  /** Wall clock at the previous reading and now (ms since the epoch). */
  wallBeforeMs: number;
  wallAfterMs: number;
  /** Trusted time before and after the change (equal unless the anchor moved). */
  trustedBeforeMs: number;
  trustedAfterMs: number;
  /** How far it moved: the wall clock's step, or the trusted time's correction. */
  sizeMs: number;
};

export type TrustedClockOptions = {
  wall?: Clock;
  monotonic?: Monotonic;
  /**
   * Default: the platform's boot time (`defaultBootTime`) with the real monotonic clock; none with an
   * injected `monotonic` (a fake monotonic clock and the real boot time would disagree). null: none.
   */
  bootTime?: BootTime | null;
  thresholdMs?: number;
};

export type TrustedSource = 'system' | 'high_water' | 'hub' | 'manager';

export class TrustedClock implements Clock {
  readonly thresholdMs: number;
  private readonly wall: Clock;
  private readonly mono: Monotonic;
  private readonly boot: BootTime | null;
  /** Monotonic and boot time read together: how long the machine slept since is the growth of their difference. */
  private sleepBase: { mono: number; boot: number | null } = { mono: 0, boot: null };
  /** trusted = offset + monotonic. */
  private offset: number;
  private lastWall: number;
  /** wall − trusted when the wall clock was last flagged; null while it agrees. */
  private flagged: number | null = null;
  private anchoredBy: TrustedSource = 'system';
  private readonly listeners = new Set<(c: ClockChange) => void>();

  constructor(opts: TrustedClockOptions = {}) {
    this.wall = opts.wall ?? systemClock;
    this.mono = opts.monotonic ?? monotonicNow;
    this.boot = opts.bootTime !== undefined ? opts.bootTime : opts.monotonic ? null : defaultBootTime;
    this.thresholdMs = opts.thresholdMs ?? CLOCK_JUMP_THRESHOLD_MS;
    const w = this.wall.now().getTime();
    const mono = this.mono();
    this.offset = w - mono;
    this.lastWall = w;
    this.rebaseSleep(mono);
  }

  onChange(listener: (c: ClockChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  now(): Date {
    return new Date(this.read());
  }

  /** The trusted time in ms, checking the wall clock on the way. */
  read(): number {
    const wall = this.wall.now().getTime();
    const mono = this.mono();
    let t = this.offset + mono;
    let diff = wall - t;
    const wallBefore = this.lastWall;
    this.lastWall = wall;
    let resumed: ClockChange | null = null;
    if (diff - (this.flagged ?? 0) > this.thresholdMs) {
      // Forward beyond the threshold: a jump, unless the machine slept that long.
      const slept = this.sleptSince(mono);
      if (slept !== null && slept > this.thresholdMs) {
        // The wall clock moved by the sleep (within the threshold): it was right, take it. Otherwise
        // (flagged already, or it moved more besides) go on by the sleep and judge the rest below.
        const gain = this.flagged === null && Math.abs(diff - slept) <= this.thresholdMs ? diff : slept;
        this.offset += gain;
        resumed = { kind: 'resumed', wallBeforeMs: wallBefore, wallAfterMs: wall, trustedBeforeMs: t, trustedAfterMs: t + gain, sizeMs: gain };
        t += gain;
        diff -= gain;
        this.rebaseSleep(mono);
      }
    }
    if (this.boot && mono - this.sleepBase.mono >= SLEEP_BASE_EVERY_MS) this.rebaseSleep(mono);
    let change: ClockChange | null = null;
    if (this.flagged === null) {
      if (Math.abs(diff) > this.thresholdMs) {
        this.flagged = diff;
        change = { kind: 'wall_jump', wallBeforeMs: wallBefore, wallAfterMs: wall, trustedBeforeMs: t, trustedAfterMs: t, sizeMs: diff };
      } else if (diff > 0) {
        // A small step forward (NTP): follow it. A small step back is not followed: time never goes back.
        this.offset += diff;
        t = wall;
      }
    } else if (Math.abs(diff) <= this.thresholdMs) {
      this.flagged = null;
      change = { kind: 'wall_recovered', wallBeforeMs: wallBefore, wallAfterMs: wall, trustedBeforeMs: t, trustedAfterMs: t, sizeMs: diff };
    } else if (Math.abs(diff - this.flagged) > this.thresholdMs) {
      // Flagged already, and it jumped again: a new jump, of the size of this step.
      const step = diff - this.flagged;
      this.flagged = diff;
      change = { kind: 'wall_jump', wallBeforeMs: wallBefore, wallAfterMs: wall, trustedBeforeMs: t, trustedAfterMs: t, sizeMs: step };
    }
    if (resumed) this.tell(resumed);
    if (change) this.tell(change);
    return t;
  }

  /** wall − trusted while the wall clock is flagged, else null. */
  wallOffsetMs(): number | null {
    return this.flagged;
  }

  source(): TrustedSource {
    return this.anchoredBy;
  }

  wallNow(): number {
    return this.wall.now().getTime();
  }

  /**
   * At start, before anything is recorded: `highWaterMs` is the latest trusted time the database
   * holds, `offsetMs` the trusted − wall difference persisted while the wall clock was flagged
   * (the wall clock kept its error over the restart). Returns the change when the wall clock is
   * behind the mark by more than the threshold (reported once, as a jump), or when the old correction
   * is dropped because the wall clock was set right while the gate was off (`wall_recovered`).
   */
  restore(p: { highWaterMs: number | null; offsetMs: number | null }): ClockChange | null {
    const wall = this.wall.now().getTime();
    const mono = this.mono();
    this.rebaseSleep(mono);
    let change: ClockChange | null = null;
    let offset = p.offsetMs;
    // The wall clock itself is not behind the mark, but the old correction no longer fits it: the
    // wall clock was set right while the gate was off, and keeping the correction would be the error.
    // Slow before (offset > 0): it is no longer behind the mark. Fast before (offset < 0): the
    // correction would put the trusted time behind the mark by more than the threshold, where real
    // time cannot be; a wall clock still fast has wall + offset at real time (within the threshold
    // the flag tolerates), so it keeps its correction.
    const mark = p.highWaterMs;
    if (offset !== null && mark !== null && wall >= mark && (offset > 0 || mark - (wall + offset) > this.thresholdMs)) {
      change = { kind: 'wall_recovered', wallBeforeMs: wall, wallAfterMs: wall, trustedBeforeMs: wall + offset, trustedAfterMs: wall, sizeMs: -offset };
      offset = null;
    }
    let t = offset !== null ? wall + offset : wall;
    if (offset !== null) this.anchoredBy = 'high_water';
    if (p.highWaterMs !== null && t <= p.highWaterMs) {
      // One past the mark: an id made now must sort after every id made before the restart.
      const floor = p.highWaterMs + 1;
      if (floor - t > this.thresholdMs) {
        change = { kind: 'behind_mark', wallBeforeMs: p.highWaterMs, wallAfterMs: wall, trustedBeforeMs: t, trustedAfterMs: floor, sizeMs: t - p.highWaterMs };
        this.anchoredBy = 'high_water';
      }
      t = floor;
    }
    this.offset = t - mono;
    this.lastWall = wall;
    this.flagged = Math.abs(wall - t) > this.thresholdMs ? wall - t : null;
    if (change) this.tell(change);
    return change;
  }

  /**
   * The hub's time, estimated for the moment `atTrustedMs` (answer time minus half the round trip).
   * A difference beyond the threshold moves the trusted time to the hub's (either way); a flagged
   * wall clock that agrees with the hub is accepted.
   */
  anchorToHub(hubMs: number, atTrustedMs: number): ClockChange | null {
    const correction = hubMs - atTrustedMs;
    const wall = this.wall.now().getTime();
    const before = this.offset + this.mono();
    let change: ClockChange | null = null;
    if (Math.abs(correction) > this.thresholdMs) {
      this.offset += correction;
      this.anchoredBy = 'hub';
      const after = this.offset + this.mono();
      this.flagged = Math.abs(wall - after) > this.thresholdMs ? wall - after : null;
      change = { kind: 'hub_correction', wallBeforeMs: this.lastWall, wallAfterMs: wall, trustedBeforeMs: before, trustedAfterMs: after, sizeMs: correction };
    } else if (this.flagged !== null && Math.abs(wall - (hubMs + before - atTrustedMs)) <= this.thresholdMs) {
      // The hub agrees with the wall clock (and, within the threshold, with us): take the wall clock.
      this.flagged = null;
      this.anchoredBy = 'hub';
      if (wall > before) this.offset += wall - before;
      const after = this.offset + this.mono();
      change = { kind: 'hub_agreed', wallBeforeMs: this.lastWall, wallAfterMs: wall, trustedBeforeMs: before, trustedAfterMs: after, sizeMs: after - before };
    }
    this.lastWall = wall;
    if (change) this.tell(change);
    return change;
  }

  /** A manager's decision: the wall clock is right. The trusted time becomes it, even backwards. */
  acceptWall(): ClockChange {
    const wall = this.wall.now().getTime();
    const before = this.offset + this.mono();
    this.offset = wall - this.mono();
    this.flagged = null;
    this.anchoredBy = 'manager';
    this.lastWall = wall;
    const change: ClockChange = { kind: 'accepted', wallBeforeMs: wall, wallAfterMs: wall, trustedBeforeMs: before, trustedAfterMs: wall, sizeMs: wall - before };
    this.tell(change);
    return change;
  }

  /** How long the machine slept since the base was taken, or null without a boot-time source. */
  private sleptSince(mono: number): number | null {
    const boot = this.boot?.() ?? null;
    if (boot === null || !Number.isFinite(boot) || this.sleepBase.boot === null) return null;
    return boot - this.sleepBase.boot - (mono - this.sleepBase.mono);
  }

  private rebaseSleep(mono: number): void {
    const boot = this.boot?.() ?? null;
    this.sleepBase = { mono, boot: boot !== null && Number.isFinite(boot) ? boot : null };
  }

  private tell(c: ClockChange): void {
    for (const l of this.listeners) {
      try {
        l(c);
      } catch {
        // Reporting a jump must never stop the clock.
      }
    }
  }
}
