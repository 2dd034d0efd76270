/**
 * A gate as a real child process, for the kill -9 tests (gateKill.ts): the headless runtime
 * (startGate: SQLite, gate core, dispatch, staff) on a data folder that survives the process, with
 * its sync loop pointed at the fault proxy. Run with `node --import tsx`, so no build is needed.
 *
 *   GATE_DIR, GATE_ID, COMPOUND_ID   the data folder and who the gate is
 *   HUB_QR, PROXY_URL                first start only: enrol with the hub directly, then talk through the proxy
 *   MODE=run                         check people until killed; prints `ACK <entry id>` once a check is committed
 *   MODE=converge                    sync until nothing is left to send and the roster is the hub's;
 *                                    prints `CONVERGED <json>` and exits
 *   CHECK_PAUSE_MS                   pause between checks in MODE=run (default 15–34 ms); 0 = full speed
 *   SYNC_BATCH                       events per push (default 20)
 *   GATE_ROOT                        the repository, when this file runs pre-bundled from elsewhere (killLoop.ts)
 *
 * Before READY it prints `DURABLE <journal_mode> <synchronous>` as read on the product's own
 * connection, so a test can check that every reopen is still WAL + FULL.
 *
 * The runtime's own loop uses production timings (20 s timeout, back-off from 1 s to 5 min); the
 * loop here is the same SyncService with test timings, as in faults.test.ts, so a few hundred faults
 * fit in seconds rather than hours.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type GateConfig } from '../../../src/main/config/config';
import { systemClock } from '../../../src/main/core/clock';
import { startGate } from '../../../src/main/runtime/startGate';
import { seedDemoStaff } from '../../../src/main/staff/demoStaff';
import { SyncService } from '../../../src/main/sync/syncService';
import type { CheckView } from '../../../src/shared/contract';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};
const ROOT = process.env.GATE_ROOT ?? join(__dirname, '..', '..', '..');
const dataDir = env('GATE_DIR');
const gateId = env('GATE_ID');
const compoundId = env('COMPOUND_ID');
const mode = env('MODE');
const PASSES = ['HM90001', 'HM90002', 'HM90003', 'HM90004', 'NOPE-1'];
const pauseEnv = process.env.CHECK_PAUSE_MS;
const pauseMs = pauseEnv === undefined || pauseEnv === '' ? null : Number(pauseEnv);
const batchSize = Number(process.env.SYNC_BATCH ?? 20);

async function main(): Promise<void> {
  const first = !existsSync(join(dataDir, 'config.json'));
  if (first) {
    mkdirSync(dataDir, { recursive: true });
    const config: GateConfig = {
      ...DEFAULT_CONFIG,
      compound: { id: compoundId, name: '示范小区' },
      gate: { id: gateId, name: gateId },
      devices: [],
      demo: { seedRoster: false },
    };
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
  }
  const runtime = await startGate({
    dataDir,
    resourcesDir: join(ROOT, 'resources'),
    // No clock injected: the gate's own trusted clock, as in production, is what gets killed.
    log: () => {},
  });
  // Synchronously after startGate: the runtime's first round is still a pending timer and never runs.
  await runtime.gateSync.stop();
  if (first) {
    await seedDemoStaff(runtime.db, systemClock, runtime.staff.audit);
    await runtime.gateSync.enrol({ qr: env('HUB_QR') });
    await runtime.gateSync.stop();
    runtime.db.prepare('UPDATE sync_state SET hub_url = ? WHERE id = 1').run(env('PROXY_URL'));
  }
  if (!runtime.staff.shifts.signedIn()) runtime.staff.signIn(runtime.staff.staff.get('demo-guard')!, 'pin');

  const sync = new SyncService({
    db: runtime.db,
    compoundId,
    gateId,
    clock: systemClock,
    timeoutMs: 500,
    intervalMs: 50,
    backoff: { baseMs: 5, capMs: 60 },
    batchSize,
    pullLimit: 10,
  });
  runtime.events.subscribe((event) => {
    if (event === 'log:appended') sync.notify();
  });

  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await runtime.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };

  if (mode === 'converge') {
    for (let round = 0; round < 60; round++) {
      const s = await sync.syncOnce();
      if (
        s.lastError === null &&
        s.backlog === 0 &&
        s.hubRosterCursor !== null &&
        s.rosterCursor === s.hubRosterCursor
      )
        break;
    }
    const ids = (
      runtime.db.prepare('SELECT id FROM entry_log ORDER BY seq').all() as Array<{ id: string }>
    ).map((r) => r.id);
    process.stdout.write(`CONVERGED ${JSON.stringify({ status: sync.status(), ids })}\n`);
    await runtime.close();
    return;
  }

  sync.start();
  const journal = String(runtime.db.pragma('journal_mode', { simple: true }));
  const synchronous = String(runtime.db.pragma('synchronous', { simple: true }));
  process.stdout.write(`DURABLE ${journal} ${synchronous}\nREADY\n`);
  for (let i = 0; ; i++) {
    await call('device:simulateReading', { celsius: 36.5 });
    const view = await call<CheckView>('check:scan', {
      code: PASSES[i % PASSES.length],
      source: 'wedge',
      direction: i % 2 ? 'out' : 'in',
    });
    // Pipes are written synchronously on Linux: once this line is out, the parent has it even if we die next.
    if (view.entryId) process.stdout.write(`ACK ${view.entryId}\n`);
    if (pauseMs === null) await new Promise((r) => setTimeout(r, 15 + (i % 20)));
    else if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    // Full speed still yields once per check: dispatch can settle on microtasks alone, which would
    // starve the sync loop's timers and sockets, and a gate that never pushes proves nothing mid-push.
    else await new Promise((r) => setImmediate(r));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `gate child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
