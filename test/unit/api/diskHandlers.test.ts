import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from '../../../src/main/api/dispatch';
import { createDiskHandlers, nonEssentialMethods, withDiskGuard } from '../../../src/main/api/diskHandlers';
import { fixedClock } from '../../../src/main/core/clock';
import { GateEvents } from '../../../src/main/core/events';
import { DiskGuard } from '../../../src/main/store/diskGuard';
import { gateContract, methodNames, type MethodName } from '../../../src/shared/contract';
import { tempDir } from '../../helpers/tmp';

const MB = 1024 * 1024;
const TOTAL = 100 * MB;

/** Inputs each non-essential method accepts (the dispatcher validates them before the wrapper runs). */
const INPUTS: Partial<Record<MethodName, unknown>> = {
  'roster:import': { fileName: 'r.csv', dataBase64: 'AAAA', mode: 'all_or_nothing', dryRun: false },
  'schedule:import': { fileName: 's.csv', dataBase64: 'AAAA', dryRun: false },
  'export:start': { format: 'csv', folder: '/tmp', filter: {} },
  'log:exportCsv': { filter: {} },
  'report:xlsx': { from: '2020-02-10', to: '2020-02-10' },
  'report:html': { from: '2020-02-10', to: '2020-02-10' },
  'forms:xlsx': { form: 'arrivals', from: '2020-02-10', to: '2020-02-10' },
};

describe('withDiskGuard', () => {
  let tmp: ReturnType<typeof tempDir>;
  let usedPct: number;
  let called: string[];
  let failWith: unknown;
  let disk: DiskGuard;
  let events: GateEvents;
  let reads: number;
  let dispatch: ReturnType<typeof createDispatch>;

  beforeEach(() => {
    tmp = tempDir('b-diskh-');
    usedPct = 50;
    called = [];
    failWith = null;
    reads = 0;
    events = new GateEvents();
    disk = new DiskGuard({
      dataDir: tmp.dir,
      clock: fixedClock('2026-11-29T08:00:00.000Z'),
      log: () => {},
      onChange: () => {},
      options: { reserveBytes: 0, criticalFreeBytes: MB },
      readSpace: () => {
        reads += 1;
        return { totalBytes: TOTAL, freeBytes: TOTAL * (1 - usedPct / 100) };
      },
    });
    // Every method answers null after noting it ran, or throws what the test sets.
    const inner = Object.fromEntries(
      methodNames.map((m) => [
        m,
        () => {
          called.push(m);
          if (failWith) throw failWith;
          return null;
        },
      ]),
    ) as unknown as Handlers;
    dispatch = createDispatch(withDiskGuard(inner, disk, events), () => {}, { signedIn: () => true });
  });
  afterEach(() => tmp.cleanup());

  it('the non-essential set is the imports and every export, and each has a valid input here', () => {
    expect([...nonEssentialMethods].sort()).toEqual(
      ['export:start', 'forms:xlsx', 'log:exportCsv', 'report:html', 'report:xlsx', 'roster:import', 'schedule:import'].sort(),
    );
    for (const m of nonEssentialMethods) expect({ m, ok: gateContract[m].input.safeParse(INPUTS[m]).success }).toEqual({ m, ok: true });
  });

  it('low: every non-essential write is refused with disk_low before its handler runs', async () => {
    usedPct = 85;
    for (const m of nonEssentialMethods) {
      const r = await dispatch(m, INPUTS[m]);
      expect({ m, r }).toMatchObject({ m, r: { ok: false, error: { code: 'disk_low' } } });
    }
    expect(called).toEqual([]);
  });

  it('low and critical: checks, readings and dry-run imports still reach the core', async () => {
    for (const pct of [85, 99.5]) {
      usedPct = pct;
      called = [];
      await dispatch('device:simulateReading', { celsius: 36.5 });
      await dispatch('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
      await dispatch('roster:import', { ...(INPUTS['roster:import'] as object), dryRun: true });
      await dispatch('schedule:import', { ...(INPUTS['schedule:import'] as object), dryRun: true });
      expect(called).toEqual(['device:simulateReading', 'check:scan', 'roster:import', 'schedule:import']);
    }
  });

  it('ok: the same writes reach their handlers', async () => {
    for (const m of nonEssentialMethods) await dispatch(m, INPUTS[m]);
    expect(called).toEqual(nonEssentialMethods);
  });

  it('an import whose size would take the disk past the low mark is refused while the disk is still ok', async () => {
    usedPct = 79; // 21 MB free, 1 MB to the mark; 400 KB of file counts as 1.6 MB
    const big = Buffer.alloc(400 * 1024).toString('base64');
    const r = await dispatch('roster:import', { ...(INPUTS['roster:import'] as object), dataBase64: big });
    expect(r).toMatchObject({ ok: false, error: { code: 'disk_low' } });
    expect(called).toEqual([]);
  });

  it('an export under way when the disk leaves ok is cancelled; one that runs on a disk that stays ok is not', async () => {
    const exportStart = { ...INPUTS['export:start'] as object };
    // The fake export:start answers a job id; export:cancel records which.
    const cancelled: string[] = [];
    let n = 0;
    const inner = Object.fromEntries(methodNames.map((m) => [m, () => null])) as unknown as Handlers;
    (inner as Record<string, unknown>)['export:start'] = () => ({ jobId: `job-${++n}` });
    (inner as Record<string, unknown>)['export:cancel'] = (i: { jobId: string }) => {
      cancelled.push(i.jobId);
      return { cancelled: true };
    };
    const d = createDispatch(withDiskGuard(inner, disk, events), () => {}, { signedIn: () => true });
    expect(await d('export:start', exportStart)).toEqual({ ok: true, value: { jobId: 'job-1' } });
    usedPct = 60;
    disk.poll();
    expect(cancelled).toEqual([]);
    usedPct = 81;
    disk.poll();
    await Promise.resolve();
    expect(cancelled).toEqual(['job-1']);
    // Once cancelled it is forgotten: leaving ok again cancels nothing more.
    usedPct = 50;
    disk.poll();
    usedPct = 85;
    disk.poll();
    await Promise.resolve();
    expect(cancelled).toEqual(['job-1']);
  });

  it('an export that has ended is forgotten: leaving ok cancels only the jobs still running', async () => {
    const cancelled: string[] = [];
    let n = 0;
    const inner = Object.fromEntries(methodNames.map((m) => [m, () => null])) as unknown as Handlers;
    (inner as Record<string, unknown>)['export:start'] = () => ({ jobId: `job-${++n}` });
    (inner as Record<string, unknown>)['export:cancel'] = (i: { jobId: string }) => {
      cancelled.push(i.jobId);
      return { cancelled: true };
    };
    const d = createDispatch(withDiskGuard(inner, disk, events), () => {}, { signedIn: () => true });
    for (let i = 0; i < 4; i++) await d('export:start', INPUTS['export:start']);
    events.emit('export:progress', { jobId: 'job-1', state: 'cancelled' });
    events.emit('export:progress', { jobId: 'job-2', state: 'failed', code: 'internal', message: 'x', reason: null });
    events.emit('export:progress', { jobId: 'job-3', state: 'running', written: 10, total: 100 });
    usedPct = 85;
    disk.poll();
    await Promise.resolve();
    expect(cancelled.sort()).toEqual(['job-3', 'job-4']);
  });

  it('disk:status (public, no sign-in) answers the last reading without polling the disk or running leave-ok work', () => {
    const status = createDiskHandlers({ disk })['disk:status'];
    let leftOk = 0;
    disk.onLeaveOk(() => (leftOk += 1));
    expect(disk.poll().level).toBe('ok');
    const before = reads;
    usedPct = 85; // the disk fills between ticks
    for (let i = 0; i < 5; i++) expect(status({} as never)).toMatchObject({ level: 'ok' });
    expect(reads).toBe(before);
    expect(leftOk).toBe(0);
    // The tick's poll sees it; the method then answers that.
    disk.poll();
    expect(status({} as never)).toMatchObject({ level: 'low' });
    expect(leftOk).toBe(1);
  });

  it('a write the disk cannot hold answers disk_full (not internal) and marks the disk full; other errors pass through', async () => {
    failWith = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const r = await dispatch('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    expect(r).toMatchObject({ ok: false, error: { code: 'disk_full', details: { level: 'full' } } });
    expect(disk.current().level).toBe('full');
    failWith = Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(await dispatch('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' })).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
