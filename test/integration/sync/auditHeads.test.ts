/**
 * The audit trail's daily chain head leaves the gate (issue 6 item 4): once a local day is over,
 * the next sync round writes its head — equal to `AuditLog.dailyHead` for that day, with the day's
 * record count — and pushes it to the hub once; a quiet day gets none, a day not yet over gets none,
 * and later rounds send nothing twice.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordAuditHeads } from '../../../src/main/sync/auditHeads';
import { enrolGate } from '../../../src/main/sync/enrol';
import { SyncService } from '../../../src/main/sync/syncService';
import type { AdminGate } from '../../../src/shared/sync';
import { makeGate, type TestGate } from '../../helpers/gate';
import { BACKENDS, expectOk, PG_OK, setupCompound, startHub, type TestHub } from '../../hub/helpers';

const backend = BACKENDS.find((b) => b.name === (PG_OK ? 'postgres' : 'pglite'))!;
const TZ = 'Asia/Shanghai';

describe(`audit chain heads pushed to the hub (${backend.name})`, () => {
  let h: TestHub;
  let gate: TestGate;
  beforeAll(async () => {
    h = await startHub(backend);
  }, 60_000);
  afterAll(async () => h?.close());
  afterEach(async () => gate?.cleanup());

  async function enrolled() {
    const c = await setupCompound(h, []);
    const created = expectOk(await h.admin('POST', `${c.base}/gates`, { id: 'gate-a', name: 'gate-a' }));
    gate = await makeGate({
      config: { compound: { id: c.compound, name: '示范小区' }, gate: { id: 'gate-a', name: 'gate-a' }, devices: [] },
    });
    await gate.gateSync.stop(); // the test drives its own loop below
    await enrolGate({ db: gate.db, compoundId: c.compound, gateId: 'gate-a', qr: created.json.enrolment.qr as string, clock: gate.clock });
    const sync = new SyncService({ db: gate.db, compoundId: c.compound, gateId: 'gate-a', clock: gate.clock, timeoutMs: 5_000, timeZone: TZ });
    return { c, sync };
  }

  const headsAtHub = async (compound: string) =>
    (
      await h.db.query<{ day: string; seq: string; hash: string; at: Date; records: string }>(
        'SELECT day::text AS day, seq::text AS seq, hash, at, records::text AS records FROM audit_head WHERE compound_id = $1 ORDER BY day',
        [compound],
      )
    ).rows.map((r) => ({ day: r.day, seq: Number(r.seq), hash: r.hash, at: new Date(r.at).toISOString(), records: Number(r.records) }));
  const headEvents = async (compound: string) =>
    Number(
      (await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM event WHERE compound_id = $1 AND kind = 'audit_head'", [compound])).rows[0]!.n,
    );
  const recordsOn = (day: string): number => {
    const from = new Date(`${day}T00:00:00+08:00`).toISOString();
    const to = new Date(Date.parse(from) + 86_400_000).toISOString();
    return (gate.db.prepare('SELECT count(*) AS n FROM audit_log WHERE at >= ? AND at < ?').get(from, to) as { n: number }).n;
  };
  const expected = (day: string) => {
    const head = gate.staff.audit.dailyHead(day, TZ)!;
    return { day, seq: head.seq, hash: head.hash, at: head.at, records: recordsOn(day) };
  };
  const note = (what: string) => gate.staff.audit.append('test.note', { actors: ['demo-guard'], details: { what } });

  it('sends each completed day with records once, equal to the audit log’s daily head', async () => {
    const { c, sync } = await enrolled();
    // 2020-02-10 09:00 in Shanghai: the demo staff's sign-in is already in the trail.
    note('morning');
    gate.clock.advance(10 * 3600_000); // 19:00
    note('evening');
    expect(await sync.syncOnce()).toMatchObject({ lastError: null, backlog: 0 });
    expect(await headsAtHub(c.compound)).toEqual([]); // the day is not over
    gate.clock.advance(6 * 3600_000); // 01:00 on the 11th
    note('night');
    expect(await sync.syncOnce()).toMatchObject({ lastError: null, backlog: 0, quarantined: 0 });
    const day1 = expected('2020-02-10');
    expect(day1.records).toBeGreaterThanOrEqual(3);
    expect(await headsAtHub(c.compound)).toEqual([day1]);
    // The head is the day's last record, not the chain's latest.
    expect(day1.seq).toBe(gate.staff.audit.head()!.seq - 1);

    // Nothing twice, however often the gate syncs.
    expect(await sync.syncOnce()).toMatchObject({ lastError: null, backlog: 0 });
    expect(await headEvents(c.compound)).toBe(1);

    // The 12th is quiet; the 13th has a record; on the 14th both the 11th and the 13th are sent.
    gate.clock.advance(2 * 86_400_000); // 01:00 on the 13th
    note('the 13th');
    gate.clock.advance(86_400_000);
    expect(await sync.syncOnce()).toMatchObject({ lastError: null, backlog: 0, quarantined: 0 });
    expect(await headsAtHub(c.compound)).toEqual([day1, expected('2020-02-11'), expected('2020-02-13')]);
    expect(await headEvents(c.compound)).toBe(3);
    const local = gate.db.prepare('SELECT day, audit_seq AS seq, hash FROM audit_head ORDER BY seq').all();
    expect(local).toEqual((await headsAtHub(c.compound)).map((x) => ({ day: x.day, seq: x.seq, hash: x.hash })));

    const g = (expectOk(await h.admin('GET', `/v1/admin/gates?compound=${c.compound}`)).json.gates as AdminGate[])[0]!;
    expect(g).toMatchObject({ auditHeadDay: '2020-02-13', auditMismatch: false });
    expect(g.eventCounts.audit_head).toBe(3);
  });

  it('writes a day’s head once even when recorded again, and the table refuses edits', async () => {
    const { c } = await enrolled();
    gate.clock.advance(86_400_000);
    const opts = { gateId: 'gate-a', timeZone: TZ, clock: gate.clock, newId: () => crypto.randomUUID() };
    expect(recordAuditHeads(gate.db, opts)).toBe(1);
    expect(recordAuditHeads(gate.db, opts)).toBe(0);
    expect(() => gate.db.prepare("UPDATE audit_head SET hash = ?").run('0'.repeat(64))).toThrow(/append-only/);
    expect(() => gate.db.prepare('DELETE FROM audit_head').run()).toThrow(/append-only/);
    expect(await headsAtHub(c.compound)).toEqual([]); // recorded, not yet pushed
  });
});
