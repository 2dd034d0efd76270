/**
 * Text PostgreSQL cannot store (U+0000, a lone surrogate) in a record's free text: the hub refuses
 * it with invalid_event, so the gate sends such characters as U+FFFD (src/main/sync/hubClient.ts,
 * decision 0021). The record reaches the hub once and nothing is quarantined; the gate's own rows
 * keep the U+0000 (a lone surrogate its SQLite store already turns into U+FFFD).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enrolGate } from '../../../src/main/sync/enrol';
import { SyncService } from '../../../src/main/sync/syncService';
import type { ReturneeOutcome, VisitorOutcome } from '../../../src/shared/flows';
import { approval } from '../../helpers/approval';
import { makeGate, type TestGate } from '../../helpers/gate';
import { BACKENDS, expectOk, setupCompound, startHub, type TestHub } from '../../hub/helpers';
import { caller, idNo, returneeForm } from '../flows/helpers';

const backend = BACKENDS.find((b) => b.name === 'pglite')!;
const NAME = '张\u0000大\ud800';
const REASON = '核酸\u0000阴性\ud800';

describe('unstorable text in a record reaches the hub as U+FFFD (pglite)', () => {
  let h: TestHub;
  let gate: TestGate;
  beforeAll(async () => {
    h = await startHub(backend);
  }, 60_000);
  afterAll(async () => h?.close());
  afterEach(async () => gate?.cleanup());
  const { ok, householdOf, residentOf } = caller(() => gate);

  it('a visitor whose name and an observation end whose reason carry U+0000 and a lone U+D800 arrive once, not quarantined', async () => {
    const c = await setupCompound(h, []);
    const created = expectOk(await h.admin('POST', `${c.base}/gates`, { id: 'gate-a', name: 'gate-a' }));
    gate = await makeGate({ config: { compound: { id: c.compound, name: '示范小区' }, gate: { id: 'gate-a', name: 'gate-a' }, devices: [] } });
    await gate.gateSync.stop(); // the test drives its own loop below
    await enrolGate({ db: gate.db, compoundId: c.compound, gateId: 'gate-a', qr: created.json.enrolment.qr as string, clock: gate.clock });
    const sync = new SyncService({ db: gate.db, compoundId: c.compound, gateId: 'gate-a', clock: gate.clock, timeoutMs: 5_000 });

    await ok<VisitorOutcome>('visitor:register', {
      name: NAME,
      phone: '13812345678',
      idNumber: idNo(),
      householdId: householdOf('HM90001'),
      relation: 'parent',
      confirmation: { numberCalled: '13900000001', answeredBy: '张伟', outcome: 'confirmed' },
      readings: [{ celsius: 36.5, source: 'simulated' }],
    });
    const r = await ok<ReturneeOutcome>(
      'returnee:register',
      returneeForm({ residentId: residentOf('HM90001'), householdId: householdOf('HM90001') }),
    );
    gate.clock.advance(3600_000);
    await ok('observation:endEarly', { observationId: r.observation!.id, reason: REASON, approval: approval('demo-guard', 'demo-manager') });

    // Twice: a second round must neither double the records nor find anything left to send.
    expect(await sync.syncOnce()).toMatchObject({ lastError: null, backlog: 0, quarantined: 0 });
    expect(await sync.syncOnce()).toMatchObject({ lastError: null, backlog: 0, quarantined: 0 });
    expect((gate.db.prepare('SELECT count(*) AS n FROM sync_quarantine').get() as { n: number }).n).toBe(0);

    const rows = (
      await h.db.query<{ kind: string; payload: Record<string, unknown> }>('SELECT kind, payload FROM event WHERE compound_id = $1', [c.compound])
    ).rows;
    const visitors = rows.filter((x) => x.kind === 'visitor');
    const ends = rows.filter((x) => x.kind === 'observation_end');
    expect(visitors).toHaveLength(1);
    expect(ends).toHaveLength(1);
    // The masked name keeps its last character: the lone surrogate, sent as U+FFFD.
    expect(visitors[0]!.payload.nameMasked).toMatch(/^张\*+\ufffd$/);
    // The gate's SQLite already stores a lone surrogate as the three bytes ED A0 80, which read back
    // as three U+FFFD; the U+0000 it keeps, and the push sends as U+FFFD.
    const localReason = (gate.db.prepare('SELECT reason FROM observation_end').get() as { reason: string }).reason;
    expect(localReason).toBe('核酸\u0000阴性\ufffd\ufffd\ufffd');
    expect((gate.db.prepare('SELECT name FROM visitor').get() as { name: string }).name).toBe('张\u0000大\ufffd\ufffd\ufffd');
    expect(ends[0]!.payload.reason).toBe('核酸\ufffd阴性\ufffd\ufffd\ufffd');
    console.log(`[unstorable text] at hub: visitor ${visitors.length}, observation_end ${ends.length}; quarantined 0`);
  });
});
