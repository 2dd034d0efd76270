/**
 * Hub test harness: every hub suite runs against both engines (describe.each over BACKENDS). The
 * PostgreSQL half uses a fresh schema per run (hub_test_<random>) on 127.0.0.1:5432/test and drops
 * it afterwards; it is skipped, loudly, only when that server cannot be reached.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openHubDb, type HubDb } from '../../src/hub/db';
import { buildHub, type Hub } from '../../src/hub/server';
import type { EntryPayload, SyncEvent } from '../../src/shared/sync';

export const PG_URL = process.env.HUB_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const ADMIN = 'test-admin-token-0123456789';

async function reachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export const PG_OK = await reachable();
if (!PG_OK) console.warn(`PostgreSQL at ${PG_URL} is unreachable: the postgres half of the hub suites is SKIPPED (it runs in CI).`);

export type Backend = { name: 'postgres' | 'pglite'; skip: boolean; open(): Promise<HubDb & { schema?: string }> };

export function newSchema(): string {
  return `hub_test_${randomBytes(5).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await c.end();
  }
}

export const BACKENDS: Backend[] = [
  {
    name: 'postgres',
    skip: !PG_OK,
    async open() {
      const schema = newSchema();
      const db = await openHubDb({ databaseUrl: PG_URL, schema });
      const closePool = db.close;
      return Object.assign(db, {
        schema,
        close: async () => {
          await closePool();
          await dropSchema(schema);
        },
      });
    },
  },
  { name: 'pglite', skip: false, open: () => openHubDb({}) },
];

export type Call = { status: number; json: any; text: string; headers: Headers }; // eslint-disable-line @typescript-eslint/no-explicit-any

export type TestHub = {
  hub: Hub;
  db: HubDb;
  url: string;
  clock: { now: () => Date; set(t: string | Date): void; advance(ms: number): void };
  call(method: string, path: string, opts?: { token?: string | null; body?: unknown; raw?: string; contentType?: string }): Promise<Call>;
  admin(method: string, path: string, body?: unknown): Promise<Call>;
  close(): Promise<void>;
};

/** HTTP calls to a hub at `url` (in this process or a child); `admin` carries the admin token. */
export function hubClient(url: string): Pick<TestHub, 'admin' | 'call'> {
  const call: TestHub['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.raw !== undefined || o.body !== undefined) {
      headers['content-type'] = o.contentType ?? 'application/json';
      body = o.raw ?? JSON.stringify(o.body);
    }
    const res = await fetch(`${url}${path}`, { method, headers, body });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, json, text, headers: res.headers };
  };
  return { call, admin: (method, path, body) => call(method, path, { token: ADMIN, body }) };
}

export async function startHub(backend: Backend, opts: { start?: string } = {}): Promise<TestHub> {
  const db = await backend.open();
  let t = opts.start ? Date.parse(opts.start) : Date.now();
  let frozen = opts.start !== undefined;
  const realStart = Date.now();
  const clock = {
    // Real time unless a test sets it, so receive times and skew look like production.
    now: () => new Date(frozen ? t : t + (Date.now() - realStart)),
    set: (v: string | Date) => {
      t = new Date(v).getTime();
      frozen = true;
    },
    advance: (ms: number) => {
      t = clock.now().getTime() + ms;
      frozen = true;
    },
  };
  const hub = await buildHub({ db, adminToken: ADMIN, now: clock.now, log: () => {} });
  const url = await hub.listen(0);
  const { call, admin } = hubClient(url);
  return {
    hub,
    db,
    url,
    clock,
    call,
    admin,
    async close() {
      await hub.close();
      await db.close();
    },
  };
}

let counter = 0;
/** Unique ids per test so tests sharing one hub never see each other's rows. */
export function uniq(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(3).toString('hex')}`;
}

export type Compound = { committee: string; compound: string; tokens: Record<string, string>; base: string };

/** A committee with one compound and enrolled gates; returns each gate's token. */
export async function setupCompound(h: Pick<TestHub, 'admin' | 'call'>, gates: string[] = ['gate-a'], opts: { committee?: string } = {}): Promise<Compound> {
  const committee = opts.committee ?? uniq('c');
  const compound = uniq('p');
  if (!opts.committee) expectOk(await h.admin('POST', '/v1/admin/committees', { id: committee, name: '花木街道第四居委' }));
  expectOk(await h.admin('POST', `/v1/admin/committees/${committee}/compounds`, { id: compound, name: '示范小区' }));
  const base = `/v1/admin/committees/${committee}/compounds/${compound}`;
  const tokens: Record<string, string> = {};
  for (const g of gates) {
    const created = expectOk(await h.admin('POST', `${base}/gates`, { id: g, name: g }));
    const enrolled = expectOk(await h.call('POST', '/v1/enrol', { body: { code: created.json.enrolment.code } }));
    tokens[g] = enrolled.json.token as string;
  }
  return { committee, compound, tokens, base };
}

export function expectOk(r: Call): Call {
  if (r.status < 200 || r.status >= 300) throw new Error(`expected 2xx, got ${r.status}: ${r.text}`);
  return r;
}

const HEX = '0123456789abcdef';
export function uuid(): string {
  const b = randomBytes(16);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = [...b].map((x) => HEX[x >> 4]! + HEX[x & 15]!).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function entryEvent(o: {
  gateId: string;
  seq: number;
  id?: string;
  occurredAt?: string;
  residentId?: string | null;
  direction?: 'in' | 'out';
  decision?: 'admit' | 'deny' | 'refer';
  payload?: Partial<EntryPayload>;
}): SyncEvent {
  const at = o.occurredAt ?? new Date().toISOString();
  return {
    id: o.id ?? uuid(),
    gateId: o.gateId,
    seq: o.seq,
    occurredAt: at,
    kind: 'entry',
    payload: {
      direction: o.direction ?? 'in',
      credential: 'HM00001',
      credentialSource: 'wedge',
      passId: null,
      residentId: o.residentId === undefined ? null : o.residentId,
      householdId: null,
      building: '1',
      unit: '1',
      room: '101',
      residentNameMasked: '张*',
      statusCode: 'black',
      tempObjectC: 36.5,
      tempBodyC: 36.5,
      tempDevice: 'sim',
      tempSource: 'simulated',
      readings: [{ celsius: 36.5, source: 'simulated', at, deviceId: 'sim' }],
      decision: o.decision ?? 'admit',
      reasons: [],
      alert: false,
      staff: ['王保安'],
      startedAt: at,
      recordedAt: at,
      ...o.payload,
    },
  };
}

export async function count(db: HubDb, sql: string, params: unknown[] = []): Promise<number> {
  const r = await db.query<{ n: number }>(sql.replace(/^SELECT count\(\*\)/i, 'SELECT count(*)::int AS n'), params);
  return Number(r.rows[0]?.n ?? 0);
}

export const ROSTER = [
  { building: '1', unit: '1', room: '101', name: '张伟', phone: '13900000001', idNumber: '110101199003074512', residency: 'owner', passNumber: 'HM90001', status: 'black' },
  { building: '1', unit: '1', room: '101', name: '李娜', phone: '13900000002', idNumber: '', residency: 'owner', passNumber: 'HM90002', status: 'black' },
  { building: '3', unit: '2', room: '402', name: '王小明', phone: '13900000003', idNumber: '', residency: 'renter', passNumber: 'HM90003', status: 'orange' },
  { building: '5', unit: '1', room: '1201', name: '赵敏', phone: '13900000004', idNumber: '', residency: 'owner', passNumber: 'HM90004', status: 'pink' },
] as const;
