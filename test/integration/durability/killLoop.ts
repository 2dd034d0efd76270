/**
 * The kill loop (issue 8, item 1), shared by the CI test (killLoop.test.ts) and the soak
 * (`npm run soak:kill`, scripts/soak-kill.mjs): one gate process (test/integration/sync/gateChild.ts)
 * checks people at full speed — no pause between checks — while its sync loop pushes to a hub
 * process through a counting relay; the parent SIGKILLs it after a random delay, inspects the data
 * folder the dead process left, and starts it again on the same folder. After the last kill the gate
 * converges once and the hub is counted.
 *
 * After every kill, on the files the killed process left (opened read-only, before the restart):
 *  - `PRAGMA integrity_check` is ok;
 *  - every check the child acknowledged (`ACK <entry id>`, printed only after `check:scan` returned
 *    ok with that id) is in entry_log, not quarantined, so it is either after the acknowledged mark
 *    (pending) or at or before it (taken by the hub);
 *  - no entry id appears twice, the mark never moves back, and at most one check per life is
 *    committed but not acknowledged (the kill fell between the COMMIT and the printed line).
 * Each restart also reports the product's own connection settings (`DURABLE wal 2`): every reopen by
 * openDatabase is WAL with synchronous=FULL.
 *
 * The child is bundled once per run with esbuild (which vite brings): `node --import tsx` spends
 * ~0.5–0.8 s per start compiling TypeScript, the bundle starts in ~0.15 s, and child start is most of
 * a cycle's cost.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { DATABASE_FILE } from '../../../src/main/runtime/startGate';
import { SMALL_ROSTER } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';
import { ADMIN, expectOk, hubClient, setupCompound } from '../../hub/helpers';
import { spawnIsolatedHub } from '../sync/isolatedHub';

const ROOT = join(__dirname, '..', '..', '..');
const GATE_ID = 'gate-kill';
const EARLY_MS = 20;

export type KillLoopOptions = {
  cycles: number;
  /** The hub on PostgreSQL (PG_URL) instead of PGlite. */
  postgres: boolean;
  seed: number;
  /**
   * Each kill lands uniformly in [minDelayMs, maxDelayMs] after the child printed READY, except one
   * in four, which lands in the first EARLY_MS: the first checks of a life, right after the reopen.
   */
  minDelayMs: number;
  maxDelayMs: number;
  /** Run the child with `node --import tsx` instead of the bundle (to measure the difference). */
  tsx?: boolean;
  log?: (msg: string) => void;
};

export type KillLoopResult = {
  cycles: number;
  kills: number;
  killsMidPush: number;
  /** Lives in which the child acknowledged nothing before it was killed. */
  killsBeforeFirstAck: number;
  acked: number;
  /** Acknowledged checks missing from entry_log (or quarantined) after a kill or at the end. */
  lost: number;
  integrityFailures: number;
  /** Checks committed in a life but never acknowledged: kills between COMMIT and the ACK line. */
  committedUnacked: number;
  maxUnackedPerCycle: number;
  localDuplicates: number;
  markRegressions: number;
  /** Restarts whose product connection was not WAL + synchronous=FULL. */
  notDurable: number;
  /** Final local log and hub counts. */
  localEvents: number;
  hubEvents: number;
  hubDistinct: number;
  hubDuplicates: number;
  /** Committed locally, not at the hub after convergence. */
  missingAtHub: number;
  /** At the hub but never committed at the gate. */
  extrasAtHub: number;
  backlogAfterConverge: number;
  quarantined: number;
  pushes: number;
  childStartMs: { p50: number; max: number };
  wallS: number;
  seed: number;
  problems: string[];
};

type Child = {
  proc: ChildProcess;
  lines: string[];
  /** Resolves at READY, or when the child ends without it. */
  ready: Promise<void>;
  /** Resolves when the process is gone and its stdout fully read. */
  closed: Promise<void>;
  acks: string[];
  durable: string | null;
};

/** A plain HTTP relay gate → hub that knows whether a push (POST /v1/events…) is unanswered right now. */
async function startRelay(
  upstreamPort: number,
): Promise<{ url: string; pushesInFlight(): number; pushes: number; close(): Promise<void> }> {
  let inflight = 0;
  const sockets = new Set<net.Socket>();
  const relay = {
    url: '',
    pushes: 0,
    pushesInFlight: () => inflight,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = http.createServer((req, res) => {
    const push = req.method === 'POST' && (req.url ?? '').startsWith('/v1/events');
    if (push) {
      inflight += 1;
      relay.pushes += 1;
    }
    let done = false;
    const finish = (): void => {
      if (push && !done) inflight -= 1;
      done = true;
    };
    // Answered, or the gate is gone: either way this push is no longer in flight for the gate.
    res.once('finish', finish);
    res.once('close', finish);
    // The upstream request is never aborted when the gate dies: the hub commits a push the gate never
    // hears about, which is the case a mid-push kill is meant to produce.
    const up = http.request(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  relay.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return relay;
}

function bundleChild(outDir: string): string {
  const outfile = join(outDir, 'gateChild.cjs');
  buildSync({
    entryPoints: [join(ROOT, 'test/integration/sync/gateChild.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

function spawnChild(cmd: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, cmd, {
    cwd: ROOT,
    // NODE_PATH: the bundle lives in a temp folder but requires the repository's packages.
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), GATE_ROOT: ROOT, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child: Child = {
    proc,
    lines: [],
    acks: [],
    durable: null,
    ready: Promise.resolve(),
    closed: Promise.resolve(),
  };
  let markReady: () => void = () => {};
  child.ready = new Promise<void>((r) => (markReady = r));
  let buf = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.startsWith('ACK ')) child.acks.push(line.slice(4));
      else {
        child.lines.push(line);
        if (line.startsWith('DURABLE ')) child.durable = line.slice(8);
        if (line === 'READY') markReady();
      }
    }
  });
  proc.stderr!.on('data', (d: Buffer) => child.lines.push(`stderr: ${d.toString().trim()}`));
  // 'close', not 'exit': after 'close' every line the child wrote before it died has been read.
  child.closed = new Promise<void>((r) => proc.once('close', () => r()));
  void child.closed.then(() => markReady());
  return child;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Snapshot = {
  integrity: string;
  ids: Array<{ id: string; seq: number }>;
  count: number;
  mark: number;
  quarantined: number;
};

/** Reads the data folder the killed child left, without writing to it. */
function inspect(file: string, afterSeq: number): Snapshot {
  const db = new Database(file, { readonly: true });
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>)
      .map((r) => r.integrity_check)
      .join('; ');
    const ids = db
      .prepare<[number], { id: string; seq: number }>(
        'SELECT id, seq FROM entry_log WHERE seq > ? ORDER BY seq',
      )
      .all(afterSeq);
    const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM entry_log').get()!.n;
    const mark = db.prepare<[], { m: number }>('SELECT acked_seq AS m FROM sync_state WHERE id = 1').get()!.m;
    const quarantined = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sync_quarantine').get()!.n;
    return { integrity, ids, count, mark, quarantined };
  } finally {
    db.close();
  }
}

export async function runKillLoop(o: KillLoopOptions): Promise<KillLoopResult> {
  const log = o.log ?? (() => {});
  const t0 = Date.now();
  const cleanups: Array<() => Promise<void> | void> = [];
  const problems: string[] = [];
  const problem = (p: string): void => {
    if (problems.length < 50) problems.push(p);
  };
  try {
    const tmp = tempDir('gatehouse-killloop-');
    cleanups.push(() => tmp.cleanup());
    const cmd = o.tsx
      ? ['--import', 'tsx', join(ROOT, 'test/integration/sync/gateChild.ts')]
      : [bundleChild(tmp.dir)];

    const hub = await spawnIsolatedHub({ postgres: o.postgres, dir: join(tmp.dir, 'hub'), onCleanup: (fn) => cleanups.push(fn) });
    const relay = await startRelay(hub.port);
    cleanups.push(() => relay.close());
    const api = hubClient(hub.url);
    const c = await setupCompound(api, []);
    expectOk(await api.admin('PUT', `${c.base}/roster`, { rows: SMALL_ROSTER }));
    const created = expectOk(await api.admin('POST', `${c.base}/gates`, { id: GATE_ID, name: GATE_ID }));

    const dataDir = join(tmp.dir, 'gate');
    const dbFile = join(dataDir, DATABASE_FILE);
    const env = (mode: 'run' | 'converge', extra: Record<string, string> = {}): Record<string, string> => ({
      GATE_DIR: dataDir,
      GATE_ID,
      COMPOUND_ID: c.compound,
      PROXY_URL: relay.url,
      MODE: mode,
      CHECK_PAUSE_MS: '0',
      SYNC_BATCH: '200',
      ...extra,
    });
    let current: Child | null = null;
    cleanups.push(async () => {
      if (current && current.proc.exitCode === null && current.proc.signalCode === null)
        current.proc.kill('SIGKILL');
      await current?.closed;
    });
    const startTimes: number[] = [];
    let notDurable = 0;
    const launch = async (extra: Record<string, string> = {}): Promise<Child> => {
      const t = Date.now();
      const child = spawnChild(cmd, env('run', extra));
      current = child;
      await child.ready;
      startTimes.push(Date.now() - t);
      if (child.proc.exitCode !== null || child.proc.signalCode !== null)
        throw new Error(`gate child did not start:\n${child.lines.slice(-20).join('\n')}`);
      if (child.durable !== 'wal 2') {
        notDurable += 1;
        problem(
          `restart ${startTimes.length}: product connection is "${child.durable ?? 'unknown'}", not "wal 2"`,
        );
      }
      return child;
    };

    let rnd = o.seed >>> 0 || 1;
    const random = (): number => (rnd = (Math.imul(rnd, 1664525) + 1013904223) >>> 0) / 4294967296;

    const known = new Set<string>();
    const allAcked: string[] = [];
    let lastSeq = 0;
    let lastMark = 0;
    let kills = 0;
    let killsMidPush = 0;
    let killsBeforeFirstAck = 0;
    let lost = 0;
    let integrityFailures = 0;
    let committedUnacked = 0;
    let maxUnackedPerCycle = 0;
    let localDuplicates = 0;
    let markRegressions = 0;

    let child = await launch({ HUB_QR: created.json.enrolment.qr as string });
    for (let cycle = 1; cycle <= o.cycles; cycle++) {
      const early = random() < 0.25;
      await sleep(early ? random() * EARLY_MS : o.minDelayMs + random() * (o.maxDelayMs - o.minDelayMs));
      if (child.proc.exitCode !== null || child.proc.signalCode !== null) {
        throw new Error(
          `cycle ${cycle}: the gate child ended by itself:\n${child.lines.slice(-20).join('\n')}`,
        );
      }
      const midPush = relay.pushesInFlight() > 0;
      child.proc.kill('SIGKILL');
      await child.closed;
      kills += 1;
      if (midPush) killsMidPush += 1;
      if (child.acks.length === 0) killsBeforeFirstAck += 1;

      const snap = inspect(dbFile, lastSeq);
      if (snap.integrity !== 'ok') {
        integrityFailures += 1;
        problem(`cycle ${cycle}: integrity_check: ${snap.integrity.slice(0, 200)}`);
      }
      const fresh = new Set<string>();
      for (const r of snap.ids) {
        if (known.has(r.id) || fresh.has(r.id)) {
          localDuplicates += 1;
          problem(`cycle ${cycle}: entry ${r.id} twice in entry_log`);
        }
        fresh.add(r.id);
        lastSeq = r.seq;
      }
      for (const id of fresh) known.add(id);
      // Rows of earlier lives still there: the log only grows, so the count must be what we have seen.
      if (snap.count !== known.size) {
        problem(`cycle ${cycle}: entry_log holds ${snap.count} rows, ${known.size} seen so far`);
        lost += Math.max(0, known.size - snap.count);
      }
      const acks = new Set(child.acks);
      for (const id of child.acks) {
        allAcked.push(id);
        if (!known.has(id)) {
          lost += 1;
          problem(`cycle ${cycle}: acknowledged check ${id} not in entry_log`);
        }
      }
      let unacked = 0;
      for (const id of fresh) if (!acks.has(id)) unacked += 1;
      committedUnacked += unacked;
      maxUnackedPerCycle = Math.max(maxUnackedPerCycle, unacked);
      if (unacked > 1)
        problem(`cycle ${cycle}: ${unacked} checks committed but not acknowledged in one life`);
      if (snap.mark < lastMark) {
        markRegressions += 1;
        problem(`cycle ${cycle}: acknowledged mark went back from ${lastMark} to ${snap.mark}`);
      }
      if (snap.mark > lastSeq)
        problem(`cycle ${cycle}: acknowledged mark ${snap.mark} beyond the last entry ${lastSeq}`);
      lastMark = snap.mark;
      if (snap.quarantined !== 0) problem(`cycle ${cycle}: ${snap.quarantined} events quarantined`);

      if (cycle % 50 === 0 || cycle === o.cycles)
        log(
          `kill-loop: cycle ${cycle}/${o.cycles}, ${allAcked.length} acknowledged, ${killsMidPush} mid-push, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
        );
      if (cycle < o.cycles) child = await launch();
    }

    // ── Convergence: one more life that syncs until nothing is left, then the hub is counted ──
    type Converged = { status: { backlog: number; quarantined: number; lastError: unknown }; ids: string[] };
    const conv = spawnChild(cmd, env('converge', { SYNC_BATCH: '1000' }));
    current = conv;
    await conv.closed;
    const line = conv.lines.find((l) => l.startsWith('CONVERGED '));
    const converged = line ? (JSON.parse(line.slice(10)) as Converged) : null;
    if (!converged) throw new Error(`the gate did not converge:\n${conv.lines.slice(-20).join('\n')}`);

    const final = inspect(dbFile, 0);
    if (final.integrity !== 'ok') {
      integrityFailures += 1;
      problem(`after convergence: integrity_check: ${final.integrity.slice(0, 200)}`);
    }
    const local = new Set(final.ids.map((r) => r.id));
    for (const id of known) if (!local.has(id)) problem(`after convergence: entry ${id} gone from entry_log`);
    const finalLost = allAcked.filter((id) => !local.has(id)).length;
    lost = Math.max(lost, finalLost);

    const csv = await api.call('GET', `/v1/admin/export/entries.csv?compound=${c.compound}&gate=${GATE_ID}`, {
      token: ADMIN,
    });
    if (csv.status !== 200) throw new Error(`hub export: ${csv.status} ${csv.text.slice(0, 200)}`);
    const atHub = csv.text
      .split('\r\n')
      .filter(Boolean)
      .slice(1)
      .map((l) => l.split(',')[0]!.replace(/"/g, ''));
    const hubCount = new Map<string, number>();
    for (const id of atHub) hubCount.set(id, (hubCount.get(id) ?? 0) + 1);
    const hubDuplicates = [...hubCount.values()].filter((n) => n > 1).length;
    const missingAtHub = [...local].filter((id) => !hubCount.has(id)).length;
    const extrasAtHub = [...hubCount.keys()].filter((id) => !local.has(id)).length;
    const ackedMissingAtHub = allAcked.filter((id) => !hubCount.has(id)).length;
    if (hubDuplicates) problem(`hub: ${hubDuplicates} events more than once`);
    if (missingAtHub)
      problem(`hub: ${missingAtHub} committed events missing (${ackedMissingAtHub} of them acknowledged)`);
    if (extrasAtHub) problem(`hub: ${extrasAtHub} events the gate never committed`);
    if (
      converged.status.backlog !== 0 ||
      converged.status.quarantined !== 0 ||
      converged.status.lastError !== null
    )
      problem(
        `converge: backlog ${converged.status.backlog}, quarantined ${converged.status.quarantined}, error ${JSON.stringify(converged.status.lastError)}`,
      );

    const sorted = [...startTimes].sort((a, b) => a - b);
    return {
      cycles: o.cycles,
      kills,
      killsMidPush,
      killsBeforeFirstAck,
      acked: allAcked.length,
      lost,
      integrityFailures,
      committedUnacked,
      maxUnackedPerCycle,
      localDuplicates,
      markRegressions,
      notDurable,
      localEvents: local.size,
      hubEvents: atHub.length,
      hubDistinct: hubCount.size,
      hubDuplicates,
      missingAtHub,
      extrasAtHub,
      backlogAfterConverge: converged.status.backlog,
      quarantined: converged.status.quarantined,
      pushes: relay.pushes,
      childStartMs: { p50: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted.at(-1) ?? 0 },
      wallS: (Date.now() - t0) / 1000,
      seed: o.seed,
      problems,
    };
  } finally {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => undefined);
  }
}

/** Every way the run falls short, including a run too thin to prove anything; empty means it passed. */
export function verifyKillLoop(r: KillLoopResult): string[] {
  const out = [...r.problems];
  if (r.lost) out.push(`${r.lost} acknowledged checks lost`);
  if (r.integrityFailures) out.push(`${r.integrityFailures} integrity failures`);
  if (r.localDuplicates || r.hubDuplicates)
    out.push(`${r.localDuplicates} local and ${r.hubDuplicates} hub duplicates`);
  if (r.maxUnackedPerCycle > 1)
    out.push(`up to ${r.maxUnackedPerCycle} committed-unacknowledged checks in one life`);
  if (r.notDurable) out.push(`${r.notDurable} restarts not WAL + synchronous=FULL`);
  if (r.hubDistinct !== r.localEvents || r.missingAtHub || r.extrasAtHub)
    out.push(`hub holds ${r.hubDistinct} distinct events, the gate committed ${r.localEvents}`);
  if (r.kills !== r.cycles) out.push(`${r.kills} kills for ${r.cycles} cycles`);
  // A run that proves nothing fails too: checks must have been acknowledged across lives, and some
  // kills must have caught a push unanswered.
  if (r.acked < r.cycles) out.push(`only ${r.acked} checks acknowledged in ${r.cycles} cycles`);
  if (r.killsMidPush === 0) out.push('no kill landed while a push was in flight');
  return out;
}

const n = (x: number): string => x.toLocaleString('en-US');

export function killLoopSummary(r: KillLoopResult): string {
  return (
    `kill-loop: ${n(r.cycles)} cycles, ${n(r.acked)} checks acknowledged, ${n(r.lost)} lost, ` +
    `${n(r.integrityFailures)} integrity failures, ${n(r.committedUnacked)} committed-unacked (max ${r.maxUnackedPerCycle} per cycle), ` +
    `hub ${n(r.hubDistinct)} events exactly once, ${n(r.hubDuplicates + r.localDuplicates)} duplicates, ` +
    `${n(r.killsMidPush)} kills mid-push, ${n(r.killsBeforeFirstAck)} kills before the first ack, ` +
    `${n(r.pushes)} pushes, child start p50 ${r.childStartMs.p50} ms, ${r.wallS.toFixed(0)} s, seed ${r.seed}`
  );
}
