import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportJobEvent } from '../../src/shared/exportJobs';
import { makeGate, type TestGate } from '../helpers/gate';

let gate: TestGate;
beforeEach(async () => {
  gate = await makeGate();
});
afterEach(() => gate.cleanup());

const ok = async <T>(method: string, input: unknown): Promise<T> => {
  const r = await gate.dispatch(method, input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

describe("manager's desk over the contract", () => {
  it('the daily report counts what the gate logged (2 admitted, 1 denied unknown pass)', async () => {
    await ok('device:simulateReading', { celsius: 36.5 });
    await ok('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    await ok('device:simulateReading', { celsius: 36.6 });
    await ok('check:scan', { code: 'HM90002', source: 'wedge', direction: 'in' });
    await ok('check:scan', { code: 'NOPE', source: 'wedge', direction: 'in' });
    const report = await ok<{ checks: Record<string, number>; perHour: number[] }>('report:daily', { from: '2020-02-10', to: '2020-02-10' });
    expect(report.checks).toMatchObject({ total: 3, admitted: 2, denied: 1, in: 3 });
    // 01:00Z is 09:00 in Shanghai.
    expect(report.perHour[9]).toBe(3);
    const html = await ok<{ html: string }>('report:html', { from: '2020-02-10', to: '2020-02-10' });
    expect(html.html).toContain('<svg');
    const xlsx = await ok<{ dataBase64: string }>('report:xlsx', { from: '2020-02-10', to: '2020-02-10' });
    expect(Buffer.from(xlsx.dataBase64, 'base64').subarray(0, 2).toString()).toBe('PK');
  });

  it('streams an export to the default folder with progress and a done event', async () => {
    await ok('check:scan', { code: 'NOPE', source: 'wedge', direction: 'in' });
    const events: ExportJobEvent[] = [];
    gate.events.subscribe((e, p) => e === 'export:progress' && events.push(p as ExportJobEvent));
    const { folder } = await ok<{ folder: string }>('export:defaults', {});
    await ok('export:start', { format: 'csv', folder, filter: {} });
    await new Promise<void>((resolve) => {
      const t = setInterval(() => events.some((e) => e.state !== 'running') && (clearInterval(t), resolve()), 20);
    });
    const done = events.find((e) => e.state === 'done');
    expect(done).toBeDefined();
    if (done?.state !== 'done') throw new Error('no done event');
    expect(done.result.rows).toBe(1);
    expect(existsSync(done.result.path)).toBe(true);
    expect(readFileSync(done.result.path, 'utf8').charCodeAt(0)).toBe(0xfeff);
  });

  it('unmasked output is refused until dual control exists', async () => {
    const r = await gate.dispatch('export:start', { format: 'csv', folder: '/tmp', filter: {}, unmasked: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const f = await gate.dispatch('forms:xlsx', { form: 'survey', unmasked: true });
    expect(f).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await gate.dispatch('forms:xlsx', { form: 'survey' })).toMatchObject({ ok: true });
  });
});
