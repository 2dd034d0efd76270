import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/main/core/clock';
import { GateError } from '../../../src/main/core/errors';
import { DiskGuard, isDiskFullError, RESERVE_FILE, type DiskGuardOptions } from '../../../src/main/store/diskGuard';
import type { DiskStatus } from '../../../src/shared/disk';
import { tempDir } from '../../helpers/tmp';

const MB = 1024 * 1024;
/** A 100 MB file system where the test sets what else is stored; the reserve file counts when it exists. */
const TOTAL = 100 * MB;
const OPTS: DiskGuardOptions = { lowPercent: 80, criticalPercent: 95, criticalFreeBytes: 2 * MB, reserveBytes: 1 * MB };

describe('DiskGuard', () => {
  let tmp: ReturnType<typeof tempDir>;
  let other: number;
  let events: DiskStatus[];
  let logs: string[];
  let failRead: boolean;
  const clock = fixedClock('2026-11-29T08:00:00.000Z');

  const reserveFile = () => join(tmp.dir, RESERVE_FILE);
  const reserveSize = () => (existsSync(reserveFile()) ? statSync(reserveFile()).size : 0);
  const guard = (opts: Partial<DiskGuardOptions> = OPTS) =>
    new DiskGuard({
      dataDir: tmp.dir,
      clock,
      log: (m) => logs.push(m),
      onChange: (s) => events.push(s),
      options: opts,
      readSpace: () => {
        if (failRead) throw new Error('statfs: not supported');
        return { totalBytes: TOTAL, freeBytes: TOTAL - other - reserveSize() };
      },
    });
  /** Sets what the rest of the disk holds so that `pct` percent is used before the reserve. */
  const use = (pct: number) => {
    other = (TOTAL * pct) / 100;
  };

  beforeEach(() => {
    tmp = tempDir('b-disk-');
    other = 0;
    events = [];
    logs = [];
    failRead = false;
  });
  afterEach(() => tmp.cleanup());

  it('is ok below the low mark, holds a real reserve of the configured size, and says so once', () => {
    use(50);
    const g = guard();
    const s = g.poll();
    expect(s).toMatchObject({ level: 'ok', known: true, reserve: 'held', reserveBytes: MB, usedPercent: 51, writeFailedAt: null });
    expect(statSync(reserveFile()).size).toBe(MB);
    expect(events).toHaveLength(1);
    g.poll();
    expect(events).toHaveLength(1); // nothing changed, nothing pushed
  });

  it('goes low at the threshold (not before), pushes the change, and refuses imports and exports with disk_low', () => {
    use(50);
    const g = guard();
    g.poll();
    use(78.9); // + 1 % reserve = 79.9 %
    expect(g.poll()).toMatchObject({ level: 'ok', reserve: 'held' });
    use(79);
    const s = g.poll();
    expect(s).toMatchObject({ level: 'low', usedPercent: 80, reserve: 'held' });
    expect(events.map((e) => e.level)).toEqual(['ok', 'ok', 'low']);
    const refused = (() => {
      try {
        g.assertRoomFor('the roster import', 0);
        return null;
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(GateError);
    expect(refused).toMatchObject({ code: 'disk_low', details: { level: 'low', usedPercent: 80 } });
  });

  it('refuses an import that would itself cross the low mark, and lets a smaller one through', () => {
    use(70); // 71 % with the reserve: 29 MB free, 9 MB to the mark
    const g = guard();
    expect(g.poll().level).toBe('ok');
    expect(() => g.assertRoomFor('the roster import', 10 * MB)).toThrow(expect.objectContaining({ code: 'disk_low' }) as Error);
    expect(() => g.assertRoomFor('the roster import', 8 * MB)).not.toThrow();
  });

  it('at critical gives the reserve back, stays critical while it is spent, and takes it again only when ok with room', () => {
    use(50);
    const g = guard();
    g.poll();
    use(94.5); // 95.5 % with the reserve: critical
    const s = g.poll();
    expect(s.reserve).toBe('released');
    expect(existsSync(reserveFile())).toBe(false);
    // The released megabyte is owed: still 95.5 %, still critical, though the disk has it free now.
    expect(s).toMatchObject({ level: 'critical', usedPercent: 95.5 });
    expect(events.map((e) => [e.level, e.reserve])).toContainEqual(['critical', 'released']);
    use(90);
    expect(g.poll()).toMatchObject({ level: 'low', reserve: 'released', usedPercent: 91 });
    // Ok but too tight for the reserve and the same again: no reserve, no flapping.
    use(78.5);
    expect(g.poll()).toMatchObject({ level: 'ok', reserve: 'released' });
    use(60);
    expect(g.poll()).toMatchObject({ level: 'ok', reserve: 'held' });
    expect(reserveSize()).toBe(MB);
  });

  it('counts under criticalFreeBytes free as critical on a large disk too', () => {
    use(10);
    const g = guard({ ...OPTS, reserveBytes: 0, criticalFreeBytes: 95 * MB });
    expect(g.poll()).toMatchObject({ level: 'critical', reserve: 'off' });
  });

  it('a write that fails for lack of space: full, reserve released at once, cleared by the next good write', () => {
    use(50);
    const g = guard();
    g.poll();
    const err = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(g.noteWriteFailed(err)).toBe(true);
    expect(g.current()).toMatchObject({ level: 'full', reserve: 'released', writeFailedAt: '2026-11-29T08:00:00.000Z' });
    // The disk looked ok all along (an I/O error, a quota): only a write that succeeds clears it.
    expect(g.poll().level).toBe('full');
    g.noteWriteOk();
    expect(g.current()).toMatchObject({ writeFailedAt: null });
    expect(events.map((e) => e.level)).toEqual(['ok', 'full', 'ok']);
  });

  it('full stays while space is critical and no write has succeeded; it clears when space returns to ok', () => {
    use(99);
    const g = guard({ ...OPTS, reserveBytes: 0 });
    expect(g.poll().level).toBe('critical');
    g.noteWriteFailed(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }));
    expect(g.poll().level).toBe('full');
    use(90);
    expect(g.poll().level).toBe('full'); // low by space, but nothing has been written since the failure
    use(40);
    expect(g.poll()).toMatchObject({ level: 'ok', writeFailedAt: null });
  });

  it('other errors are not the disk’s: not noted, level unchanged', () => {
    use(10);
    const g = guard();
    g.poll();
    expect(g.noteWriteFailed(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(false);
    expect(g.noteWriteFailed(new Error('plain'))).toBe(false);
    expect(g.current().level).toBe('ok');
  });

  it('recognises SQLite and Node full-disk errors', () => {
    for (const code of ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_SHMSIZE', 'ENOSPC', 'EDQUOT']) {
      expect({ code, full: isDiskFullError({ code }) }).toEqual({ code, full: true });
    }
    for (const v of [null, undefined, 'SQLITE_FULL', { code: 5 }, { code: 'SQLITE_BUSY' }, { code: 'EACCES' }]) {
      expect(isDiskFullError(v)).toBe(false);
    }
  });

  it('a disk it cannot read is reported unknown and refuses nothing on a guess', () => {
    failRead = true;
    const g = guard();
    const s = g.poll();
    expect(s).toMatchObject({ level: 'ok', known: false, reserve: 'released' });
    expect(() => g.assertRoomFor('the roster import', 10 * MB)).not.toThrow();
    expect(logs.some((l) => l.includes('cannot read free space'))).toBe(true);
  });

  it('a reserve that cannot be written whole leaves no partial file', () => {
    use(10);
    // A data folder that is not there makes the write fail as a full disk would.
    const g = new DiskGuard({
      dataDir: join(tmp.dir, 'missing-folder'),
      clock,
      log: (m) => logs.push(m),
      onChange: () => {},
      options: OPTS,
      readSpace: () => ({ totalBytes: TOTAL, freeBytes: TOTAL / 2 }),
    });
    expect(g.poll().reserve).toBe('released');
    expect(logs.some((l) => l.includes('cannot create the reserve'))).toBe(true);
    expect(existsSync(join(tmp.dir, 'missing-folder'))).toBe(false);
  });

  it('rejects thresholds in the wrong order', () => {
    expect(() => guard({ ...OPTS, lowPercent: 96 })).toThrow(RangeError);
    expect(() => guard({ ...OPTS, lowPercent: 0 })).toThrow(RangeError);
  });
});
