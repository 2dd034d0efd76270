import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCursor, type ChangesResponse, type RosterChange } from '../../src/shared/sync';
import { BACKENDS, expectOk, ROSTER, setupCompound, startHub, type Compound, type TestHub } from './helpers';

describe.each(BACKENDS)('roster upload and the change feed ($name)', (backend) => {
  let h: TestHub;
  beforeAll(async () => {
    if (!backend.skip) h = await startHub(backend);
  });
  afterAll(async () => h?.close());

  /** Drains the feed from a cursor like a gate does. */
  async function drain(c: Compound, cursor = '0.0', revocations = '0.0', limit = 1000) {
    const changes: RosterChange[] = [];
    const revoked: string[] = [];
    for (;;) {
      const r = expectOk(await h.call('GET', `/v1/changes?cursor=${cursor}&revocations=${revocations}&limit=${limit}`, { token: c.tokens['gate-a'] }));
      const body = r.json as ChangesResponse;
      changes.push(...body.roster.changes);
      revoked.push(...body.revocations.items.map((x) => x.passNumber));
      cursor = body.roster.cursor;
      revocations = body.revocations.cursor;
      if (!body.roster.hasMore && !body.revocations.hasMore) return { changes, revoked, cursor, revocations };
    }
  }
  const of = <E extends RosterChange['entity']>(cs: RosterChange[], e: E) => cs.filter((c): c is Extract<RosterChange, { entity: E }> => c.entity === e);

  it.skipIf(backend.skip)('a new compound carries its status scheme; an upload arrives as buildings, households, residents, passes', async () => {
    const c = await setupCompound(h);
    const first = await drain(c);
    expect(of(first.changes, 'status').map((s) => s.code)).toContain('hq_purple');
    expect(of(first.changes, 'setting')).toEqual([{ entity: 'setting', key: 'status_scheme', value: 'yijingyuan9', deleted: false }]);
    const up = expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: ROSTER }));
    expect(up.json).toEqual({ rows: 4, changed: 3 + 3 + 4 + 4, removed: 0 });
    const next = await drain(c, first.cursor);
    expect(compareCursor(next.cursor, first.cursor)).toBe(1);
    expect(of(next.changes, 'building').map((b) => b.name).sort()).toEqual(['1', '3', '5']);
    const zhang = of(next.changes, 'resident').find((r) => r.name === '张伟')!;
    // The full ID number never leaves the hub for a gate.
    expect(zhang).toMatchObject({ phone: '13900000001', idNumberMasked: '1101**********4512', status: 'black', deleted: false });
    expect(of(next.changes, 'pass').find((p) => p.number === 'HM90001')).toMatchObject({ residentId: zhang.id, status: 'active' });
    const hh = of(next.changes, 'household').find((x) => x.id === zhang.householdId)!;
    expect(hh).toMatchObject({ unit: '1', room: '101', status: 'black' });
  });

  it.skipIf(backend.skip)('re-uploading the same roster changes nothing; a change to one person sends only that person', async () => {
    const c = await setupCompound(h);
    expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: ROSTER }));
    const base = await drain(c);
    expect(expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: ROSTER })).json).toEqual({ rows: 4, changed: 0, removed: 0 });
    expect((await drain(c, base.cursor)).changes).toEqual([]);
    const edited = ROSTER.map((r) => (r.name === '李娜' ? { ...r, phone: '13911112222' } : r));
    expect(expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: edited })).json.changed).toBe(1);
    const delta = await drain(c, base.cursor);
    expect(delta.changes).toEqual([expect.objectContaining({ entity: 'resident', name: '李娜', phone: '13911112222' })]);
  });

  it.skipIf(backend.skip)('replace mode tombstones whoever is no longer listed (and their pass, household, building)', async () => {
    const c = await setupCompound(h);
    expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: ROSTER }));
    const base = await drain(c);
    const r = expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: ROSTER.filter((x) => x.building !== '5') }));
    expect(r.json).toEqual({ rows: 3, changed: 0, removed: 4 });
    const delta = await drain(c, base.cursor);
    expect(delta.changes.map((x) => [x.entity, x.deleted]).sort()).toEqual([
      ['building', true],
      ['household', true],
      ['pass', true],
      ['resident', true],
    ]);
    // Merge mode adds without removing; the tombstoned person comes back with the same id.
    const before = of(base.changes, 'resident').find((x) => x.name === '赵敏')!;
    expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: [ROSTER[3]], mode: 'merge' }));
    const back = of((await drain(c, delta.cursor)).changes, 'resident');
    expect(back).toEqual([expect.objectContaining({ id: before.id, deleted: false })]);
  });

  it.skipIf(backend.skip)('status changes: household colour moves everyone in it; a person moves the household to the most severe', async () => {
    const c = await setupCompound(h);
    expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: ROSTER }));
    const base = await drain(c);
    const residents = expectOk(await h.admin('GET', `${c.base}/residents?building=1&room=101`)).json.residents;
    expect(residents).toHaveLength(2);
    const hh = residents[0].householdId;
    expectOk(await h.admin('PATCH', `${c.base}/households/${hh}`, { status: '境外返回' })); // by Chinese label
    const d1 = await drain(c, base.cursor);
    expect(of(d1.changes, 'household')).toEqual([expect.objectContaining({ id: hh, status: 'blue' })]);
    expect(of(d1.changes, 'resident').map((r) => r.status)).toEqual(['blue', 'blue']);
    const zhang = residents.find((r: { name: string }) => r.name === '张伟');
    expectOk(await h.admin('PATCH', `${c.base}/residents/${zhang.id}`, { status: 'orange' }));
    const d2 = await drain(c, d1.cursor);
    expect(of(d2.changes, 'household')).toEqual([expect.objectContaining({ status: 'orange' })]);
    expect((await h.admin('PATCH', `${c.base}/residents/${zhang.id}`, { status: 'no-such-colour' })).status).toBe(400);
    expect((await h.admin('PATCH', `${c.base}/residents/00000000-0000-4000-8000-000000000000`, { status: 'black' })).status).toBe(404);
    expect((await h.admin('PATCH', `${c.base}/residents/not-a-uuid`, { status: 'black' })).status).toBe(400);
  });

  it.skipIf(backend.skip)('revocations have their own feed and come in every pull before the roster', async () => {
    const c = await setupCompound(h);
    expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: ROSTER }));
    const base = await drain(c);
    const r = expectOk(await h.admin('POST', `${c.base}/passes/HM90002/revoke`, { reason: '遗失' }));
    expect(r.json).toMatchObject({ alreadyRevoked: false });
    expect(expectOk(await h.admin('POST', `${c.base}/passes/HM90002/revoke`, {})).json.alreadyRevoked).toBe(true);
    expect((await h.admin('POST', `${c.base}/passes/NOPE/revoke`, {})).status).toBe(404);
    const d = await drain(c, base.cursor, base.revocations);
    expect(d.revoked).toEqual(['HM90002']);
    expect(of(d.changes, 'pass')).toEqual([expect.objectContaining({ number: 'HM90002', status: 'revoked' })]);
    // Listed again in an upload, a withdrawn pass stays withdrawn.
    expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: ROSTER }));
    const again = await drain(c, '0.0', '0.0');
    expect(of(again.changes, 'pass').find((p) => p.number === 'HM90002')!.status).toBe('revoked');
  });

  it.skipIf(backend.skip)('paging: small pages reach the same state with no row twice', async () => {
    const c = await setupCompound(h);
    const rows = Array.from({ length: 120 }, (_, i) => ({ ...ROSTER[0], room: String(100 + (i % 40)), name: `居民${i}`, passNumber: `P${i}` }));
    expectOk(await h.admin('PUT', `${c.base}/roster`, { rows }));
    const big = await drain(c, '0.0', '0.0', 5000);
    const small = await drain(c, '0.0', '0.0', 7);
    expect(small.cursor).toBe(big.cursor);
    const key = (x: RosterChange) => `${x.entity}:${'id' in x ? x.id : 'code' in x ? x.code : x.key}`;
    expect(small.changes.map(key)).toEqual(big.changes.map(key));
    expect(new Set(small.changes.map(key)).size).toBe(small.changes.length);
  });

  it.skipIf(backend.skip)('a bad upload is refused whole with the row: unknown status, duplicate pass, duplicate person', async () => {
    const c = await setupCompound(h);
    const cases = [
      [{ ...ROSTER[1], status: 'mauve' }, 'unknown status'],
      [{ ...ROSTER[1], name: '新人', passNumber: 'HM90001' }, 'listed twice'],
      [{ ...ROSTER[0] }, 'listed twice'],
    ] as const;
    for (const [row, msg] of cases) {
      const r = await h.admin('PUT', `${c.base}/roster`, { rows: [ROSTER[0], row] });
      expect(r.status).toBe(400);
      expect(r.json.error).toMatchObject({ code: 'invalid_roster', index: 1, message: expect.stringContaining(msg) });
    }
    expect((await h.admin('PUT', `${c.base}/roster`, { rows: [{ ...ROSTER[0], residency: 'lodger' }] })).status).toBe(400);
    expect(expectOk(await h.admin('GET', `${c.base}/residents`)).json.residents).toEqual([]);
  });

  it.skipIf(backend.skip)('a custom colour scheme reaches the gates as status rows and the setting', async () => {
    const c = await setupCompound(h);
    const base = await drain(c);
    const statuses = [
      { code: 'x_green', labelZh: '绿码', labelEn: 'Green code', colour: '#2e9d3a', rule: 'allow', severity: 0 },
      { code: 'x_red', labelZh: '红码', labelEn: 'Red code', colour: '#d0021b', rule: 'deny', severity: 9 },
    ];
    expectOk(await h.admin('PUT', `${c.base}/status-scheme`, { scheme: 'xcode', statuses }));
    const d = await drain(c, base.cursor);
    expect(of(d.changes, 'status').map((s) => s.code)).toEqual(['x_green', 'x_red']);
    expect(of(d.changes, 'setting')).toEqual([expect.objectContaining({ value: 'xcode' })]);
    expectOk(await h.admin('PUT', `${c.base}/roster`, { rows: [{ ...ROSTER[0], status: '红码' }] }));
    expect((await h.admin('PUT', `${c.base}/roster`, { rows: [{ ...ROSTER[0], status: 'black' }] })).status).toBe(400);
    expect((await h.admin('PUT', `${c.base}/status-scheme`, { scheme: 'empty' })).status).toBe(400);
  });
});
