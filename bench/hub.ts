/**
 * `node --import tsx bench/hub.ts` — the committee hub on real PostgreSQL:
 *
 * 1. push: 100,000 events through the hub's push path (HTTP to Fastify on 127.0.0.1, batches of
 *    1,000: JSON parse, zod validation, idempotent insert and passage log, COMMIT, ack), side by
 *    side in the same run with a raw multi-row INSERT of the same rows through `pg` into an
 *    identical table. Batches alternate between the two so both share the machine's noise; the
 *    hub's post-processing (presence, reviews) is finished between them and reported separately.
 *    Goal: hub ≥ 50 % of raw.
 * 2. pull: a 50,000-resident roster from the hub into a fresh gate database through the gate's
 *    sync client (one SQLite transaction). Goal: ≤ 3 s.
 *
 * Knobs: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_EVENTS,
 * BENCH_RESIDENTS, BENCH_NO_RECORD=1 (print only). Each run uses throw-away schemas.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openHubDb } from '../src/hub/db';
import { migrateHub } from '../src/hub/migrations';
import { buildHub } from '../src/hub/server';
import { openDatabase } from '../src/main/store/db';
import { RosterStore } from '../src/main/store/roster';
import { HubClient } from '../src/main/sync/hubClient';
import { Puller } from '../src/main/sync/pull';
import { SyncStateStore } from '../src/main/sync/state';
import type { SyncEvent } from '../src/shared/sync';

type EntryEvent = Extract<SyncEvent, { kind: 'entry' }>;

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 50_000);
const BATCH = 1000;
const ADMIN = 'bench-admin-token-0123456789';
const ROOT = join(__dirname, '..');

function events(gateId: string): EntryEvent[] {
  const people = Array.from({ length: 5000 }, () => randomUUID());
  const t0 = Date.UTC(2020, 1, 10);
  return Array.from({ length: EVENTS }, (_, i) => {
    const at = new Date(t0 + i * 2_000).toISOString();
    const known = i % 10 < 7;
    return {
      id: randomUUID(),
      gateId,
      seq: i + 1,
      occurredAt: at,
      kind: 'entry',
      payload: {
        direction: i % 2 ? 'out' : 'in',
        credential: `HM${String(i % 50_000).padStart(5, '0')}`,
        credentialSource: 'wedge',
        passId: null,
        residentId: known ? people[i % people.length]! : null,
        householdId: null,
        building: String(1 + (i % 40)),
        unit: '1',
        room: String(101 + (i % 30)),
        residentNameMasked: '张*明',
        statusCode: 'black',
        tempObjectC: 36.5,
        tempBodyC: 36.5,
        tempDevice: 'ir-1',
        tempSource: 'device',
        readings: [{ celsius: 36.5, source: 'device', at, deviceId: 'ir-1' }],
        decision: known ? 'admit' : 'deny',
        reasons: known ? [] : ['unknown_pass'],
        alert: false,
        staff: ['王保安', '李志愿'],
        startedAt: at,
        recordedAt: at,
      },
    };
  });
}

const COLUMNS = 'committee_id, compound_id, gate_id, event_id, seq, kind, occurred_at, received_at, clock_skew_ms, resident_id, direction, decision, payload';

/** The raw baseline: one multi-row INSERT per batch, same columns, same table definition. */
function rawStatement(batch: EntryEvent[], key: [string, string, string]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const rows = batch.map((e) => {
    const base = values.length;
    values.push(...key, e.id, e.seq, e.kind, e.occurredAt, new Date(), 0, e.payload.residentId, e.payload.direction, e.payload.decision, JSON.stringify(e.payload));
    return `(${Array.from({ length: 13 }, (_, k) => `$${base + k + 1}`).join(', ')})`;
  });
  return { text: `INSERT INTO event (${COLUMNS}) VALUES ${rows.join(', ')}`, values };
}

async function post(url: string, token: string, body: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return res.json();
}

async function main(): Promise<void> {
  const suffix = randomUUID().slice(0, 8);
  const hubSchema = `bench_hub_${suffix}`;
  const rawSchema = `bench_raw_${suffix}`;
  const admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  const tmp = mkdtempSync(join(tmpdir(), 'gatehouse-hubbench-'));
  try {
    const hub = await buildHub({ databaseUrl: URL, schema: hubSchema, adminToken: ADMIN, log: () => {} });
    const hubUrl = await hub.listen(0);
    const rawDb = await openHubDb({ databaseUrl: URL, schema: rawSchema, poolSize: 1 });
    await migrateHub(rawDb);
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${hubUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => {
        if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
        return r.json() as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
      });
    await api('POST', '/v1/admin/committees', { id: 'bench', name: '基准居委' });
    await api('POST', '/v1/admin/committees/bench/compounds', { id: 'bench-compound', name: '基准小区' });
    const base = '/v1/admin/committees/bench/compounds/bench-compound';
    const enrol = async (gate: string): Promise<string> => {
      const created = await api('POST', `${base}/gates`, { id: gate, name: gate });
      return (await api('POST', '/v1/enrol', { code: created.enrolment.code })).token as string;
    };
    const token = await enrol('gate-bench');

    // ── push ──
    const all = events('gate-bench');
    const bodies: string[] = [];
    const raws: Array<{ text: string; values: unknown[] }> = [];
    for (let i = 0; i < all.length; i += BATCH) {
      const batch = all.slice(i, i + BATCH);
      bodies.push(JSON.stringify({ sentAt: new Date().toISOString(), events: batch }));
      raws.push(rawStatement(batch, ['bench', 'bench-compound', 'gate-bench']));
    }
    console.log(`pushing ${all.length.toLocaleString('en')} events, hub and raw batches interleaved…`);
    let hubMs = 0;
    let postMs = 0;
    let rawMs = 0;
    for (let b = 0; b < bodies.length; b++) {
      const t0 = performance.now();
      await post(`${hubUrl}/v1/events`, token, bodies[b]!);
      const t1 = performance.now();
      // Presence and reviews run after the acknowledgement; finish them here so they neither hide
      // in the raw path's time nor go uncounted.
      await hub.settle();
      const t2 = performance.now();
      await rawDb.query(raws[b]!.text, raws[b]!.values);
      const t3 = performance.now();
      hubMs += t1 - t0;
      postMs += t2 - t1;
      rawMs += t3 - t2;
    }
    const stored = await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM event');
    if (stored.rows[0]?.n !== all.length) throw new Error(`hub stored ${stored.rows[0]?.n} of ${all.length}`);
    const replayT0 = performance.now();
    await post(`${hubUrl}/v1/events`, token, bodies[0]!);
    const replayMs = performance.now() - replayT0;
    const hubRate = all.length / (hubMs / 1000);
    const fullRate = all.length / ((hubMs + postMs) / 1000);
    const rawRate = all.length / (rawMs / 1000);

    // ── pull ──
    const rows = Array.from({ length: RESIDENTS }, (_, i) => {
      const household = Math.floor(i / 3);
      return {
        building: String(1 + (household % 40)),
        unit: String(1 + (Math.floor(household / 40) % 4)),
        room: String(101 + Math.floor(household / 160)),
        name: `居民${i}`,
        phone: `139${String(i).padStart(8, '0')}`,
        idNumber: '',
        residency: i % 5 === 0 ? 'renter' : 'owner',
        passNumber: `BP${String(i).padStart(6, '0')}`,
        status: i % 50 === 0 ? 'orange' : 'black',
      };
    });
    const up0 = performance.now();
    await api('PUT', `${base}/roster`, { rows });
    const uploadMs = performance.now() - up0;
    const gateToken = await enrol('gate-fresh');
    const db = openDatabase(join(tmp, 'gatehouse.sqlite'));
    new RosterStore(db).ensureCompound({ compoundId: 'bench-compound', compoundName: 'x', gateId: 'gate-fresh', gateName: 'x', now: new Date().toISOString() });
    new SyncStateStore(db).enrol({ hubUrl, token: gateToken, committeeId: 'bench', at: new Date().toISOString() });
    const puller = new Puller(db, { compoundId: 'bench-compound', clock: { now: () => new Date() } });
    const p0 = performance.now();
    const pulled = await puller.pull(new HubClient({ baseUrl: hubUrl, token: gateToken }));
    const pullMs = performance.now() - p0;
    const counts = new RosterStore(db).counts();
    if (counts.residents !== RESIDENTS) throw new Error(`gate has ${counts.residents} residents, expected ${RESIDENTS}`);
    db.close();
    await hub.close();
    await rawDb.close();

    const cpu = cpus()[0]?.model ?? 'unknown';
    const machine = `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
    const pgVersion = (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '?';
    const lines = [
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — committee hub — ${machine}`,
      '',
      `PostgreSQL ${pgVersion} on 127.0.0.1; ${all.length.toLocaleString('en')} events in batches of ${BATCH}, hub and raw batches interleaved.`,
      '',
      '| path | total s | events/s |',
      '|---|---|---|',
      `| hub push (what a gate waits for): HTTP → zod → idempotent INSERT + passage log → COMMIT → ack | ${(hubMs / 1000).toFixed(2)} | ${Math.round(hubRate).toLocaleString('en')} |`,
      `| hub push + post-processing (presence feed, double-entry reviews) | ${((hubMs + postMs) / 1000).toFixed(2)} | ${Math.round(fullRate).toLocaleString('en')} |`,
      `| raw pg multi-row INSERT, same rows, same table | ${(rawMs / 1000).toFixed(2)} | ${Math.round(rawRate).toLocaleString('en')} |`,
      `| hub / raw | | ${((hubRate / rawRate) * 100).toFixed(0)} % push only, ${((fullRate / rawRate) * 100).toFixed(0)} % with post-processing (goal ≥ 50 %) |`,
      '',
      `Replaying one acknowledged batch of ${BATCH} (all duplicates): ${replayMs.toFixed(0)} ms.`,
      `Roster: upload of ${RESIDENTS.toLocaleString('en')} residents to the hub ${(uploadMs / 1000).toFixed(2)} s; ` +
        `pull into a fresh gate database ${(pullMs / 1000).toFixed(2)} s (goal ≤ 3 s): ${pulled.changes.toLocaleString('en')} changes in ${pulled.pages} pages, one SQLite transaction.`,
      '',
    ];
    console.log(lines.join('\n'));
    if (!process.env.BENCH_NO_RECORD) {
      const file = join(ROOT, 'bench/RESULTS.md');
      // Another bench may have ended the file without a blank line; a heading needs one before it.
      const gap = existsSync(file) && !readFileSync(file, 'utf8').endsWith('\n\n') ? '\n' : '';
      appendFileSync(file, `${gap}${lines.join('\n')}\n`);
    }
  } finally {
    for (const s of [hubSchema, rawSchema]) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
