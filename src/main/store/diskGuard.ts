/**
 * Watches the file system that holds the data folder (issue 8 item 2). Hardware panels overwrite
 * their oldest events when memory runs out; this gate never overwrites or drops an unsynced one.
 * Instead it degrades in steps, so the first thing to stop is never a check:
 *
 *   ok        everything runs.
 *   low       ≥ lowPercent used: imports and exports are refused (`disk_low`), checks go on.
 *   critical  ≥ criticalPercent used or under criticalFreeBytes free: the reserve file is given
 *             back, so checks keep committing while a manager frees space.
 *   full      a write failed for lack of space (`disk_full`, rolled back by SQLite) and none has
 *             succeeded since.
 *
 * The reserve is a plain file of zeros in the data folder (decision 0020). It is written out in
 * full (a sparse file would hold no space) and re-created only once the disk is back to ok with
 * room to spare, so releasing it can never make the level flap.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { DiskLevel, DiskStatus } from '../../shared/disk';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';

/** What statfs tells us, in bytes: the file system's size and the space this process may still use. */
export type FsSpace = { totalBytes: number; freeBytes: number };
export type ReadSpace = (path: string) => FsSpace;

export type DiskGuardOptions = {
  /** Used share (percent) at which imports and exports stop. */
  lowPercent: number;
  /** Used share (percent) at which the reserve is released. */
  criticalPercent: number;
  /** Free bytes under which the disk counts as critical whatever its size. */
  criticalFreeBytes: number;
  /** Size of the reserve file; 0 for none. */
  reserveBytes: number;
};

export const DEFAULT_DISK_OPTIONS: DiskGuardOptions = {
  lowPercent: 80,
  criticalPercent: 95,
  criticalFreeBytes: 8 * 1024 * 1024,
  reserveBytes: 4 * 1024 * 1024,
};

export const RESERVE_FILE = 'disk-reserve.bin';

/** `fs.statfsSync`: `bavail`, not `bfree`, since blocks kept for root are not ours to count on. */
export const statfsSpace: ReadSpace = (path) => {
  const s = statfsSync(path);
  return { totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
};

/** SQLite's and Node's ways of saying the disk is full or failing underneath a write. */
export function isDiskFullError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code === 'ENOSPC' || code === 'EDQUOT';
}

export type DiskGuardDeps = {
  dataDir: string;
  clock: Clock;
  /** Called with the new status whenever the level, the reserve, the write failure or the whole percent changes (or set later: `listen`). */
  onChange?: (status: DiskStatus) => void;
  log: (msg: string) => void;
  readSpace?: ReadSpace;
  options?: Partial<DiskGuardOptions>;
};

export class DiskGuard {
  readonly options: DiskGuardOptions;
  private readonly readSpace: ReadSpace;
  private readonly reservePath: string;
  private writeFailedAt: string | null = null;
  /** The level by space alone at the last look, to see space coming back. */
  private spaceLevel: DiskLevel | null = null;
  private last: DiskStatus | null = null;
  private onChange: (status: DiskStatus) => void;
  private readonly leaveOk: Array<() => void> = [];

  constructor(private readonly deps: DiskGuardDeps) {
    this.options = { ...DEFAULT_DISK_OPTIONS, ...deps.options };
    const o = this.options;
    if (!(o.lowPercent > 0 && o.lowPercent <= o.criticalPercent && o.criticalPercent <= 100)) {
      throw new RangeError(`disk thresholds must satisfy 0 < low (${o.lowPercent}) ≤ critical (${o.criticalPercent}) ≤ 100`);
    }
    this.readSpace = deps.readSpace ?? statfsSpace;
    this.reservePath = join(deps.dataDir, RESERVE_FILE);
    this.onChange = deps.onChange ?? (() => {});
  }

  /**
   * Where changes go from now on. The runtime polls before it opens the database (a gate restarted
   * on a full disk needs its reserve back before SQLite's first write) and listens once its event
   * channel exists.
   */
  listen(onChange: (status: DiskStatus) => void): void {
    this.onChange = onChange;
  }

  /** The status as of now, re-reading the file system (one statfs call) and adjusting the reserve. */
  poll(): DiskStatus {
    let status = this.measure();
    const held = status.reserve === 'held';
    if (held && (status.level === 'critical' || status.level === 'full')) {
      this.releaseReserve(status);
      status = this.measure();
    } else if (!held && this.options.reserveBytes > 0 && status.known && this.roomForReserve(status)) {
      this.createReserve();
      status = this.measure();
    }
    this.publish(status);
    return status;
  }

  /** Called each time the level leaves ok (to stop work already under way that the level now refuses). */
  onLeaveOk(fn: () => void): void {
    this.leaveOk.push(fn);
  }

  /** The last status without touching the disk (the first call polls). */
  current(): DiskStatus {
    return this.last ?? this.poll();
  }

  /**
   * Refuses a non-essential write (an import, an export) unless the disk is ok and would stay
   * below the low mark after `projectedBytes` more. Checks never come here.
   */
  assertRoomFor(what: string, projectedBytes = 0): void {
    const s = this.poll();
    if (!s.known) return;
    const after = s.totalBytes > 0 ? ((s.totalBytes - s.freeBytes + projectedBytes) / s.totalBytes) * 100 : 0;
    if (s.level !== 'ok' || after >= this.options.lowPercent) {
      throw new GateError(
        'disk_low',
        `the data disk is ${s.usedPercent}% full (${s.level}); ${what} is paused until space is freed so that checks keep being saved`,
        { level: s.level, usedPercent: s.usedPercent, freeBytes: s.freeBytes },
      );
    }
  }

  /**
   * Called with any error a write threw. A full or failing disk is noted (the reserve goes back at
   * once) and answered with true, so the caller can answer `disk_full`; anything else is not ours.
   */
  noteWriteFailed(err: unknown): boolean {
    if (!isDiskFullError(err)) return false;
    this.writeFailedAt = this.deps.clock.now().toISOString();
    this.deps.log(`disk: a write failed for lack of space (${(err as { code?: string }).code ?? 'unknown'})`);
    this.poll();
    return true;
  }

  /** A write that went through (a check committed): the disk is no longer refusing writes. */
  noteWriteOk(): void {
    if (this.writeFailedAt === null) return;
    this.writeFailedAt = null;
    this.poll();
  }

  private measure(): DiskStatus {
    const o = this.options;
    const checkedAt = this.deps.clock.now().toISOString();
    const reserve = o.reserveBytes <= 0 ? 'off' : existsSync(this.reservePath) ? 'held' : 'released';
    let space: FsSpace | null = null;
    try {
      space = this.readSpace(this.deps.dataDir);
    } catch (err) {
      this.deps.log(`disk: cannot read free space: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!space || !(space.totalBytes > 0)) {
      return {
        level: this.writeFailedAt ? 'full' : 'ok',
        known: false,
        usedPercent: 0,
        freeBytes: 0,
        totalBytes: 0,
        lowPercent: o.lowPercent,
        criticalPercent: o.criticalPercent,
        reserve,
        reserveBytes: o.reserveBytes,
        writeFailedAt: this.writeFailedAt,
        checkedAt,
      };
    }
    // A released reserve is still owed: spending it is not space coming back, so the level stays
    // where it was until the disk has room for the reserve again.
    const owed = reserve === 'released' ? o.reserveBytes : 0;
    const free = Math.max(0, Math.min(space.freeBytes, space.totalBytes) - owed);
    const used = ((space.totalBytes - free) / space.totalBytes) * 100;
    const byspace: DiskLevel =
      used >= o.criticalPercent || free < o.criticalFreeBytes ? 'critical' : used >= o.lowPercent ? 'low' : 'ok';
    // Space came back (a manager deleted files): the failure is history. A write that failed on a
    // disk that looked ok all along (an I/O error) stays reported until a write succeeds.
    if (this.writeFailedAt && byspace === 'ok' && this.spaceLevel !== null && this.spaceLevel !== 'ok') this.writeFailedAt = null;
    this.spaceLevel = byspace;
    return {
      level: this.writeFailedAt ? 'full' : byspace,
      known: true,
      usedPercent: Math.floor(used * 10) / 10,
      freeBytes: Math.floor(free),
      totalBytes: Math.floor(space.totalBytes),
      lowPercent: o.lowPercent,
      criticalPercent: o.criticalPercent,
      reserve,
      reserveBytes: o.reserveBytes,
      writeFailedAt: this.writeFailedAt,
      checkedAt,
    };
  }

  /** Room to hold the reserve and still be ok afterwards, with the same again to spare (`freeBytes` already counts it owed once). */
  private roomForReserve(s: DiskStatus): boolean {
    if (s.level !== 'ok') return false;
    const o = this.options;
    const freeAfter = s.freeBytes - o.reserveBytes;
    const usedAfter = ((s.totalBytes - freeAfter) / s.totalBytes) * 100;
    return freeAfter >= o.criticalFreeBytes && usedAfter < o.lowPercent;
  }

  private releaseReserve(s: DiskStatus): void {
    try {
      unlinkSync(this.reservePath);
      this.deps.log(`disk: ${s.level} at ${s.usedPercent}% used; reserve of ${this.options.reserveBytes} bytes released for checks`);
    } catch (err) {
      this.deps.log(`disk: cannot release the reserve: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Writes real zeros and fsyncs, so the blocks are taken now; a partial file (disk filled meanwhile) is removed. */
  private createReserve(): void {
    const chunk = Buffer.alloc(Math.min(1 << 20, this.options.reserveBytes));
    const tmp = `${this.reservePath}.part`;
    let fd: number | null = null;
    try {
      fd = openSync(tmp, 'w', 0o600);
      for (let left = this.options.reserveBytes; left > 0; left -= chunk.length) {
        writeSync(fd, chunk, 0, Math.min(chunk.length, left));
      }
      fsyncSync(fd);
      closeSync(fd);
      fd = null;
      // Renamed in only when whole, so "held" always means the full size is held.
      renameSync(tmp, this.reservePath);
    } catch (err) {
      if (fd !== null) closeSync(fd);
      try {
        unlinkSync(tmp);
      } catch {
        // nothing was created
      }
      this.deps.log(`disk: cannot create the reserve: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private publish(s: DiskStatus): void {
    const prev = this.last;
    this.last = s;
    if (
      !prev ||
      prev.level !== s.level ||
      prev.reserve !== s.reserve ||
      prev.writeFailedAt !== s.writeFailedAt ||
      prev.known !== s.known ||
      Math.floor(prev.usedPercent) !== Math.floor(s.usedPercent)
    ) {
      if (prev && prev.level !== s.level) this.deps.log(`disk: ${prev.level} → ${s.level} (${s.usedPercent}% used, ${s.freeBytes} bytes free)`);
      this.onChange(s);
    }
    if (s.level !== 'ok' && (!prev || prev.level === 'ok')) {
      for (const fn of this.leaveOk) {
        try {
          fn();
        } catch (err) {
          this.deps.log(`disk: stopping work on leaving ok failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
  }
}
