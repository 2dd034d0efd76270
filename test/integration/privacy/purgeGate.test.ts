import { afterEach, describe, expect, it } from 'vitest';
import type { PurgeReportView } from '../../../src/shared/privacy';
import { makeGate, type TestGate } from '../../helpers/gate';

let gate: TestGate;
afterEach(() => gate.cleanup());
const DAY = 24 * 60 * 60 * 1000;

async function value<T>(method: string, input: unknown): Promise<T> {
  const r = await gate.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

describe('the retention purge in a running gate', () => {
  it('runs on start, again on demand, keeps the audit chain verifiable after removing its old start, and is audited', async () => {
    gate = await makeGate();
    // Start-up already purged (nothing to remove) and said so.
    const first = await value<PurgeReportView[]>('privacy:purgeReports', { limit: 5 });
    expect(first.map((r) => r.cause)).toEqual(['start']);
    await value('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' });
    await value('device:simulateReading', { celsius: 36.5 });
    // Thirteen months later the check and the first year's audit records are past their retention.
    gate.clock.advance(400 * DAY);
    const auditBefore = gate.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    const report = await value<PurgeReportView>('privacy:purgeNow', {});
    expect(report).toMatchObject({ cause: 'manual', counts: { entryLog: 1 }, keptUnsynced: 0 });
    expect(report.counts.audit).toBe(auditBefore.n);
    expect(gate.db.prepare('SELECT count(*) AS n FROM entry_log').get()).toEqual({ n: 0 });
    expect(gate.staff.audit.verify()).toMatchObject({ ok: true });
    const kinds = (gate.db.prepare('SELECT kind FROM audit_log ORDER BY seq').all() as { kind: string }[]).map((r) => r.kind);
    expect(kinds).toContain('audit.purged');
    expect(kinds[kinds.length - 1]).toBe('privacy.purge');
    expect(await value('privacy:retention', {})).toEqual({ entryLogDays: 28, visitorDays: 28, returneeDays: 28, parcelDays: 28, presenceDays: 28, auditDays: 365, purgeReportDays: 365 });
  });

  it('refuses the purge to nobody signed in, but shows the retention settings', async () => {
    gate = await makeGate({ signIn: false });
    expect(await gate.dispatch('privacy:purgeNow', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await gate.dispatch('privacy:retention', {})).toMatchObject({ ok: true });
  });
});
