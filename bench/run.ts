/**
 * `npm run bench`: scan → decision → durable commit through the real core (dispatch, zod, SQLite in
 * WAL with synchronous=FULL), side by side with a raw better-sqlite3 baseline doing the least a
 * check can do (one indexed lookup + one insert in a transaction) on the same kind of file; then
 * the headless host's cold start. Results are appended to bench/RESULTS.md with the machine.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../src/main/config/config';
import { startGate } from '../src/main/runtime/startGate';
import { RosterStore, type RosterInput } from '../src/main/store/roster';
import { uuidv7Generator } from '../src/main/core/ids';
import { systemClock } from '../src/main/core/clock';
import { seedDemoStaff } from '../src/main/staff/demoStaff';

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 50_000);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 10_000);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 5);
const ROOT = join(__dirname, '..');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
function stats(samples: number[]): { p50: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}
const passNumber = (i: number): string => `BP${String(i).padStart(6, '0')}`;

function syntheticRoster(n: number): RosterInput[] {
  const rows: RosterInput[] = [];
  for (let i = 0; i < n; i++) {
    const household = Math.floor(i / 3);
    rows.push({
      building: String(1 + (household % 40)),
      unit: String(1 + (Math.floor(household / 40) % 4)),
      room: String(101 + Math.floor(household / 160)),
      name: `居民${i}`,
      phone: `139${String(i).padStart(8, '0')}`,
      idNumber: '',
      residency: i % 5 === 0 ? 'renter' : 'owner',
      passNumber: passNumber(i),
      status: i % 50 === 0 ? 'orange' : 'black',
    });
  }
  return rows;
}

type Stats = { p50: number; p99: number; mean: number };

async function benchChecks(dir: string): Promise<{ core: Stats; raw: Stats; admitted: number }> {
  const dataDir = join(dir, 'core');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ ...DEFAULT_CONFIG, demo: { seedRoster: false } }));
  const gate = await startGate({ dataDir, resourcesDir: join(ROOT, 'resources'), log: () => {} });
  // A double-staffed post, as at most gates: every check records both people.
  await seedDemoStaff(gate.db, systemClock, gate.staff.audit);
  for (const id of ['demo-guard', 'demo-volunteer']) gate.staff.signIn(gate.staff.staff.get(id)!, 'pin');
  const store = new RosterStore(gate.db);
  gate.db.transaction(() => store.replaceRoster(gate.config.compound.id, syntheticRoster(RESIDENTS), new Date().toISOString(), uuidv7Generator()))();
  const raw = rawBaseline(dir);
  const samples: number[] = [];
  const rawSamples: number[] = [];
  let admitted = 0;
  for (let i = 0; i < CHECKS; i++) {
    const t1 = performance.now();
    raw.check(passNumber((i * 7919) % RESIDENTS));
    rawSamples.push(performance.now() - t1);
    // The reading arrives first (the person stands at the thermometer), so the scan decides at once.
    await gate.dispatch('device:simulateReading', { celsius: 36.5 });
    const code = passNumber((i * 7919) % RESIDENTS);
    const t0 = performance.now();
    const r = await gate.dispatch('check:scan', { code, source: 'wedge', direction: i % 2 ? 'out' : 'in' });
    samples.push(performance.now() - t0);
    if (r.ok && (r.value as { stage: string }).stage === 'admit') admitted++;
  }
  const logged = (gate.db.prepare('SELECT count(*) AS n FROM entry_log').get() as { n: number }).n;
  if (logged !== CHECKS) throw new Error(`expected ${CHECKS} logged checks, found ${logged}`);
  await gate.close();
  raw.close();
  return { core: stats(samples), raw: stats(rawSamples), admitted };
}

/** The raw baseline as a per-check function, so the two paths interleave and share the machine's noise. */
function rawBaseline(dir: string): { check: (code: string) => void; close: () => void } {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE pass (number TEXT PRIMARY KEY, resident_id TEXT NOT NULL)');
  db.exec('CREATE TABLE log (id INTEGER PRIMARY KEY, number TEXT, resident_id TEXT, at TEXT)');
  const ins = db.prepare('INSERT INTO pass VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < RESIDENTS; i++) ins.run(passNumber(i), `r${i}`);
  })();
  const lookup = db.prepare<[string], { resident_id: string }>('SELECT resident_id FROM pass WHERE number = ?');
  const write = db.prepare('INSERT INTO log (number, resident_id, at) VALUES (?, ?, ?)');
  const check = db.transaction((code: string) => {
    const r = lookup.get(code);
    write.run(code, r?.resident_id ?? null, new Date().toISOString());
  });
  return { check: (code) => void check(code), close: () => db.close() };
}

/** Spawn to the ready line, i.e. Node start-up, config, database open and migration, server listen. */
async function coldStart(dataDir: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'out/main/host.js'), '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let readyMs: number | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (readyMs === null && out.includes('GATEHOUSE_READY')) {
        readyMs = performance.now() - t0;
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => (readyMs !== null ? resolve(readyMs) : reject(new Error(`host exited with ${code} before ready:\n${out}`))));
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  try {
    console.log(`${CHECKS} checks against ${RESIDENTS} residents, core and raw baseline interleaved…`);
    const { core, raw } = await benchChecks(dir);
    const hostDir = join(dir, 'host');
    const first = await coldStart(hostDir); // includes writing the config and importing the demo roster
    const warm: number[] = [];
    for (let i = 0; i < COLD_STARTS; i++) warm.push(await coldStart(hostDir));
    const cold = stats(warm);

    const cpu = cpus()[0]?.model ?? 'unknown';
    const machine = `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
    const f = (n: number): string => n.toFixed(3);
    const lines = [
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${machine}`,
      '',
      `Roster ${RESIDENTS.toLocaleString('en')} residents; ${CHECKS.toLocaleString('en')} checks; WAL + synchronous=FULL, temp dir on the machine's disk.`,
      '',
      '| path | p50 ms | p99 ms | mean ms |',
      '|---|---|---|---|',
      `| scan → decision → durable commit (gate core via dispatch) | ${f(core.p50)} | ${f(core.p99)} | ${f(core.mean)} |`,
      `| raw better-sqlite3: 1 indexed lookup + 1 insert in a transaction | ${f(raw.p50)} | ${f(raw.p99)} | ${f(raw.mean)} |`,
      `| ratio core / raw | ${(core.p50 / raw.p50).toFixed(2)}× | ${(core.p99 / raw.p99).toFixed(2)}× | |`,
      '',
      `Headless host cold start (spawn → ready line), existing data folder: median ${cold.p50.toFixed(0)} ms over ${COLD_STARTS} runs` +
        ` (max ${Math.max(...warm).toFixed(0)} ms); first start on an empty folder incl. demo roster import: ${first.toFixed(0)} ms.`,
      '',
    ];
    console.log(lines.join('\n'));
    if (!process.env.BENCH_NO_RECORD) appendFileSync(join(ROOT, 'bench/RESULTS.md'), `${lines.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
