import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportJobs } from '../../../src/main/export/exportJobs';
import { ExportJobEvent } from '../../../src/shared/exportJobs';
import { GateError } from '../../../src/main/core/errors';
import { makeGate, type TestGate } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';
import { DAY, ON_DAY, TZ } from './dataset';
import { loadBulk, loadDataset } from './loadDataset';

let gate: TestGate;
let out: ReturnType<typeof tempDir>;
let n = 0;
const ids = (): (() => string) => () => `job-${n++}`;

beforeAll(async () => {
  gate = await makeGate({ roster: [] });
  loadDataset(gate.db);
  loadBulk(gate.db, 5000);
  out = tempDir('gatehouse-jobs-');
});
afterAll(async () => {
  await gate.cleanup();
  out.cleanup();
});

function folder(): string {
  const dir = join(out.dir, `f${n++}`);
  mkdirSync(dir);
  return dir;
}

/** Runs a job to its end and returns every event it pushed, each checked against the contract schema. */
function follow(jobs: ExportJobs, events: ExportJobEvent[], start: () => string): Promise<ExportJobEvent[]> {
  const id = start();
  return new Promise((resolve) => {
    const check = setInterval(() => {
      const mine = events.filter((e) => e.jobId === id);
      if (mine.some((e) => e.state !== 'running')) {
        clearInterval(check);
        resolve(mine.map((e) => ExportJobEvent.parse(e)));
      }
    }, 5);
  });
}

describe('export jobs for the UI', () => {
  const opts = (dir: string) => ({
    db: gate.db,
    format: 'csv' as const,
    folder: dir,
    filter: { from: DAY, to: DAY },
    timeZone: TZ,
    lang: 'zh-CN' as const,
  });

  it('start answers with an id; progress then done follow as events', async () => {
    const events: ExportJobEvent[] = [];
    const jobs = new ExportJobs({ newId: ids(), onEvent: (e) => events.push(e) });
    const dir = folder();
    const mine = await follow(jobs, events, () => jobs.start({ ...opts(dir), progressEveryMs: 0 }));
    expect(mine[0]).toMatchObject({ state: 'running', written: 0, total: ON_DAY.length + 5000 });
    expect(mine[mine.length - 1]).toMatchObject({
      state: 'done',
      result: { rows: ON_DAY.length + 5000, format: 'csv' },
    });
    expect(readdirSync(dir)).toHaveLength(1);
    expect(jobs.running()).toEqual([]);
  });

  it('cancel ends the job as cancelled and leaves no file', async () => {
    const events: ExportJobEvent[] = [];
    const jobs = new ExportJobs({
      newId: ids(),
      onEvent: (e) => {
        events.push(e);
        if (e.state === 'running' && e.written >= 1000) jobs.cancel(e.jobId);
      },
    });
    const dir = folder();
    const mine = await follow(jobs, events, () =>
      jobs.start({ ...opts(dir), format: 'xlsx', progressEveryMs: 0 }),
    );
    expect(mine[mine.length - 1]!.state).toBe('cancelled');
    expect(readdirSync(dir)).toEqual([]);
    expect(jobs.cancel('no-such-job')).toBe(false);
  });

  it('a refused folder ends as failed with its reason', async () => {
    const events: ExportJobEvent[] = [];
    const jobs = new ExportJobs({ newId: ids(), onEvent: (e) => events.push(e) });
    const mine = await follow(jobs, events, () => jobs.start(opts(join(out.dir, 'missing'))));
    expect(mine).toEqual([
      expect.objectContaining({ state: 'failed', code: 'not_found', reason: 'folder_missing' }),
    ]);
  });

  it('one export at a time', () => {
    const jobs = new ExportJobs({ newId: ids(), onEvent: () => {}, run: () => new Promise(() => {}) });
    jobs.start(opts(folder()));
    expect(() => jobs.start(opts(folder()))).toThrow(GateError);
  });
});
