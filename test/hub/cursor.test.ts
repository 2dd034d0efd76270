/**
 * The pull cursor must never skip a row, even when transactions take ids in one order and commit in
 * another. Writers here hold transactions open for random times on separate connections (real
 * PostgreSQL), so later ids routinely commit first, while a reader pulls small pages over HTTP.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/hub/db';
import type { ChangesResponse } from '../../src/shared/sync';
import { BACKENDS, expectOk, PG_URL, setupCompound, startHub, type Compound, type TestHub } from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(BACKENDS)('xid8 cursor under concurrent writers ($name)', (backend) => {
  let h: TestHub;
  let c: Compound;
  beforeAll(async () => {
    if (backend.skip) return;
    h = await startHub(backend);
  });
  afterAll(async () => h?.close());

  async function pullBuildings(cursor: string, limit: number): Promise<{ names: string[]; cursor: string; hasMore: boolean }> {
    const r = expectOk(await h.call('GET', `/v1/changes?cursor=${cursor}&limit=${limit}`, { token: c.tokens['gate-a'] }));
    const body = r.json as ChangesResponse;
    const names = body.roster.changes.flatMap((x) => (x.entity === 'building' ? [x.name] : []));
    return { names, cursor: body.roster.cursor, hasMore: body.roster.hasMore };
  }

  /** A writer connection: its own pg client on PostgreSQL; PGlite has one connection, so its transactions take turns. */
  async function writer(): Promise<{ tx: (fn: (q: Queryable) => Promise<void>) => Promise<void>; close: () => Promise<void> }> {
    if (backend.name === 'pglite') return { tx: (fn) => h.db.tx(fn), close: async () => {} };
    const schema = (h.db as { schema?: string }).schema!;
    const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await client.connect();
    const q: Queryable = {
      query: async (text, params) => {
        const r = await client.query(text, params as unknown[]);
        return { rows: r.rows, rowCount: r.rowCount ?? 0 };
      },
      exec: async (sql) => void (await client.query(sql)),
    };
    return {
      tx: async (fn) => {
        await client.query('BEGIN');
        await fn(q);
        await client.query('COMMIT');
      },
      close: () => client.end(),
    };
  }

  const insert = (q: Queryable, name: string) =>
    q.query('INSERT INTO building (committee_id, compound_id, name) VALUES ($1, $2, $3)', [c.committee, c.compound, name]);

  it.skipIf(backend.skip || backend.name === 'pglite')('a row that takes its id first but commits last is not skipped (and a plain id cursor would skip it)', async () => {
    c = await setupCompound(h);
    const start = (await pullBuildings('0.0', 1000)).cursor;
    const [t1, t2] = [await writer(), await writer()];
    let releaseT1!: () => void;
    const t1Done = t1.tx(async (q) => {
      await insert(q, 'early-id');
      await new Promise<void>((r) => (releaseT1 = r));
    });
    await sleep(50);
    await t2.tx((q) => insert(q, 'late-id').then(() => undefined)); // commits while T1 is still open
    const naive = await h.db.query<{ name: string; change_id: string }>(
      'SELECT name, change_id::text AS change_id FROM building WHERE compound_id = $1 ORDER BY change_id',
      [c.compound],
    );
    expect(naive.rows.map((r) => r.name)).toEqual(['late-id']); // an id cursor would now stand past early-id
    const during = await pullBuildings(start, 1000);
    expect(during.names).toEqual([]); // held back: an older transaction may still commit below it
    releaseT1();
    await t1Done;
    const after = await pullBuildings(during.cursor, 1000);
    expect(after.names.sort()).toEqual(['early-id', 'late-id']);
    await t1.close();
    await t2.close();
  });

  it.skipIf(backend.skip)('many writers, out-of-order commits, a reader pulling small pages: every row exactly once', async () => {
    c = await setupCompound(h);
    let cursor = (await pullBuildings('0.0', 1000)).cursor;
    const WRITERS = 6;
    const TXS = 25;
    const expected = new Set<string>();
    const seen: string[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const page = await pullBuildings(cursor, 10);
        seen.push(...page.names);
        cursor = page.cursor;
        if (!page.hasMore) await sleep(3);
      }
    })();
    const writers = await Promise.all(Array.from({ length: WRITERS }, () => writer()));
    await Promise.all(
      writers.map(async (w, wi) => {
        for (let t = 0; t < TXS; t++) {
          const names = Array.from({ length: 1 + ((wi + t) % 3) }, (_, k) => `w${wi}-t${t}-r${k}`);
          await w.tx(async (q) => {
            for (const n of names) {
              await insert(q, n);
              await sleep(Math.random() * 4);
            }
            await sleep(Math.random() * 25); // hold the transaction open so others commit past it
          });
          names.forEach((n) => expected.add(n));
          await sleep(Math.random() * 5);
        }
      }),
    );
    writing = false;
    await reader;
    for (;;) {
      const page = await pullBuildings(cursor, 50);
      seen.push(...page.names);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    await Promise.all(writers.map((w) => w.close()));
    expect(seen.length).toBe(expected.size);
    expect(new Set(seen)).toEqual(expected);
  }, 60_000);
});
