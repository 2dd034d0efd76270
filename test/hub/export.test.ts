import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub } from '../../src/hub/server';
import { ADMIN, BACKENDS, entryEvent, expectOk, setupCompound, startHub, type TestHub } from './helpers';

describe.each(BACKENDS)('entry export and error bodies ($name)', (backend) => {
  let h: TestHub;
  beforeAll(async () => {
    if (!backend.skip) h = await startHub(backend);
  });
  afterAll(async () => h?.close());

  it.skipIf(backend.skip)('CSV across gates: BOM, Chinese headers, gate export columns plus hub columns, date and gate filters, streamed', async () => {
    const c = await setupCompound(h, ['gate-a', 'gate-b']);
    const push = (g: string, events: unknown[]) => h.call('POST', '/v1/events', { token: c.tokens[g], body: { sentAt: new Date().toISOString(), events } });
    // 2020-02-10 16:30Z is 2020-02-11 00:30 in Shanghai: it belongs to the 11th.
    expectOk(await push('gate-a', [entryEvent({ gateId: 'gate-a', seq: 1, occurredAt: '2020-02-10T01:00:00Z' })]));
    expectOk(
      await push('gate-b', [
        entryEvent({ gateId: 'gate-b', seq: 1, occurredAt: '2020-02-10T16:30:00Z', decision: 'deny', payload: { reasons: ['fever'], credential: '=HYPERLINK("x")' } }),
        entryEvent({ gateId: 'gate-b', seq: 2, occurredAt: '2020-02-10T02:00:00Z', payload: { credential: '110101199003074512' } }),
      ]),
    );
    const res = await fetch(`${h.url}/v1/admin/export/entries.csv?compound=${c.compound}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      ['记录编号', '时间', '门岗', '方向', '出入证号', '楼号', '单元', '室', '姓名', '体温(℃)', '测温方式', '结果', '原因', '值守人员', '小区', '门岗序号', '接收时间']
        .map((x) => `"${x}"`)
        .join(','),
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('"2020-02-10 09:00:00","gate-a","进"');
    expect(lines[2]).toContain('="110101199003074512"'); // long digits kept as text for Excel
    expect(lines[3]).toContain(`"'=HYPERLINK(""x"")"`); // formula injection neutralised
    expect(lines[3]).toContain('"禁止通行","体温异常"');
    expect(lines[3]).toContain(`"${c.compound}","1"`);

    const day = await h.call('GET', `/v1/admin/export/entries.csv?compound=${c.compound}&from=2020-02-11&to=2020-02-11`, { token: ADMIN });
    expect(day.text.split('\r\n').filter(Boolean)).toHaveLength(2);
    const gateA = await h.call('GET', `/v1/admin/export/entries.csv?compound=${c.compound}&gate=gate-a&lang=en`, { token: ADMIN });
    expect(gateA.text.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(gateA.text).toContain('"Record id"');
    expect(gateA.text).toContain('"Compound","Gate seq","Received"');
  });

  it.skipIf(backend.skip)('export across many pages keeps every row once and in time order', async () => {
    const c = await setupCompound(h, ['gate-a']);
    const events = Array.from({ length: 2500 }, (_, i) =>
      entryEvent({ gateId: 'gate-a', seq: i + 1, occurredAt: new Date(Date.UTC(2020, 1, 10) + (i % 1250) * 1000).toISOString() }),
    );
    for (let i = 0; i < events.length; i += 1000) {
      expectOk(await h.call('POST', '/v1/events', { token: c.tokens['gate-a'], body: { sentAt: new Date().toISOString(), events: events.slice(i, i + 1000) } }));
    }
    const csv = await h.call('GET', `/v1/admin/export/entries.csv?compound=${c.compound}`, { token: ADMIN });
    const ids = csv.text.split('\r\n').filter(Boolean).slice(1).map((l) => l.split(',')[0]!.replace(/"/g, ''));
    const dupes = ids.filter((x, i) => ids.indexOf(x) !== i);
    expect(dupes).toEqual([]);
    expect(ids).toHaveLength(2500);
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id)));
  });

  it.skipIf(backend.skip)('bad filters are 400 JSON; unknown routes 404 JSON; no stack traces', async () => {
    for (const q of ['from=2020-13-45x', 'tz=Mars/Olympus', 'gate=', 'colour=red']) {
      const r = await h.call('GET', `/v1/admin/export/entries.csv?${q}`, { token: ADMIN });
      expect(r.status, q).toBe(400);
      expect(r.json.error.code, q).toMatch(/^invalid_/);
    }
    const nf = await h.call('GET', '/v1/nothing-here', { token: ADMIN });
    expect(nf.status).toBe(404);
    expect(nf.json).toEqual({ error: { code: 'not_found', message: 'no such route' } });
  });

  it.skipIf(backend.skip)('an internal failure is a bare 500 with no detail', async () => {
    const db = await backend.open();
    const logged: string[] = [];
    const hub = await buildHub({ db, adminToken: ADMIN, log: (m) => logged.push(m) });
    const url = await hub.listen(0);
    await hub.settle();
    await db.close(); // the database goes away under the hub
    const r = await fetch(`${url}/v1/admin/gates`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(r.status).toBe(500);
    expect(await r.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(logged.join('\n')).toContain('internal error');
    await hub.close();
  });
});
