/**
 * Disk full, on a real small file system (issue 8 item 2): the gate's data folder sits on a 16 MB
 * tmpfs, a filler file takes the space, and the real runtime (startGate) must warn at 80 %, refuse
 * imports and exports (typed `disk_low`, nothing written) while checks go on, answer a check the
 * disk cannot hold with `disk_full` (rolled back, nothing half written, the database intact, no
 * acknowledged or unsynced event lost or overwritten), and work again once the filler is deleted.
 * Then the gate enrols with an in-process hub: a retention purge on the full disk keeps every
 * unsynced row, and the outbox delivers every acknowledged check exactly once.
 *
 * Needs root (mount); without it the suite is skipped with the reason printed.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statfsSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type GateConfig } from '../../../src/main/config/config';
import { fixedClock } from '../../../src/main/core/clock';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { startGate, type GateRuntime } from '../../../src/main/runtime/startGate';
import { seedDemoStaff } from '../../../src/main/staff/demoStaff';
import { openDatabase } from '../../../src/main/store/db';
import { RESERVE_FILE } from '../../../src/main/store/diskGuard';
import { RosterStore } from '../../../src/main/store/roster';
import { enrolGate } from '../../../src/main/sync/enrol';
import { Outbox } from '../../../src/main/sync/outbox';
import type { Result } from '../../../src/shared/contract';
import type { DiskStatus } from '../../../src/shared/disk';
import type { ExportJobEvent } from '../../../src/shared/exportJobs';
import { BACKENDS, count, expectOk, setupCompound, startHub, type Compound, type TestHub } from '../../hub/helpers';
import { ROOT, SMALL_ROSTER } from '../../helpers/gate';
import { mockSerial, waitFor } from '../../helpers/mockSerial';
import { reportCount } from '../../helpers/counts';

const MOUNT = `/tmp/b-diskfull-${process.pid}`;
const SIZE_MB = 16;
const MB = 1024 * 1024;
const GATE_ID = 'gate-disk';
const SCANNER = '/dev/ttyB-DISK-SCAN';

function tryMount(): string | null {
  try {
    mkdirSync(MOUNT, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE_MB}m,mode=0700`, 'tmpfs', MOUNT], { stdio: 'pipe' });
    return null;
  } catch (err) {
    rmSync(MOUNT, { recursive: true, force: true });
    const e = err as { stderr?: Buffer; message: string };
    return (e.stderr?.toString().trim() || e.message).split('\n')[0] ?? 'mount failed';
  }
}

const skipReason = tryMount();
// afterAll unmounts; this covers a run that never reaches it (collection only, an abort).
if (!skipReason) {
  process.once('exit', () => {
    try {
      execFileSync('umount', ['-l', MOUNT], { stdio: 'ignore' });
    } catch {
      // already unmounted by afterAll
    }
  });
}
if (skipReason) console.log(`[diskFull] skipped: cannot mount a ${SIZE_MB} MB tmpfs (${skipReason}); this test needs root`);

const space = () => {
  const s = statfsSync(MOUNT);
  return { total: s.blocks * s.bsize, free: s.bavail * s.bsize };
};

/** Appends zeros to `file` until the file system is at least `pct` % used (100: until it refuses a single page). */
function fill(file: string, pct: number): number {
  const fd = openSync(file, 'a');
  let written = 0;
  try {
    for (const size of [64 * 1024, 4096, 512]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        const { total, free } = space();
        if (pct < 100 && ((total - free) / total) * 100 >= pct) return written;
        try {
          written += writeSync(fd, chunk);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
          break;
        }
      }
    }
    return written;
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(skipReason !== null)('disk full on a real 16 MB file system', () => {
  const dataDir = join(MOUNT, 'data');
  const exportsDir = join(dataDir, 'exports');
  const filler = join(MOUNT, 'filler.bin');
  const clock = fixedClock('2020-02-10T01:00:00.000Z');
  let gate: GateRuntime;
  let h: TestHub;
  let c: Compound;
  const diskEvents: DiskStatus[] = [];
  const logs: string[] = [];
  const exportEvents: ExportJobEvent[] = [];
  /** entry ids of every check the gate acknowledged (its answer carried the entry id). */
  const acked: string[] = [];
  const counts = { before: 0, low: 0, critical: 0, fullAttempts: 0, refusedDiskFull: 0, after: 0, lowAgain: 0, restart: 0, refusedImports: 0, refusedExports: 0, lost: 0 };
  let passNo = 0;
  const passes = SMALL_ROSTER.map((r) => r.passNumber);

  const call = (method: string, input: unknown): Promise<Result<unknown>> => gate.dispatch(method, input);
  const ok = async <T,>(method: string, input: unknown): Promise<T> => {
    const r = await call(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  /** One check as on a lane: a reading, then the scan decides. Returns the entry id or the error code. */
  const check = async (): Promise<{ entryId: string } | { code: string }> => {
    // Alternate in and out per pass so every check is an admit, never an "already inside" refusal.
    const i = passNo++;
    const pass = passes[i % passes.length]!;
    const direction = Math.floor(i / passes.length) % 2 === 0 ? 'in' : 'out';
    await ok('device:simulateReading', { celsius: 36.5 });
    const r = await call('check:scan', { code: pass, source: 'wedge', direction });
    if (!r.ok) return { code: r.error.code };
    const entryId = (r.value as { entryId: string | null }).entryId;
    if (!entryId) throw new Error('a check answered without an entry id');
    acked.push(entryId);
    return { entryId };
  };
  const checks = async (n: number): Promise<number> => {
    for (let k = 0; k < n; k++) {
      const r = await check();
      if (!('entryId' in r)) throw new Error(`check refused: ${r.code}`);
    }
    return n;
  };
  const status = () => ok<DiskStatus>('disk:status', {});
  /**
   * `disk:status` answers the last reading; the runtime's 1 s tick takes a new one. After the test
   * changes the disk it waits (polling the method) until the tick has seen what it expects.
   */
  const settledAt = async (want: Partial<DiskStatus>): Promise<DiskStatus> => {
    await expect.poll(status, { timeout: 10_000 }).toMatchObject(want);
    return status();
  };
  const entryIds = () => new Set((gate.db.prepare('SELECT id FROM entry_log').all() as { id: string }[]).map((r) => r.id));
  /** Unsynced events of every kind (entries and the alerts some checks raise). */
  const backlog = () => new Outbox(gate.db, { clock, gateId: GATE_ID }).backlog().count;
  const unsyncedEntries = () => {
    const src = new Outbox(gate.db, { clock, gateId: GATE_ID }).sources.find((x) => x.kind === 'entry')!;
    return src.count(src.mark());
  };
  const integrity = () => gate.db.pragma('integrity_check', { simple: true });
  const rosterDigest = () => JSON.stringify(gate.db.prepare('SELECT * FROM resident ORDER BY id').all());
  const exportFiles = () => (existsSync(exportsDir) ? readdirSync(exportsDir) : []);
  const rosterCsv = (extra: number) =>
    Buffer.from(
      [
        '楼号,单元,室,姓名,电话,身份证号,户籍,出入证号,状态',
        ...SMALL_ROSTER.map((r) => [r.building, r.unit, r.room, r.name, r.phone, '', '业主', r.passNumber, r.status].join(',')),
        ...Array.from({ length: extra }, (_, k) => `9,1,${101 + k},新住户${k},139${String(10_000_000 + k)},,业主,HM8${String(k).padStart(4, '0')},black`),
      ].join('\n'),
    ).toString('base64');
  const scheduleCsv = Buffer.from('日期,岗位,开始,结束,姓名,角色\n2020-02-11,东门,08:00,16:00,王保安,guard\n').toString('base64');
  const refusedWith = (r: Result<unknown>, code: string) => !r.ok && r.error.code === code;

  // A serial scanner: its checks reach the core without a contract call to answer disk_full to.
  const serial = mockSerial();
  const scanner = serial.plug(SCANNER, { protocol: 'serial-line' });
  const start = async (): Promise<void> => {
    gate = await startGate({
      dataDir,
      resourcesDir: join(ROOT, 'resources'),
      clock,
      newId: uuidv7Generator(clock),
      log: (m) => logs.push(m),
      serial: serial.backend,
      // Scaled to the 16 MB disk: critical under 512 KB free, a 1 MB reserve.
      disk: { lowPercent: 80, criticalPercent: 95, criticalFreeBytes: 512 * 1024, reserveBytes: MB },
    });
    gate.events.subscribe((event, payload) => {
      if (event === 'disk:status') diskEvents.push(payload as DiskStatus);
      if (event === 'export:progress') exportEvents.push(payload as ExportJobEvent);
    });
  };

  beforeAll(async () => {
    h = await startHub(BACKENDS.find((b) => b.name === 'pglite')!);
    c = await setupCompound(h, []);
    mkdirSync(dataDir, { recursive: true });
    const config: GateConfig = {
      ...DEFAULT_CONFIG,
      compound: { id: c.compound, name: '示范小区' },
      gate: { id: GATE_ID, name: '东门' },
      devices: [{ id: 'scanner', protocol: 'serial-line', path: SCANNER }],
      demo: { seedRoster: false },
      // The runtime's own sync loop would start only on enrolment through the contract; the test drives it.
      sync: { ...DEFAULT_CONFIG.sync, intervalS: 3600 },
    };
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
    await start();
    await seedDemoStaff(gate.db, clock, gate.staff.audit);
    for (const id of ['demo-guard', 'demo-manager']) gate.staff.signIn(gate.staff.staff.get(id)!, 'pin');
    new RosterStore(gate.db).replaceRoster(c.compound, SMALL_ROSTER, clock.now().toISOString(), uuidv7Generator(clock));
  }, 120_000);

  afterAll(async () => {
    await gate?.close();
    await h?.close();
    serial.reset();
    if (!skipReason) {
      try {
        execFileSync('umount', [MOUNT], { stdio: 'pipe' });
      } catch (err) {
        console.log(`[diskFull] umount ${MOUNT} failed: ${(err as Error).message}`);
      }
      rmSync(MOUNT, { recursive: true, force: true });
    }
  });

  it('ok: checks commit, the reserve is held, exports go to the data disk', async () => {
    const s = await status();
    expect(s).toMatchObject({ level: 'ok', known: true, reserve: 'held', reserveBytes: MB });
    expect(s.totalBytes).toBe(SIZE_MB * MB);
    expect(existsSync(join(dataDir, RESERVE_FILE))).toBe(true);
    counts.before = await checks(20);
    // The default export folder is inside the data folder: the same file system as the database.
    expect((await ok<{ folder: string }>('export:defaults', {})).folder).toBe(exportsDir);
  });

  it('low (≥ 80 %): a disk:status event; imports and exports refused, nothing written; checks go on', async () => {
    fill(filler, 85);
    const s = await settledAt({ level: 'low' });
    expect(s.level).toBe('low');
    expect(s.usedPercent).toBeGreaterThanOrEqual(80);
    expect(diskEvents.at(-1)).toMatchObject({ level: 'low', reserve: 'held' });

    const roster = rosterDigest();
    const files = exportFiles();
    const auditRows = gate.db.prepare('SELECT count(*) AS n FROM audit_log').get();
    const attempts: [string, unknown][] = [
      ['roster:import', { fileName: 'roster.csv', dataBase64: rosterCsv(40), mode: 'all_or_nothing', dryRun: false }],
      ['schedule:import', { fileName: 'schedule.csv', dataBase64: scheduleCsv, dryRun: false }],
    ];
    for (const [method, input] of attempts) {
      const r = await call(method, input);
      expect({ method, refused: refusedWith(r, 'disk_low') }).toEqual({ method, refused: true });
      counts.refusedImports += 1;
    }
    const exports: [string, unknown][] = [
      ['export:start', { format: 'csv', folder: exportsDir, filter: {} }],
      ['export:start', { format: 'xlsx', folder: exportsDir, filter: {} }],
      ['log:exportCsv', { filter: {} }],
      ['report:xlsx', { from: '2020-02-10', to: '2020-02-10' }],
      ['report:html', { from: '2020-02-10', to: '2020-02-10' }],
    ];
    for (const [method, input] of exports) {
      const r = await call(method, input);
      expect({ method, refused: refusedWith(r, 'disk_low') }).toEqual({ method, refused: true });
      counts.refusedExports += 1;
    }
    // A dry run writes nothing, so it is still answered.
    expect((await call('roster:import', { fileName: 'roster.csv', dataBase64: rosterCsv(40), mode: 'all_or_nothing', dryRun: true })).ok).toBe(true);
    expect(rosterDigest()).toBe(roster);
    expect(exportFiles()).toEqual(files);
    expect(exportEvents).toEqual([]); // no job ever started
    expect(gate.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual(auditRows);

    counts.low = await checks(20);
    expect((await status()).level).toBe('low');
  });

  it('100 % full: the reserve is given back and checks go on committing on it until the disk cannot take one more: disk_full, nothing lost', async () => {
    fill(filler, 100);
    const s = await settledAt({ level: 'critical', reserve: 'released' });
    // Releasing the reserve was the first thing the guard did on seeing the disk critical; spending it, the disk stays critical.
    expect(s).toMatchObject({ level: 'critical', reserve: 'released', freeBytes: 0 });
    expect(existsSync(join(dataDir, RESERVE_FILE))).toBe(false);
    expect(diskEvents.some((e) => e.reserve === 'released')).toBe(true);
    const freeOnReserve = space().free;

    const ackedBefore = acked.length;
    let refused: { code: string } | null = null;
    for (let k = 0; k < 5000 && !refused; k++) {
      counts.fullAttempts += 1;
      const r = await check();
      if ('code' in r) refused = r;
    }
    counts.critical = acked.length - ackedBefore;
    console.log(`[diskFull] the reserve (${freeOnReserve} bytes free after its release) carried ${counts.critical} checks`);
    expect(counts.critical).toBeGreaterThan(0);
    expect(refused).toEqual({ code: 'disk_full' });
    counts.refusedDiskFull += 1;
    const backlogAtFull = backlog();
    // A second attempt is refused the same way (typed, not `internal`), and so is a third.
    for (let k = 0; k < 2; k++) {
      const again = await check();
      expect(again).toEqual({ code: 'disk_full' });
      counts.refusedDiskFull += 1;
    }
    expect((await status()).level).toBe('full');
    expect(diskEvents.at(-1)?.level).toBe('full');

    // Nothing half written, nothing lost, nothing overwritten.
    expect(integrity()).toBe('ok');
    const ids = entryIds();
    expect(ids.size).toBe(acked.length);
    counts.lost = acked.filter((id) => !ids.has(id)).length;
    expect(counts.lost).toBe(0);
    // Refused attempts add nothing to the outbox and take nothing from it; every acknowledged check is in it.
    expect(backlog()).toBe(backlogAtFull);
    expect(unsyncedEntries()).toBe(acked.length);
    expect(gate.core.current()).toBeNull();

    // Imports and exports are refused up front on a full disk too.
    expect(refusedWith(await call('export:start', { format: 'csv', folder: exportsDir, filter: {} }), 'disk_low')).toBe(true);
    counts.refusedExports += 1;
  });

  it('space returns: ok again, the reserve is re-created, checks, imports and exports work', async () => {
    unlinkSync(filler);
    const s = await settledAt({ level: 'ok', writeFailedAt: null, reserve: 'held' });
    expect(s).toMatchObject({ level: 'ok', writeFailedAt: null, reserve: 'held' });
    expect(diskEvents.at(-1)).toMatchObject({ level: 'ok' });
    counts.after = await checks(20);

    const imported = await ok<{ imported: boolean; importedRows: number }>('roster:import', {
      fileName: 'roster.csv',
      dataBase64: rosterCsv(40),
      mode: 'all_or_nothing',
      dryRun: false,
    });
    expect(imported).toMatchObject({ imported: true, importedRows: SMALL_ROSTER.length + 40 });
    expect(await ok('schedule:import', { fileName: 'schedule.csv', dataBase64: scheduleCsv, dryRun: false })).toMatchObject({ imported: true });

    const { jobId } = await ok<{ jobId: string }>('export:start', { format: 'csv', folder: exportsDir, filter: {} });
    await expect.poll(() => exportEvents.find((e) => e.jobId === jobId && e.state !== 'running')?.state, { timeout: 20_000 }).toBe('done');
    const done = exportEvents.find((e) => e.jobId === jobId && e.state === 'done') as Extract<ExportJobEvent, { state: 'done' }>;
    expect(done.result.rows).toBe(acked.length);
    expect(exportFiles()).toEqual([done.result.fileName]);
    expect(integrity()).toBe('ok');
  });

  it('enrolled, full again: a retention purge 60 days on keeps every unsynced row (full, then low); freed, the outbox delivers each check once', async () => {
    const created = expectOk(await h.admin('POST', `${c.base}/gates`, { id: GATE_ID, name: GATE_ID }));
    await enrolGate({ db: gate.db, compoundId: c.compound, gateId: GATE_ID, qr: created.json.enrolment.qr, clock });
    fill(filler, 100);
    await settledAt({ reserve: 'released' });
    fill(filler, 100); // the reserve, released again, filled too
    const before = { entries: entryIds().size, backlog: backlog() };
    clock.advance(60 * 24 * 3600 * 1000); // past the 28-day entry-log retention
    const purge = await call('privacy:purgeNow', {});
    // The purge may not even have room for its report; either way it removes no unsynced row.
    console.log(`[diskFull] retention purge on the full disk: ${purge.ok ? `ran, kept ${before.entries} unsynced` : purge.error.code}`);
    if (purge.ok) expect(purge.value).toMatchObject({ counts: { entryLog: 0 }, keptUnsynced: before.entries });
    else expect(purge.error.code).toBe('disk_full');
    expect({ entries: entryIds().size, backlog: backlog() }).toEqual(before);
    expect(integrity()).toBe('ok');
    // With room to run (low, not full), the purge runs and still removes no unsynced row.
    unlinkSync(filler);
    fill(filler, 85);
    // Still `full` (a write failed and none has succeeded since) until a check commits: then low.
    expect((await status()).level).toBe('full');
    counts.lowAgain = await checks(1);
    expect((await status()).level).toBe('low');
    const low = { entries: entryIds().size, backlog: backlog() };
    expect(low).toEqual({ entries: before.entries + 1, backlog: before.backlog + 1 });
    expect(await ok('privacy:purgeNow', {})).toMatchObject({ counts: { entryLog: 0 }, keptUnsynced: before.entries }); // the new check is not 28 days old
    expect({ entries: entryIds().size, backlog: backlog() }).toEqual(low);

    unlinkSync(filler);
    await settledAt({ level: 'ok' });
    await ok('sync:now', {});
    expect(backlog()).toBe(0);
    expect(await count(h.db, "SELECT count(*) FROM event WHERE compound_id = $1 AND kind = 'entry'", [c.compound])).toBe(acked.length);
    clock.advance(-60 * 24 * 3600 * 1000);
  });

  it('restarted on a 100 % full disk, the gate starts (its reserve goes back before the database opens) and checks commit; a scanner check it cannot save turns the screen to full', async () => {
    expect(existsSync(join(dataDir, RESERVE_FILE))).toBe(true);
    await gate.close();
    fill(filler, 100);
    expect(space().free).toBeLessThan(4096);
    await start();
    await settledAt({ level: 'critical', reserve: 'released' });
    for (const id of ['demo-guard', 'demo-manager']) gate.staff.signIn(gate.staff.staff.get(id)!, 'pin');
    counts.restart = await checks(5);
    expect(integrity()).toBe('ok');
    const ids = entryIds();
    expect(acked.filter((id) => !ids.has(id))).toEqual([]);

    // The reserve's space taken too, a check from the serial scanner cannot be saved: no caller to
    // answer, so the guard hears it from the device loop and the screen turns to full.
    await waitFor(() => gate.devices.health().find((d) => d.id === 'scanner')?.state === 'connected');
    fill(filler, 100);
    await settledAt({ level: 'critical' });
    await ok('device:simulateReading', { celsius: 36.5 });
    serial.emit(SCANNER, scanner.model.scan(passes[0]!)!);
    await waitFor(() => diskEvents.at(-1)?.level === 'full');
    expect(logs.some((l) => l.startsWith('device event failed') && l.includes('database or disk is full'))).toBe(true);
    expect(entryIds().size).toBe(acked.length);
    expect(integrity()).toBe('ok');
    unlinkSync(filler);
    await settledAt({ level: 'ok' });
  });

  it('after a restart on the same disk the database is intact and holds every acknowledged check', async () => {
    await gate.close();
    const db = openDatabase(join(dataDir, 'gatehouse.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = new Set((db.prepare('SELECT id FROM entry_log').all() as { id: string }[]).map((r) => r.id));
      counts.lost = acked.filter((id) => !ids.has(id)).length;
      expect(counts.lost).toBe(0);
      expect(ids.size).toBe(acked.length);
    } finally {
      db.close();
    }
    gate = undefined as unknown as GateRuntime;
    const failures = [...new Set(logs.filter((l) => l.includes('a write failed')).map((l) => l.replace(/^.*\(/, '(')))];
    console.log(`[diskFull] what the disk said when full: ${failures.join(', ')}`);
    reportCount(
      `[diskFull] checks acknowledged: ${counts.before} ok, ${counts.low} low, ${counts.critical} on the reserve at 100 %, ` +
        `${counts.after} after space returned, ${counts.lowAgain} at low before the purge, ${counts.restart} after a restart on the full disk ` +
        `(total ${acked.length}); refused with disk_full: ${counts.refusedDiskFull}; ` +
        `refused with disk_low: ${counts.refusedImports} imports, ${counts.refusedExports} exports; lost: ${counts.lost}`,
    );
  });
});
