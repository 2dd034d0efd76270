/**
 * The trusted clock's store side on a real database whose writes can be made to fail the way a full
 * disk fails them (a temporary trigger calls a function that throws SQLITE_FULL): a jump noticed while
 * writes fail throws nowhere (not out of the deferred write, not out of status, tick or close), is
 * logged and told to a real disk guard, still reaches the screens, and is recorded, once and in order,
 * when writes work again. And a machine that slept is not recorded as a jump.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClockStatus } from '../../../src/shared/clock';
import { AuditLog } from '../../../src/main/audit/auditLog';
import { ClockService } from '../../../src/main/clock/clockService';
import { fixedClock } from '../../../src/main/core/clock';
import { GateEvents } from '../../../src/main/core/events';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { TrustedClock } from '../../../src/main/core/trustedClock';
import { openDatabase } from '../../../src/main/store/db';
import { DiskGuard } from '../../../src/main/store/diskGuard';
import { tempDir } from '../../helpers/tmp';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = '2026-11-29T08:00:00.000Z';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function rig() {
  const tmp = tempDir('j-clock-');
  const db = openDatabase(join(tmp.dir, 'gatehouse.sqlite'));
  const wall = fixedClock(START);
  let mono = 1_000;
  let boot = 9_000_000;
  const clock = new TrustedClock({ wall, monotonic: () => mono, bootTime: () => boot });
  const newId = uuidv7Generator(clock);
  const disk = { full: false };
  db.function('j_disk_write', () => {
    if (disk.full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    return 0;
  });
  db.exec(`
    CREATE TEMP TRIGGER j_clock_jump_full BEFORE INSERT ON main.clock_jump BEGIN SELECT j_disk_write(); END;
    CREATE TEMP TRIGGER j_clock_state_full BEFORE UPDATE ON main.clock_state BEGIN SELECT j_disk_write(); END;
  `);
  const service = new ClockService(db, clock, newId);
  const events = new GateEvents();
  const statuses: ClockStatus[] = [];
  events.subscribe((event, payload) => {
    if (event === 'clock:status') statuses.push(payload as ClockStatus);
  });
  const logs: string[] = [];
  const guard = new DiskGuard({ dataDir: tmp.dir, clock, log: (m) => logs.push(m), options: { reserveBytes: 0 } });
  service.connect({
    events,
    audit: new AuditLog(db, clock, newId),
    staffOnDuty: () => ['demo-guard'],
    log: (m) => logs.push(m),
    noteWriteFailed: (err) => void guard.noteWriteFailed(err),
  });
  cleanups.push(() => {
    if (db.open) db.close();
    tmp.cleanup();
  });
  const jumps = () => db.prepare('SELECT kind, size_ms FROM clock_jump ORDER BY seq').all() as { kind: string; size_ms: number }[];
  const audits = () => db.prepare("SELECT kind FROM audit_log WHERE kind LIKE 'clock.%' ORDER BY seq").pluck().all();
  return {
    db, wall, clock, service, guard, disk, statuses, logs, jumps, audits,
    pass: (ms: number) => {
      mono += ms;
      boot += ms;
      wall.advance(ms);
    },
    sleep: (ms: number) => {
      boot += ms;
      wall.advance(ms);
    },
  };
}

/** Lets the deferred write (a microtask) run; an error it threw would fail the run as unhandled. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('clock records when writes fail', () => {
  it('a jump noticed on a full disk throws nowhere, shows, and is recorded once writes work again', async () => {
    const r = rig();
    r.disk.full = true;
    r.wall.advance(DAY);
    r.pass(1_000);
    expect(r.clock.read()).toBe(Date.parse(START) + 1_000);
    await settle();
    expect(r.jumps()).toEqual([]);
    expect(r.logs.some((m) => m.startsWith('clock: could not record wall_jump'))).toBe(true);
    expect(r.guard.current().writeFailedAt).not.toBeNull();
    // The banner shows from memory although the record is not written yet.
    expect(r.statuses).toHaveLength(1);
    expect(r.statuses[0]).toMatchObject({ flagged: true, wallOffsetMs: DAY, lastChange: null });
    expect(r.service.status()).toMatchObject({ flagged: true });
    // Set right while the disk is still full: the second change queues behind the first.
    r.wall.advance(-DAY);
    r.pass(1_000);
    r.clock.read();
    await settle();
    r.service.tick();
    expect(r.jumps()).toEqual([]);
    expect(r.statuses).toHaveLength(2);
    // Space again: the next tick writes both, in order, once.
    r.disk.full = false;
    r.pass(1_000);
    r.service.tick();
    r.service.tick();
    expect(r.jumps()).toEqual([
      { kind: 'wall_jump', size_ms: DAY },
      { kind: 'wall_recovered', size_ms: 0 },
    ]);
    expect(r.audits()).toEqual(['clock.wall_jump', 'clock.wall_recovered']);
    expect(r.statuses).toHaveLength(3);
    expect(r.statuses[2]).toMatchObject({ flagged: false, lastChange: { kind: 'wall_recovered' } });
  });

  it('the high-water mark that cannot be written at close does not stop the close', () => {
    const r = rig();
    r.pass(10 * 60_000);
    r.disk.full = true;
    expect(() => r.service.close()).not.toThrow();
    expect(r.logs.some((m) => m.startsWith('clock: could not write the high-water mark'))).toBe(true);
    r.db.close();
  });
});

describe('a machine that slept', () => {
  it('8 h asleep: no jump recorded, nothing flagged, the trusted time is the wall clock, the screens hear it', async () => {
    const r = rig();
    r.pass(5_000);
    r.sleep(8 * HOUR);
    r.service.tick();
    await settle();
    expect(r.jumps()).toEqual([]);
    expect(r.audits()).toEqual([]);
    expect(r.service.status()).toMatchObject({ flagged: false, wallOffsetMs: null, trustedTime: new Date(r.wall.now()).toISOString() });
    expect(r.logs).toContain('clock: the machine slept 28800 s; the trusted time moved on by it');
    expect(r.statuses).toEqual([expect.objectContaining({ flagged: false, trustedTime: new Date(r.wall.now()).toISOString() })]);
  });
});
