import { fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restartDelay, Supervisor } from '../../../src/main/supervisor';
import { tempDir } from '../../helpers/tmp';

/**
 * A stand-in worker: records each start (with the --port it was given), says it is ready on the
 * port it was given or 5555, then does what the test's plan file says for that start.
 */
const WORKER = `
const fs = require('node:fs');
const [plan, starts] = [process.env.PLAN, process.env.STARTS];
const i = process.argv.indexOf('--port');
const port = i >= 0 ? Number(process.argv[i + 1]) : 5555;
const n = fs.existsSync(starts) ? fs.readFileSync(starts, 'utf8').split('\\n').filter(Boolean).length : 0;
fs.appendFileSync(starts, port + '\\n');
const step = JSON.parse(fs.readFileSync(plan, 'utf8'))[n] ?? 'stay';
if (step === 'fail-early') process.exit(3);
process.send({ kind: 'gatehouse-ready', url: 'http://127.0.0.1:' + port + '/', port });
if (step === 'crash') setTimeout(() => { throw new Error('worker crash'); }, 20);
// Says it is alive like host.js does, then (for 'hang') never yields again.
const alive = setInterval(() => process.send({ kind: 'gatehouse-alive' }), 50);
if (step === 'hang') setTimeout(() => { clearInterval(alive); for (;;) {} }, 300);
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);
`;

let tmp: ReturnType<typeof tempDir>;
let script: string;
let plan: string;
let starts: string;
const policy = { initialDelayMs: 10, maxDelayMs: 40, healthyAfterMs: 60_000, hangAfterMs: 2000 };

beforeEach(() => {
  tmp = tempDir();
  script = join(tmp.dir, 'worker.cjs');
  plan = join(tmp.dir, 'plan.json');
  starts = join(tmp.dir, 'starts.txt');
  writeFileSync(script, WORKER);
});
afterEach(() => tmp.cleanup());

function supervisor(steps: string[], logs: string[] = []): Supervisor {
  writeFileSync(plan, JSON.stringify(steps));
  return new Supervisor({
    start: (port) => fork(script, port === null ? [] : ['--port', String(port)], { env: { ...process.env, PLAN: plan, STARTS: starts }, stdio: 'ignore' }),
    policy,
    log: (m) => logs.push(m),
  });
}

const startLines = (): string[] => (existsSync(starts) ? readFileSync(starts, 'utf8') : '').split('\n').filter(Boolean);

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the headless host supervisor', () => {
  it('restarts a crashed worker on the port the first one listened on, and stops cleanly', async () => {
    const logs: string[] = [];
    const s = supervisor(['crash', 'crash', 'stay'], logs);
    const done = s.run();
    await waitFor(() => s.restarts === 2);
    await waitFor(() => startLines().length === 3);
    expect(startLines()).toEqual(['5555', '5555', '5555']);
    expect(logs.filter((l) => l.includes('restarting'))).toHaveLength(2);
    s.stop();
    expect(await done).toBe(0);
  });

  it('restarts a worker killed outright (SIGKILL)', async () => {
    const s = supervisor(['stay', 'stay']);
    const done = s.run();
    // Killed after it said it listens: one killed before that counts as a failed start (next test).
    await waitFor(() => s.isListening);
    process.kill(s.pid!, 'SIGKILL');
    await waitFor(() => startLines().length === 2);
    s.stop();
    expect(await done).toBe(0);
  });

  it('kills and restarts a worker whose event loop hangs, and leaves one that keeps saying it is alive', async () => {
    const logs: string[] = [];
    const s = supervisor(['hang', 'stay'], logs);
    const done = s.run();
    await waitFor(() => s.isListening);
    const hung = s.pid!;
    await waitFor(() => startLines().length === 2);
    expect(s.hangs).toBe(1);
    expect(logs.some((l) => /hung/.test(l))).toBe(true);
    expect(() => process.kill(hung, 0)).toThrow(); // the hung one is gone, not left spinning
    // The second worker keeps pinging: two hang limits later it is still the same one.
    const second = s.pid;
    await new Promise((r) => setTimeout(r, 4000));
    expect(s.pid).toBe(second);
    expect(s.hangs).toBe(1);
    s.stop();
    expect(await done).toBe(0);
  });

  it('does not restart a worker that never started (a person must fix the config), and passes on its code', async () => {
    const logs: string[] = [];
    const s = supervisor(['fail-early'], logs);
    expect(await s.run()).toBe(3);
    expect(startLines()).toHaveLength(1);
    expect(logs[0]).toMatch(/failed to start/);
  });

  it('backs off while the worker keeps dying young, up to the ceiling', () => {
    expect([1, 2, 3, 4, 10].map((a) => restartDelay(a, policy))).toEqual([10, 20, 40, 40, 40]);
    expect(restartDelay(1)).toBe(500);
    expect(restartDelay(20)).toBe(30_000);
  });
});
