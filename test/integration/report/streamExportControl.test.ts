import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportEntryLog, type StreamExportOptions } from '../../../src/main/export/streamExport';
import { ExportError } from '../../../src/main/export/fileSink';
import { EntryLogStore } from '../../../src/main/store/entryLog';
import { makeGate, type TestGate } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';
import { DAY, ON_DAY, TZ } from './dataset';
import { loadBulk, loadDataset } from './loadDataset';

let gate: TestGate;
let out: ReturnType<typeof tempDir>;
let folder: string;
let n = 0;

beforeAll(async () => {
  gate = await makeGate({ roster: [] });
  loadDataset(gate.db);
  loadBulk(gate.db, 5000);
  out = tempDir('gatehouse-export-');
});
afterAll(async () => {
  await gate.cleanup();
  out.cleanup();
});
beforeEach(() => {
  folder = join(out.dir, `run-${n++}`);
  mkdirSync(folder);
});

const run = (o: Partial<StreamExportOptions>) =>
  exportEntryLog({
    db: gate.db,
    format: 'csv',
    folder,
    filter: { from: DAY, to: DAY },
    timeZone: TZ,
    lang: 'zh-CN',
    ...o,
  });

describe('streaming entry-log export: progress, cancel, refusals', () => {
  const bulk = { from: DAY, to: DAY };

  it('reports progress from (0, total) to (total, total), never backwards', async () => {
    const seen: Array<{ written: number; total: number }> = [];
    const result = await run({ filter: bulk, onProgress: (p) => seen.push(p), progressEveryMs: 0 });
    const total = ON_DAY.length + 5000;
    expect(result.rows).toBe(total);
    expect(seen[0]).toEqual({ written: 0, total });
    expect(seen[seen.length - 1]).toEqual({ written: total, total });
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]!.written).toBeGreaterThanOrEqual(seen[i - 1]!.written);
  });

  it.each(['csv', 'xlsx'] as const)('a cancelled %s export deletes its partial file', async (format) => {
    const abort = new AbortController();
    const promise = run({
      format,
      filter: bulk,
      signal: abort.signal,
      progressEveryMs: 0,
      onProgress: (p) => p.written >= 1000 && abort.abort(),
    });
    await expect(promise).rejects.toMatchObject({ name: 'ExportError', reason: 'cancelled' });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('an already aborted signal creates nothing', async () => {
    await expect(run({ signal: AbortSignal.abort() })).rejects.toMatchObject({ reason: 'cancelled' });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('the gate keeps logging during an export; the export is one snapshot', async () => {
    const log = new EntryLogStore(gate.db);
    const before = (gate.db.prepare('SELECT count(*) AS n FROM entry_log').get() as { n: number }).n;
    let appended = false;
    const result = await run({
      filter: {},
      progressEveryMs: 0,
      onProgress: (p) => {
        if (appended || p.written < 1000) return;
        appended = true;
        const at = new Date().toISOString();
        log.append(
          {
            id: 'during-export',
            compoundId: 'demo-compound',
            gateId: 'gate-south',
            direction: 'in',
            credential: 'HM90001',
            credentialSource: 'wedge',
            passId: null,
            residentId: null,
            householdId: null,
            building: null,
            unit: null,
            room: null,
            residentNameMasked: null,
            statusCode: null,
            tempObjectC: null,
            tempBodyC: null,
            tempDevice: null,
            tempSource: null,
            readingsJson: '[]',
            decision: 'deny',
            reasons: ['unknown_pass'],
            alert: false,
            staff: [],
            startedAt: at,
            occurredAt: at,
            recordedAt: at,
          },
          null,
        );
      },
    });
    expect(appended).toBe(true);
    expect(result.rows).toBe(before);
    expect(readFileSync(result.path, 'utf8')).not.toContain('during-export');
  });

  it('refuses a missing folder, a file, a relative path, with typed errors', async () => {
    const missing = run({ folder: join(folder, 'nope') });
    await expect(missing).rejects.toBeInstanceOf(ExportError);
    await expect(missing).rejects.toMatchObject({
      reason: 'folder_missing',
      code: 'not_found',
      details: { reason: 'folder_missing' },
    });
    writeFileSync(join(folder, 'a-file'), '');
    await expect(run({ folder: join(folder, 'a-file') })).rejects.toMatchObject({ reason: 'not_a_folder' });
    await expect(run({ folder: 'relative/path' })).rejects.toMatchObject({ reason: 'not_a_folder' });
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder it cannot write to', async () => {
    const { chmodSync } = await import('node:fs');
    chmodSync(folder, 0o500);
    try {
      await expect(run({})).rejects.toMatchObject({ reason: 'folder_not_writable', code: 'forbidden' });
    } finally {
      chmodSync(folder, 0o700);
    }
  });
});
