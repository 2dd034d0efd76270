/**
 * Gate kill -9 mid-sync, end to end, shared by the CI test (gateKill.test.ts) and the soak script
 * (scripts/soak-sync.mjs): gates run as child processes (gateChild.ts) and push through the fault
 * proxy to a hub process; each gate is SIGKILLed at random moments — half of them while one of its
 * pushes is at the hub — and started again on the same data folder, while the committee keeps
 * changing the roster. Then the faults stop, each gate converges in a last run, and `verify` lists
 * every way the result differs from "each check the gate acknowledged is at the hub exactly once,
 * and each gate holds the hub's roster cursor".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SMALL_ROSTER } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';
import { ADMIN, expectOk, hubClient, setupCompound } from '../../hub/helpers';
import type { AdminGate } from '../../../src/shared/sync';
import { FAULT_KINDS, startFaultProxy, type FaultProxy } from './faultProxy';
import type { HubProcess } from './hubProcess';
import { spawnIsolatedHub } from './isolatedHub';

const ROOT = join(__dirname, '..', '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type KillRunOptions = {
  gates: number;
  /** SIGKILLs per gate. */
  kills: number;
  /** Keep injecting until at least this many faults (and all kills) have happened. */
  minFaults: number;
  rate: number;
  seed: number;
  /** Stop the fault phase after this long even if the counts are not reached (the verification still runs). */
  capMs: number;
  postgres: boolean;
  log?: (msg: string) => void;
};

export type GateOutcome = {
  gateId: string;
  acked: string[];
  local: string[];
  atHub: string[];
  status: {
    backlog: number;
    quarantined: number;
    lastError: unknown;
    rosterCursor: string;
    hubRosterCursor: string | null;
  };
  hub: Pick<AdminGate, 'hubRosterCursor' | 'hubRevocationCursor'> | undefined;
};

export type KillRunResult = {
  faults: number;
  faultDetail: string;
  kills: number;
  killsMidPush: number;
  requests: number;
  events: number;
  acked: number;
  rosterChanges: number;
  faultPhaseS: number;
  seed: number;
  gates: GateOutcome[];
};


type Converged = { status: GateOutcome['status']; ids: string[] };

type Child = { proc: ChildProcess; exited: Promise<number | null>; ready: Promise<void>; out: string[] };

function spawnGate(envs: Record<string, string>, onLine: (line: string) => void): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'gateChild.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...envs },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let buf = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line === 'READY') markReady();
      out.push(line);
      onLine(line);
    }
  });
  proc.stderr!.on('data', (d: Buffer) => out.push(`stderr: ${d.toString().trim()}`));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  void exited.then(() => markReady());
  return { proc, exited, ready, out };
}

async function sigkill(c: Child): Promise<void> {
  if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  await c.exited;
}

export async function runGateKills(o: KillRunOptions): Promise<KillRunResult> {
  const log = o.log ?? (() => {});
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const tmp = tempDir('gatehouse-kill-');
    cleanups.push(async () => tmp.cleanup());
    const hub: HubProcess = await spawnIsolatedHub({ postgres: o.postgres, dir: join(tmp.dir, 'hub'), onCleanup: (fn) => cleanups.push(fn) });
    const api = hubClient(hub.url);
    const proxy: FaultProxy = await startFaultProxy(hub.port, { rate: o.rate, seed: o.seed });
    cleanups.push(() => proxy.close());
    const c = await setupCompound(api, []);
    expectOk(await api.admin('PUT', `${c.base}/roster`, { rows: SMALL_ROSTER }));

    const gateIds = Array.from({ length: o.gates }, (_, i) => `gate-${i + 1}`);
    const acked = new Map<string, string[]>(gateIds.map((g) => [g, []]));
    const children = new Map<string, Child>();
    const envFor = (gateId: string, mode: 'run' | 'converge', extra: Record<string, string> = {}) => ({
      GATE_DIR: join(tmp.dir, gateId),
      GATE_ID: gateId,
      COMPOUND_ID: c.compound,
      PROXY_URL: proxy.url,
      MODE: mode,
      ...extra,
    });
    const launch = (gateId: string, extra: Record<string, string> = {}): Child => {
      const child = spawnGate(envFor(gateId, 'run', extra), (line) => {
        if (line.startsWith('ACK ')) acked.get(gateId)!.push(line.slice(4));
      });
      children.set(gateId, child);
      return child;
    };
    cleanups.push(async () => {
      for (const ch of children.values()) await sigkill(ch);
    });
    for (const gateId of gateIds) {
      const created = expectOk(await api.admin('POST', `${c.base}/gates`, { id: gateId, name: gateId }));
      const child = launch(gateId, { HUB_QR: created.json.enrolment.qr as string });
      await child.ready;
      if (child.proc.exitCode !== null) throw new Error(`${gateId} did not start:\n${child.out.join('\n')}`);
    }

    // ── Fault phase: checks, roster changes, faults and SIGKILLs ──
    const started = Date.now();
    let running = true;
    let rosterChanges = 0;
    const committee = (async () => {
      for (let i = 0; running; i++) {
        await sleep(300);
        const r =
          i % 2 === 0
            ? await api.admin('PUT', `${c.base}/roster`, {
                mode: 'merge',
                rows: [
                  {
                    building: '8',
                    unit: '1',
                    room: String(100 + i),
                    name: `新住户${i}`,
                    phone: '',
                    idNumber: '',
                    residency: 'renter',
                    passNumber: `NEW${i}`,
                    status: 'black',
                  },
                ],
              })
            : await api.admin('PUT', `${c.base}/roster`, {
                mode: 'merge',
                rows: [{ ...SMALL_ROSTER[0]!, status: ['yellow', 'green', 'purple', 'black'][i % 4]! }],
              });
        if (r.status === 200) rosterChanges += 1;
      }
    })();

    let kills = 0;
    let killsMidPush = 0;
    let rnd = o.seed >>> 0;
    const random = (): number => (rnd = (Math.imul(rnd, 1664525) + 1013904223) >>> 0) / 4294967296;
    const killers = gateIds.map(async (gateId, gi) => {
      for (let k = 0; k < o.kills && Date.now() - started < o.capMs; k++) {
        // Spread the kills over the expected run; every other one waits for a push of this gate's in flight.
        await sleep(300 + random() * 900 + gi * 50);
        const child = children.get(gateId)!;
        let mid = false;
        if (k % 2 === 0) {
          mid = await Promise.race([
            proxy.nextInflight('/v1/events').then(() => true),
            sleep(3_000).then(() => false),
          ]);
          await sleep(random() * 8); // somewhere inside the hub's handling of it
        }
        await sigkill(child);
        kills += 1;
        if (mid) killsMidPush += 1;
        const next = launch(gateId);
        await next.ready;
        if (next.proc.exitCode !== null)
          throw new Error(`${gateId} did not restart:\n${next.out.join('\n')}`);
      }
    });
    await Promise.all(killers);
    while (proxy.totalFaults() < o.minFaults && Date.now() - started < o.capMs) await sleep(100);
    running = false;
    await committee;
    for (const ch of children.values()) await sigkill(ch); // the last run of each gate ends the same way
    const faultPhaseS = (Date.now() - started) / 1000;
    const faults = proxy.totalFaults();
    const faultDetail = FAULT_KINDS.map((k) => `${k} ${proxy.counts[k]}`).join(', ');
    log(`fault phase over after ${faultPhaseS.toFixed(1)} s: ${faults} faults, ${kills} kills`);

    // ── Convergence: faults off, each gate starts once more and syncs until it has caught up ──
    proxy.rate = 0;
    const converged = new Map<string, Converged>();
    for (const gateId of gateIds) {
      let result: Converged | null = null;
      const child = spawnGate(envFor(gateId, 'converge'), (line) => {
        if (line.startsWith('CONVERGED ')) result = JSON.parse(line.slice(10)) as Converged;
      });
      children.set(gateId, child);
      await child.exited;
      if (!result) throw new Error(`${gateId} did not converge:\n${child.out.slice(-20).join('\n')}`);
      converged.set(gateId, result);
    }

    const hubGates = (await api.admin('GET', `/v1/admin/gates?compound=${c.compound}`)).json
      .gates as AdminGate[];
    const gates: GateOutcome[] = [];
    for (const gateId of gateIds) {
      const csv = await api.call(
        'GET',
        `/v1/admin/export/entries.csv?compound=${c.compound}&gate=${gateId}`,
        { token: ADMIN },
      );
      const atHub = csv.text
        .split('\r\n')
        .filter(Boolean)
        .slice(1)
        .map((l) => l.split(',')[0]!.replace(/"/g, ''));
      const conv = converged.get(gateId)!;
      gates.push({
        gateId,
        acked: acked.get(gateId)!,
        local: conv.ids,
        atHub,
        status: conv.status,
        hub: hubGates.find((g) => g.gateId === gateId),
      });
    }
    return {
      faults,
      faultDetail,
      kills,
      killsMidPush,
      requests: proxy.counts.requests,
      events: gates.reduce((n, g) => n + g.local.length, 0),
      acked: gates.reduce((n, g) => n + g.acked.length, 0),
      rosterChanges,
      faultPhaseS,
      seed: o.seed,
      gates,
    };
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
}

/** Every way the run falls short; empty means every acknowledged check is at the hub once and every gate caught up. */
export function verify(r: KillRunResult): string[] {
  const problems: string[] = [];
  for (const g of r.gates) {
    const hubCount = new Map<string, number>();
    for (const id of g.atHub) hubCount.set(id, (hubCount.get(id) ?? 0) + 1);
    const dup = [...hubCount].filter(([, n]) => n > 1);
    if (dup.length) problems.push(`${g.gateId}: ${dup.length} events more than once at the hub`);
    const missingAcked = g.acked.filter((id) => !hubCount.has(id));
    if (missingAcked.length)
      problems.push(
        `${g.gateId}: ${missingAcked.length} acknowledged checks not at the hub (${missingAcked.slice(0, 3).join(', ')})`,
      );
    const local = new Set(g.local);
    const lostLocally = g.acked.filter((id) => !local.has(id));
    if (lostLocally.length)
      problems.push(`${g.gateId}: ${lostLocally.length} acknowledged checks missing from the gate's own log`);
    if (g.atHub.length !== g.local.length || g.local.some((id) => !hubCount.has(id))) {
      problems.push(`${g.gateId}: gate has ${g.local.length} entries, hub ${g.atHub.length}`);
    }
    if (g.status.backlog !== 0 || g.status.quarantined !== 0 || g.status.lastError !== null) {
      problems.push(
        `${g.gateId}: not caught up (backlog ${g.status.backlog}, quarantined ${g.status.quarantined}, error ${JSON.stringify(g.status.lastError)})`,
      );
    }
    if (!g.hub || g.status.rosterCursor !== g.hub.hubRosterCursor) {
      problems.push(
        `${g.gateId}: roster cursor ${g.status.rosterCursor}, hub ${g.hub?.hubRosterCursor ?? 'unknown'}`,
      );
    }
  }
  return problems;
}

export function summary(r: KillRunResult): string {
  return (
    `gate kill -9: ${r.kills} kills (${r.killsMidPush} while a push was at the hub), ${r.faults} proxy faults (${r.faultDetail}), ` +
    `${r.requests} requests, ${r.events} events from ${r.gates.length} gates (${r.acked} acknowledged to the guard before a kill or the end), ` +
    `${r.rosterChanges} roster changes, fault phase ${r.faultPhaseS.toFixed(1)} s, seed ${r.seed}`
  );
}
