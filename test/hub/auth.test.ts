import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/hub/auth';
import { parseEnrolmentQr } from '../../src/shared/sync';
import { ADMIN, BACKENDS, count, entryEvent, expectOk, setupCompound, startHub, uniq, type TestHub } from './helpers';

describe.each(BACKENDS)('hub auth and enrolment ($name)', (backend) => {
  let h: TestHub;
  beforeAll(async () => {
    if (!backend.skip) h = await startHub(backend);
  });
  afterAll(async () => h?.close());

  it.skipIf(backend.skip)('committee endpoints need the admin token: none, wrong, or a gate token → 401, nothing created', async () => {
    const { tokens } = await setupCompound(h);
    const id = uniq('c');
    for (const token of [null, 'nope-not-the-token', tokens['gate-a']!]) {
      const r = await h.call('POST', '/v1/admin/committees', { token, body: { id, name: 'x' } });
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    expect(await count(h.db, 'SELECT count(*) FROM committee WHERE committee_id = $1', [id])).toBe(0);
    expect((await h.call('GET', '/v1/admin/gates', { token: ADMIN })).status).toBe(200);
  });

  it.skipIf(backend.skip)('enrolment: a one-time, expiring code with a QR payload, stored only hashed', async () => {
    const c = uniq('c');
    const p = uniq('p');
    expectOk(await h.admin('POST', '/v1/admin/committees', { id: c, name: '居委' }));
    expectOk(await h.admin('POST', `/v1/admin/committees/${c}/compounds`, { id: p, name: '小区' }));
    const created = expectOk(await h.admin('POST', `/v1/admin/committees/${c}/compounds/${p}/gates`, { id: 'south', name: '南门' }));
    expect(created.status).toBe(201);
    const { code, qr, expiresAt } = created.json.enrolment as { code: string; qr: string; expiresAt: string };
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(parseEnrolmentQr(qr)).toEqual({ hubUrl: h.url, code, compoundId: p, gateId: 'south' });
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(71 * 3600_000);
    const stored = await h.db.query<{ code_hash: string }>('SELECT code_hash FROM enrolment WHERE committee_id = $1', [c]);
    expect(stored.rows.map((r) => r.code_hash)).not.toContain(code);

    // Lower case and without dashes is the same code.
    const first = await h.call('POST', '/v1/enrol', { body: { code: code.replace(/-/g, '').toLowerCase() } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ committeeId: c, compoundId: p, gateId: 'south', gateName: '南门', token: expect.stringMatching(/^gt_/) });
    const tokens = await h.db.query<{ token_hash: string }>('SELECT token_hash FROM gate_token WHERE committee_id = $1', [c]);
    expect(tokens.rows).toEqual([{ token_hash: hashSecret(first.json.token) }]);

    const again = await h.call('POST', '/v1/enrol', { body: { code } });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('code_used');
    expect((await h.call('POST', '/v1/enrol', { body: { code: 'AAAA-BBBB-CCCC' } })).status).toBe(401);
  });

  it.skipIf(backend.skip)('an expired code is refused; a fresh code replaces the old one', async () => {
    const { base } = await setupCompound(h, []);
    const created = expectOk(await h.admin('POST', `${base}/gates`, { id: 'east', name: '东门', enrolmentTtlHours: 1 }));
    h.clock.advance(2 * 3600_000);
    try {
      const r = await h.call('POST', '/v1/enrol', { body: { code: created.json.enrolment.code } });
      expect(r.status).toBe(401);
      expect(r.json.error.code).toBe('code_expired');
      const fresh = expectOk(await h.admin('POST', `${base}/gates/east/enrolment`, {}));
      expect((await h.call('POST', '/v1/enrol', { body: { code: created.json.enrolment.code } })).status).toBe(401);
      expect((await h.call('POST', '/v1/enrol', { body: { code: fresh.json.code } })).status).toBe(200);
    } finally {
      h.clock.set(new Date());
    }
  });

  it.skipIf(backend.skip)('gate endpoints: no token or an unknown token → 401', async () => {
    for (const [method, path] of [
      ['GET', '/v1/changes'],
      ['GET', '/v1/presence'],
      ['POST', '/v1/events'],
      ['POST', '/v1/gates/me/status'],
    ] as const) {
      expect((await h.call(method, path, { body: method === 'POST' ? {} : undefined })).status).toBe(401);
      expect((await h.call(method, path, { token: 'gt_forged', body: method === 'POST' ? {} : undefined })).status).toBe(401);
    }
  });

  it.skipIf(backend.skip)('a revoked token is refused at once and writes nothing; re-enrolling revokes the old token', async () => {
    const { base, tokens, compound } = await setupCompound(h, ['gate-a']);
    const token = tokens['gate-a']!;
    expectOk(await h.call('POST', '/v1/events', { token, body: { sentAt: new Date().toISOString(), events: [entryEvent({ gateId: 'gate-a', seq: 1 })] } }));
    const revoked = expectOk(await h.admin('POST', `${base}/gates/gate-a/revoke`));
    expect(revoked.json).toEqual({ revokedTokens: 1 });
    const r = await h.call('POST', '/v1/events', { token, body: { sentAt: new Date().toISOString(), events: [entryEvent({ gateId: 'gate-a', seq: 2 })] } });
    expect(r.status).toBe(401);
    expect((await h.call('GET', '/v1/changes', { token })).status).toBe(401);
    expect(await count(h.db, 'SELECT count(*) FROM event WHERE compound_id = $1', [compound])).toBe(1);

    const code = expectOk(await h.admin('POST', `${base}/gates/gate-a/enrolment`, {})).json.code;
    const second = expectOk(await h.call('POST', '/v1/enrol', { body: { code } })).json.token;
    const third = expectOk(await h.call('POST', '/v1/enrol', { body: { code: expectOk(await h.admin('POST', `${base}/gates/gate-a/enrolment`, {})).json.code } })).json.token;
    expect((await h.call('GET', '/v1/changes', { token: second })).status).toBe(401);
    expect((await h.call('GET', '/v1/changes', { token: third })).status).toBe(200);
  });

  it.skipIf(backend.skip)("a gate cannot write another gate's events (403, nothing written) nor read another compound", async () => {
    const a = await setupCompound(h, ['gate-a', 'gate-b']);
    const other = await setupCompound(h, ['gate-x']);
    const batch = {
      sentAt: new Date().toISOString(),
      events: [entryEvent({ gateId: 'gate-a', seq: 1 }), entryEvent({ gateId: 'gate-b', seq: 1 })],
    };
    const r = await h.call('POST', '/v1/events', { token: a.tokens['gate-a'], body: batch });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('forbidden');
    const x = await h.call('POST', '/v1/events', { token: other.tokens['gate-x'], body: { ...batch, events: [batch.events[0]] } });
    expect(x.status).toBe(403);
    expect(await count(h.db, 'SELECT count(*) FROM event WHERE compound_id IN ($1, $2)', [a.compound, other.compound])).toBe(0);

    // The compound comes from the token: another compound's roster is simply not in the answer.
    expectOk(await h.admin('PUT', `${other.base}/roster`, { rows: [{ building: '9', unit: '', room: '901', name: '外人', phone: '', idNumber: '', residency: 'owner', passNumber: 'X1', status: 'black' }] }));
    const mine = expectOk(await h.call('GET', '/v1/changes?limit=5000', { token: a.tokens['gate-a'] }));
    expect(JSON.stringify(mine.json)).not.toContain('外人');
    expect((await h.call('GET', `/v1/changes?compound=${other.compound}`, { token: a.tokens['gate-a'] })).status).toBe(400);
  });

  it.skipIf(backend.skip)('admin 404/409 for unknown parents and duplicates', async () => {
    const { committee, base } = await setupCompound(h, ['gate-a']);
    expect((await h.admin('POST', '/v1/admin/committees', { id: committee, name: 'dup' })).status).toBe(409);
    expect((await h.admin('POST', `${base}/gates`, { id: 'gate-a', name: 'dup' })).status).toBe(409);
    expect((await h.admin('POST', `/v1/admin/committees/nope/compounds`, { id: 'p', name: 'x' })).status).toBe(404);
    expect((await h.admin('POST', `/v1/admin/committees/${committee}/compounds/nope/gates`, { id: 'g', name: 'x' })).status).toBe(404);
    expect((await h.admin('POST', `${base}/gates/nope/revoke`)).status).toBe(404);
    const bad = await h.admin('POST', '/v1/admin/committees', { id: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toEqual({ code: 'invalid_input', message: expect.stringContaining('name') });
  });
});
