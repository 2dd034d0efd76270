/**
 * Hub route fuzz (issue 8, item 3): every route the hub registers (read from Fastify at run time,
 * HEAD aside) gets hostile requests written byte by byte on a socket, so nothing in a client
 * library tidies them first: forged, missing, revoked and wrong-kind tokens; hostile path
 * parameters, query strings and headers; wrong content types; malformed, deep, polluting and
 * oversize bodies; and, where the route's body schema is known, a valid body with one hostile
 * change somewhere inside (hostileArbitraries.ts). Every answer must be a status below 500; a
 * refusal must be a 4xx with the hub's `{error:{code,message}}` body and must leave every table's
 * rows as they were; Object.prototype stays clean; the hub answers a valid call afterwards.
 */
import { createHash, randomUUID } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ChangesQuery,
  CreateCommittee,
  CreateCompound,
  CreateGate,
  EnrolRequest,
  ExportQuery,
  GateStatusReport,
  IssueEnrolment,
  PresenceQuery,
  PushRequest,
  RevokePass,
  RosterUpsert,
  StatusChange,
  StatusSchemeUpdate,
} from '../../src/shared/sync';
import {
  applyMutation,
  describeCase,
  HUGE_STRINGS,
  jsonText,
  mutation,
  NUMERIC_STRINGS,
  POLLUTION_TEXTS,
  prototypePolluted,
  skeleton,
  UNICODE_EDGES,
} from '../property/hostileArbitraries';
import { ADMIN, BACKENDS, entryEvent, expectOk, setupCompound, startHub, type TestHub } from './helpers';
import { reportCount } from '../helpers/counts';

/** Cases per route and auth state: FUZZ_RUNS (100,000 by default) / 16,000 → 6 in CI; HUB_FUZZ_RUNS sets it directly. */
const RUNS = Number(process.env.HUB_FUZZ_RUNS ?? Math.max(1, Math.round(Number(process.env.FUZZ_RUNS ?? 100_000) / 16_000)));
const ANSWER_TIMEOUT_MS = 30_000;

/**
 * Body schemas of the routes that take one, to build near-valid bodies. A route missing here is
 * still fuzzed with every generic hostile body; the test names such routes, so a new one is seen.
 */
const BODY_SCHEMAS: Record<string, z.ZodType> = {
  'POST /v1/enrol': EnrolRequest,
  'POST /v1/events': PushRequest,
  'POST /v1/gates/me/status': GateStatusReport,
  'POST /v1/admin/committees': CreateCommittee,
  'POST /v1/admin/committees/:committeeId/compounds': CreateCompound,
  'POST /v1/admin/committees/:committeeId/compounds/:compoundId/gates': CreateGate,
  'POST /v1/admin/committees/:committeeId/compounds/:compoundId/gates/:gateId/enrolment': IssueEnrolment,
  'PUT /v1/admin/committees/:committeeId/compounds/:compoundId/roster': RosterUpsert,
  'PATCH /v1/admin/committees/:committeeId/compounds/:compoundId/residents/:id': StatusChange,
  'PATCH /v1/admin/committees/:committeeId/compounds/:compoundId/households/:id': StatusChange,
  'POST /v1/admin/committees/:committeeId/compounds/:compoundId/passes/:number/revoke': RevokePass,
  'PUT /v1/admin/committees/:committeeId/compounds/:compoundId/status-scheme': StatusSchemeUpdate,
};
const QUERY_SCHEMAS: Record<string, z.ZodType> = {
  'GET /v1/changes': ChangesQuery,
  'GET /v1/presence': PresenceQuery,
  'GET /v1/admin/export/entries.csv': ExportQuery,
};

type Route = { method: string; url: string };

/** The routes Fastify has, parsed from printRoutes' tree (one line per node, 4 columns per level). */
export function registeredRoutes(tree: string): Route[] {
  const stack: string[] = [];
  const out: Route[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack[depth] = m[2]!;
    if (!m[3]) continue;
    for (const method of m[3].split(', ')) if (method !== 'HEAD') out.push({ method, url: stack.join('') });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A raw HTTP/1.1 client: the request is bytes we choose, the response is parsed by hand.

type RawResponse = { status: number; headers: Record<string, string>; body: Buffer };

function rawRequest(port: number, head: Buffer, body: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const sock = netConnect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`));
    }, ANSWER_TIMEOUT_MS);
    sock.on('data', (d) => chunks.push(d));
    // The server may answer (413) and close before the whole body is written.
    sock.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (err) {
        reject(err as Error);
      }
    });
    sock.write(head);
    if (body.length) sock.write(body);
  });
}

function parseResponse(buf: Buffer): RawResponse {
  // An interim answer (100 Continue to `Expect: 100-continue`) comes before the real one.
  while (/^HTTP\/1\.[01] 1\d\d /.test(buf.subarray(0, 16).toString('latin1')) && buf.indexOf('\r\n\r\n') >= 0) buf = buf.subarray(buf.indexOf('\r\n\r\n') + 4);
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no HTTP response (${buf.length} bytes: ${buf.subarray(0, 80).toString('latin1')})`);
  const [statusLine, ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let body = buf.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const nl = body.indexOf('\r\n', at);
      if (nl < 0) break;
      const size = parseInt(body.subarray(at, nl).toString('latin1'), 16);
      if (!size) break;
      parts.push(body.subarray(nl + 2, nl + 2 + size));
      at = nl + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  return { status, headers, body };
}

// ---------------------------------------------------------------------------------------------
// Cases.

type Auth = 'none' | 'forged' | 'admin' | 'gate' | 'revoked_gate' | 'malformed';
type BodyCase =
  | { kind: 'none' }
  | { kind: 'skeleton'; m: Parameters<typeof applyMutation>[1] }
  | { kind: 'text'; text: string }
  | { kind: 'huge'; bytes: number }
  | { kind: 'claimed'; length: string };

type Case = {
  auth: Auth;
  authHeader: string;
  params: Array<{ mode: 'valid' | 'hostile'; value: string }>;
  query: Array<[string, string]>;
  contentType: string | null;
  body: BodyCase;
  extraHeaders: Array<[string, string]>;
};

const hostileText = fc.oneof(
  fc.constantFrom(...UNICODE_EDGES),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom('..', '.', '%2e%2e', '%2F', 'a/b', '?', '#', '%', '%zz', '%00', '%C0%AE', 'x'.repeat(101), 'x'.repeat(4_000), '__proto__', 'constructor', 'prototype'),
);

const forgedAuth = fc.oneof(
  fc.constantFrom(
    '',
    'Bearer',
    'Bearer ',
    `Bearer ${ADMIN} extra`,
    `Bearer ${ADMIN.slice(0, -1)}`,
    `Bearer ${ADMIN}x`,
    `Basic ${Buffer.from(`admin:${ADMIN}`).toString('base64')}`,
    'Bearer gt_' + 'A'.repeat(43),
    'Bearer adm_' + 'A'.repeat(43),
    `Bearer ${'x'.repeat(8_000)}`,
    'Bearer \u0000',
    'Bearer %00',
    "Bearer ' OR '1'='1",
  ),
  hostileText.map((s) => `Bearer ${s}`),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/json\u0000',
  'application/jsonp',
  '',
  ';;;',
  'application/json; charset=' + 'x'.repeat(2_000),
);

const malformedJson = fc.oneof(
  fc.constantFrom('', '{', '}', '{"a":', '[1,2', 'nul', 'NaN', '{"a":1}{"b":2}', "{'a':1}", '{"a":1,}', '\uFEFF{}', '\u0000', '1e99999', '"\\ud800"', '{"a":"\\u0000"}'),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constantFrom(...POLLUTION_TEXTS),
  fc.constantFrom(1_000, 100_000).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.constantFrom(1_000, 50_000).map((n) => '{"__proto__":'.repeat(n) + '{}' + '}'.repeat(n)),
  fc.constantFrom(...HUGE_STRINGS).map((s) => JSON.stringify({ id: s, name: s, code: s, events: s })),
);

function caseArb(route: Route, auths: readonly Auth[]): fc.Arbitrary<Case> {
  const key = `${route.method} ${route.url}`;
  const schema = BODY_SCHEMAS[key];
  const qSchema = QUERY_SCHEMAS[key];
  const qKey = fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'limit', 'cursor', 'since', 'revocations', 'from', 'to', 'committee', 'compound', 'gate', 'name', 'building'),
    hostileText,
  );
  const qValue = fc.oneof(fc.constantFrom('1', '0', '-1', '1e9', 'NaN', 'Infinity', '-0', '0x10', '', '[]', '{}', '2020-02-30', ...NUMERIC_STRINGS), hostileText);
  const body: fc.Arbitrary<BodyCase> = fc.oneof(
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: schema ? 6 : 0, arbitrary: mutation('json', [1_000, 100_000]).map((m) => ({ kind: 'skeleton' as const, m })) },
    { weight: 3, arbitrary: malformedJson.map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.constantFrom(1_100_000, 17 * 1024 * 1024).map((bytes) => ({ kind: 'huge' as const, bytes })) },
    { weight: 1, arbitrary: fc.constantFrom('999999999999', '-1', 'abc', '1, 2', '18446744073709551616').map((length) => ({ kind: 'claimed' as const, length })) },
  );
  const all = allArb(route, auths, body, qKey, qValue, qSchema);
  const proper: Auth = route.url === '/v1/enrol' ? 'none' : route.url.startsWith('/v1/admin') ? 'admin' : 'gate';
  const clean = (c: Case): Case => ({ ...c, auth: proper, params: c.params.map((p) => ({ ...p, mode: 'valid' })), query: [], contentType: 'application/json', body: schema ? { kind: 'skeleton', m: { op: 'string', at: 0, value: 'x' } } : { kind: 'none' }, extraHeaders: [] });
  // Most cases change one thing in an otherwise proper request, so each layer is reached; the rest change everything.
  const focus = fc.constantFrom('auth', 'params', 'query', 'contentType', 'body', 'body', 'body', 'extraHeaders', 'all', 'all');
  return fc.tuple(focus, all).map(([f, c]) => (f === 'all' ? c : { ...clean(c), [f]: c[f as keyof Case] }));
}

function allArb(route: Route, auths: readonly Auth[], body: fc.Arbitrary<BodyCase>, qKey: fc.Arbitrary<string>, qValue: fc.Arbitrary<string>, qSchema: z.ZodType | undefined): fc.Arbitrary<Case> {
  const nParams = (route.url.match(/:[A-Za-z]+/g) ?? []).length;
  return fc.record({
    auth: fc.constantFrom(...auths),
    authHeader: forgedAuth,
    params: fc.array(fc.record({ mode: fc.constantFrom<'valid' | 'hostile'>('valid', 'valid', 'hostile'), value: hostileText }), { minLength: nParams, maxLength: nParams }),
    query: fc.oneof(
      { weight: 2, arbitrary: fc.constant([] as Array<[string, string]>) },
      { weight: qSchema ? 3 : 1, arbitrary: fc.array(fc.tuple(qKey, qValue), { maxLength: 4 }) },
      // The route's own query with one hostile change, so a value reaches the database's casts.
      ...(qSchema ? [{ weight: 4, arbitrary: mutation('json', [10]).map((m) => queryPairs(applyMutation(skeleton(qSchema), m))) }] : []),
    ),
    contentType: fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, { weight: 2, arbitrary: contentType }, { weight: 1, arbitrary: fc.constant(null) }),
    body,
    extraHeaders: fc.array(
      fc.tuple(
        fc.constantFrom('x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'host', 'content-encoding', 'transfer-encoding', 'expect', 'x-http-method-override', 'cookie', '__proto__', 'x-' + 'a'.repeat(300)),
        fc.oneof(hostileText, fc.constantFrom('gzip', 'chunked', '100-continue', 'DELETE', 'evil.example', '1.2.3.4, 5.6.7.8', 'x'.repeat(20_000))),
      ),
      { maxLength: 2 },
    ),
  });
}

/** A query object as key=value pairs (non-strings as JSON, the way a careless client would). */
function queryPairs(v: unknown): Array<[string, string]> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [['q', typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]];
  return Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : (JSON.stringify(x) ?? '')]);
}

/** Percent-encoding of the UTF-8 bytes (a lone surrogate goes as U+FFFD, as a browser sends it). */
const pct = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');
/** As typed: only what would break the request line is escaped, so '%zz', '..' and '%00' arrive raw. */
const rawish = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (b <= 0x20 || b >= 0x7f || b === 0x3f || b === 0x23 ? `%${b.toString(16).padStart(2, '0').toUpperCase()}` : String.fromCharCode(b))).join('');

/** Header values are bytes on the wire: anything goes but CR/LF, which would end the header. */
const headerSafe = (s: string) => Buffer.from(s.replace(/[\r\n]/g, ' '), 'utf8').toString('latin1');

type Fixture = { hub: TestHub; port: number; committee: string; compound: string; gate: string; gateToken: string; revokedToken: string };

function buildRequest(route: Route, c: Case, fx: Fixture): { head: Buffer; body: Buffer; description: string } {
  const valid: Record<string, string> = { committeeId: fx.committee, compoundId: fx.compound, gateId: fx.gate, id: randomUUID(), number: 'HM90001' };
  let i = 0;
  const path = route.url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const p = c.params[i++]!;
    return p.mode === 'valid' ? pct(valid[name] ?? 'x') : rawish(p.value);
  });
  const query = c.query.map(([k, v], j) => (j % 2 ? `${rawish(k)}=${rawish(v)}` : `${pct(k)}=${pct(v)}`)).join('&');
  const target = query ? `${path}?${query}` : path;
  let body = Buffer.alloc(0);
  let claimed: string | null = null;
  const key = `${route.method} ${route.url}`;
  const bodyValue = c.body.kind === 'skeleton' ? applyMutation(personalise(skeleton(BODY_SCHEMAS[key]!), fx), c.body.m) : undefined;
  if (c.body.kind === 'skeleton') body = Buffer.from(jsonText(bodyValue));
  else if (c.body.kind === 'text') body = Buffer.from(c.body.text, 'utf8');
  else if (c.body.kind === 'huge') body = Buffer.from(`{"id":"${'x'.repeat(c.body.bytes)}"}`);
  else if (c.body.kind === 'claimed') claimed = c.body.length;
  const token = { none: null, forged: c.authHeader, malformed: c.authHeader.replace(/^Bearer /, ''), admin: `Bearer ${ADMIN}`, gate: `Bearer ${fx.gateToken}`, revoked_gate: `Bearer ${fx.revokedToken}` }[c.auth];
  const lines = [`${route.method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${fx.port}`, 'Connection: close'];
  if (token !== null) lines.push(`Authorization: ${headerSafe(token)}`);
  if (c.contentType !== null && (body.length || claimed)) lines.push(`Content-Type: ${headerSafe(c.contentType)}`);
  for (const [k, v] of c.extraHeaders) if (!/^(host|transfer-encoding|content-length)$/i.test(k)) lines.push(`${k}: ${headerSafe(v)}`);
  if (claimed !== null) lines.push(`Content-Length: ${claimed}`);
  else if (body.length) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  const description = `${route.method} ${target.length > 200 ? `${target.slice(0, 200)}…` : target} auth=${c.auth} ct=${JSON.stringify(c.contentType)} body=${c.body.kind === 'skeleton' ? describeCase(bodyValue, 3_000) : describeCase(body.subarray(0, 200).toString())} headers=${describeCase(c.extraHeaders)}`;
  return { head, body: claimed !== null ? Buffer.alloc(0) : body, description };
}

let seq = 1_000;
/**
 * A skeleton that the route would take from this fixture's gate: its own gate id, a fresh event id
 * and sequence number, so a body with one hostile change reaches the database instead of stopping
 * at "not your gate" or "already have it".
 */
function personalise(v: unknown, fx: Fixture): unknown {
  if (Array.isArray(v)) return v.map((x) => personalise(x, fx));
  if (typeof v !== 'object' || v === null) return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'gateId' && typeof x === 'string') o[k] = fx.gate;
    else if (k === 'seq' && typeof x === 'number') o[k] = seq++;
    else if (k === 'id' && typeof x === 'string' && /^[0-9a-f-]{36}$/.test(x)) o[k] = randomUUID();
    else o[k] = personalise(x, fx);
  }
  return o;
}

/** md5 of every table's rows in the hub's schema, table by table. */
async function hubChecksum(hub: TestHub): Promise<Map<string, string>> {
  await hub.hub.settle();
  const tables = await hub.db.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1");
  const sql = tables.rows.map(({ t }) => `SELECT '${t}' AS t, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM "${t}" x`).join(' UNION ALL ');
  const r = await hub.db.query<{ t: string; h: string }>(sql);
  return new Map(r.rows.map((x) => [x.t, x.h]));
}

const diff = (a: Map<string, string>, b: Map<string, string>) => [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));

/** One hub for the whole file, started before the tests are collected: its routes name the tests. */
async function startFixture(): Promise<Fixture> {
  const hub = await startHub(BACKENDS.find((b) => b.name === 'pglite')!);
  const port = Number(new URL(hub.url).port);
  const c = await setupCompound(hub, ['gate-a', 'gate-gone']);
  await hub.admin('POST', `${c.base}/gates/gate-gone/revoke`);
  // Something in the tables the gate routes read: one event pushed.
  expectOk(await hub.call('POST', '/v1/events', { token: c.tokens['gate-a']!, body: { sentAt: new Date().toISOString(), events: [entryEvent({ gateId: 'gate-a', seq: 1 })] } }));
  await hub.hub.app.ready();
  return { hub, port, committee: c.committee, compound: c.compound, gate: 'gate-a', gateToken: c.tokens['gate-a']!, revokedToken: c.tokens['gate-gone']! };
}
let fx = await startFixture();
const routes = registeredRoutes(fx.hub.hub.app.printRoutes({ commonPrefix: false }));

describe('hub routes under hostile requests (PGlite)', () => {
  const errors: unknown[] = [];
  const onErr = (e: unknown) => errors.push(e);
  const violations = new Map<string, string>();
  const counts = { cases: 0, refused: 0, accepted: 0, partialWrites: 0, fiveHundreds: 0, statuses: {} as Record<string, number>, codes: {} as Record<string, number> };

  beforeAll(() => {
    process.on('unhandledRejection', onErr);
    process.on('uncaughtException', onErr);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onErr);
    process.off('uncaughtException', onErr);
    await fx.hub.close();
  });

  /** A valid call may revoke or replace the fixture's gate token: enrol a fresh gate when it has. */
  async function keepGateToken(): Promise<void> {
    const r = await fx.hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM gate_token WHERE token_hash = $1 AND revoked_at IS NULL', [createHash('sha256').update(fx.gateToken).digest('hex')]);
    if (Number(r.rows[0]?.n) > 0) return;
    const c = await setupCompound(fx.hub, [`gate-${randomUUID().slice(0, 8)}`], { committee: fx.committee });
    fx = { ...fx, compound: c.compound, gate: Object.keys(c.tokens)[0]!, gateToken: Object.values(c.tokens)[0]! };
  }

  it('reads the registered routes at run time', () => {
    expect(routes.length).toBeGreaterThan(10);
    const unknown = routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && !BODY_SCHEMAS[`${r.method} ${r.url}`]);
    if (unknown.length) console.log(`hub routes fuzz: no body skeleton for ${unknown.map((r) => `${r.method} ${r.url}`).join(', ')} (generic hostile bodies only)`);
  });

  let lastSum: Map<string, string> | null = null;
  it.each(routes.map((r) => [`${r.method} ${r.url}`, r] as const))('%s: answered below 500; a refusal is a typed 4xx that writes nothing; nothing polluted or crashed', async (_name, route) => {
    {
      const gateRoute = !route.url.startsWith('/v1/admin') && route.url !== '/v1/enrol';
      const auths: Auth[] = route.url === '/v1/enrol' ? ['none', 'forged', 'admin'] : gateRoute ? ['none', 'forged', 'malformed', 'revoked_gate', 'admin', 'gate', 'gate'] : ['none', 'forged', 'malformed', 'gate', 'admin', 'admin'];
      await fc.assert(
        fc.asyncProperty(caseArb(route, auths), async (c) => {
          const req = buildRequest(route, c, fx);
          // A refused case was just shown to change nothing, so its "after" is the next "before".
          const before = lastSum ?? (await hubChecksum(fx.hub));
          lastSum = null;
          const errorsBefore = errors.length;
          const res = await rawRequest(fx.port, req.head, req.body);
          counts.cases++;
          counts.statuses[res.status] = (counts.statuses[res.status] ?? 0) + 1;
          // Violations are collected, not thrown, so one run shows every kind of problem at once.
          const fail = (problem: string): void => {
            const kind = problem.startsWith("status") ? `${route.method} ${route.url}: ${problem}` : problem;
            if (!violations.has(kind)) violations.set(kind, `${problem}\n  request: ${req.description}\n  answer: ${res.status} ${describeCase(res.body.toString('utf8'))}`);
          };
          if (!(res.status >= 200 && res.status < 500)) {
            if (res.status >= 500) counts.fiveHundreds++;
            fail(`status ${res.status}`);
          }
          if (res.status >= 400) {
            counts.refused++;
            let json: { error?: { code?: unknown; message?: unknown } } | null;
            try {
              json = JSON.parse(res.body.toString('utf8')) as { error?: { code?: unknown; message?: unknown } } | null;
            } catch {
              json = null;
            }
            if (typeof json?.error?.code !== 'string' || typeof json.error.message !== 'string') fail(`a ${res.status} refusal without the hub's {error:{code,message}} body`);
            const code = String(json?.error?.code ?? `untyped_${res.status}`);
            counts.codes[code] = (counts.codes[code] ?? 0) + 1;
            const after = await hubChecksum(fx.hub);
            const changed = diff(before, after);
            lastSum = after;
            if (changed.length) {
              counts.partialWrites++;
              fail(`refused (${res.status} ${code}) but wrote to ${changed.join(', ')}`);
            }
          } else {
            counts.accepted++;
            await keepGateToken();
          }
          if (prototypePolluted().length) fail(`Object.prototype polluted: ${prototypePolluted().join(', ')}`);
          if (errors.length > errorsBefore) fail(`unhandled error in the hub process: ${String(errors[errorsBefore])}`);
        }),
        { numRuns: RUNS * auths.length },
      );
    }
    expect(errors).toEqual([]);
  }, 600_000);

  it('prints the counts, and every violation seen', () => {
    const statuses = Object.entries(counts.statuses).map(([k, v]) => `${k}: ${v}`).join(', ');
    const codes = Object.entries(counts.codes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${v}`).join(', ');
    reportCount(
      `hub routes fuzz: ${routes.length} routes × ${RUNS} per auth state = ${counts.cases.toLocaleString('en')} cases ` +
        `(${counts.refused} refused, ${counts.accepted} accepted), ${counts.fiveHundreds} 5xx, ${errors.length} crashes, ${counts.partialWrites} partial writes, ` +
        `statuses: {${statuses}}, codes: {${codes}}`,
    );
    expect([...violations.values()]).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('text PostgreSQL cannot store (NUL, a lone surrogate) is a typed 400 naming the event, not a 500 the gate would retry forever', async () => {
    await keepGateToken();
    const good = entryEvent({ gateId: fx.gate, seq: seq++ });
    const nul = entryEvent({ gateId: fx.gate, seq: seq++, payload: { credential: 'HM9\u00000001' } });
    const before = await hubChecksum(fx.hub);
    const push = await fx.hub.call('POST', '/v1/events', { token: fx.gateToken, body: { sentAt: new Date().toISOString(), events: [good, nul] } });
    expect(push.status).toBe(400);
    expect(push.json.error, push.text).toMatchObject({ code: 'invalid_event', index: 1 });
    // JSON.stringify writes a lone surrogate as the escape \ud800, which jsonb refuses.
    const lone = await fx.hub.call('POST', '/v1/events', { token: fx.gateToken, body: { sentAt: new Date().toISOString(), events: [entryEvent({ gateId: fx.gate, seq: seq++, payload: { residentNameMasked: '张\ud800' } })] } });
    expect(lone.status).toBe(400);
    expect(lone.json.error).toMatchObject({ code: 'invalid_event', index: 0 });
    const base = `/v1/admin/committees/${fx.committee}/compounds/${fx.compound}`;
    const roster = await fx.hub.admin('PUT', `${base}/roster`, { mode: 'replace', rows: [{ building: '1', unit: '1', room: '101', name: '张\u0000伟', phone: '13900000001', idNumber: '', residency: 'owner', passNumber: 'HM90001', status: 'black' }] });
    expect(roster.status).toBe(400);
    expect(diff(before, await hubChecksum(fx.hub))).toEqual([]);
  });

  it('a cursor with more digits than the database column holds is a typed 400 (it was a 500), and the gate is not marked seen', async () => {
    await keepGateToken();
    const before = await hubChecksum(fx.hub);
    for (const q of ['cursor=99999999999999999999.1', 'revocations=1.99999999999999999999', 'cursor=x', 'cursor=1.x']) {
      const r = await fx.hub.call('GET', `/v1/changes?${q}`, { token: fx.gateToken });
      expect(r.status, r.text).toBe(400);
      expect(r.json.error.code).toBe('invalid_query');
    }
    const p = await fx.hub.call('GET', '/v1/presence?since=18446744073709551616.0', { token: fx.gateToken });
    expect(p.status, p.text).toBe(400);
    expect(diff(before, await hubChecksum(fx.hub))).toEqual([]);
    const edge = await fx.hub.call('GET', '/v1/changes?cursor=18446744073709551615.9223372036854775807', { token: fx.gateToken });
    expect(edge.status, edge.text).toBe(200);
  });

  it('still answers valid calls afterwards', async () => {
    await keepGateToken();
    const gates = await fx.hub.admin('GET', '/v1/admin/gates');
    expect(gates.status).toBe(200);
    const changes = await fx.hub.call('GET', '/v1/changes', { token: fx.gateToken });
    expect(changes.status).toBe(200);
  });
});
