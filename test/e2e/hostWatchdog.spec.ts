import { test, expect } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The built headless host as the systemd unit in docs/auto-start.md runs it, against a real
 * NOTIFY_SOCKET (test/helpers/notifySocket.ts): READY=1 for the right main pid once it
 * listens, then WATCHDOG=1 pings; and SIGSTOP on the process that runs the core stops the pings.
 */
const ROOT = join(__dirname, '..', '..');
const OUT = process.env.GATEHOUSE_OUT ?? 'out';

import { reportCount } from '../helpers/counts';
import { listenNotify } from '../helpers/notifySocket';

type Run = { dir: string; received: string[]; listener: ChildProcess; host: ChildProcess | null; log: string[] };

async function listen(): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'e-notify-'));
  const { listener, received } = await listenNotify(join(dir, 'notify.sock'));
  return { dir, received, listener, host: null, log: [] };
}

function startHost(run: Run, extra: string[]): ChildProcess {
  run.host = spawn(process.execPath, [join(ROOT, OUT, 'main/host.js'), '--port', '0', '--data-dir', join(run.dir, 'data'), ...extra], {
    env: { ...process.env, NOTIFY_SOCKET: join(run.dir, 'notify.sock'), WATCHDOG_USEC: '2000000' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  run.host.stderr?.on('data', (d: Buffer) => run.log.push(...d.toString().split('\n').filter(Boolean)));
  return run.host;
}

async function end(run: Run): Promise<void> {
  const host = run.host;
  if (host && host.exitCode === null) {
    const exited = new Promise((r) => host.once('exit', r));
    host.kill('SIGCONT');
    host.kill('SIGTERM');
    await exited;
  }
  run.listener.kill();
  rmSync(run.dir, { recursive: true, force: true });
}

const pings = (run: Run): number => run.received.filter((m) => m.includes('WATCHDOG=1')).length;

test('--no-supervise (the unit): READY=1 for its own pid, pings every half interval, none while the process is stopped', async () => {
  const run = await listen();
  try {
    const host = startHost(run, ['--no-supervise']);
    await expect.poll(() => pings(run), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(run.received[0]).toBe(`MAINPID=${host.pid} READY=1`);
    host.kill('SIGSTOP');
    // Let a ping already under way arrive, then watch three intervals go by without one.
    await new Promise((r) => setTimeout(r, 500));
    const before = pings(run);
    await new Promise((r) => setTimeout(r, 3000));
    const during = pings(run);
    host.kill('SIGCONT');
    await expect.poll(() => pings(run), { timeout: 15_000 }).toBeGreaterThan(during);
    reportCount(`host watchdog: ${before} pings before SIGSTOP, ${during - before} in 3 s stopped (3 ping intervals), pings resumed after SIGCONT`);
    expect(during).toBe(before);
  } finally {
    await end(run);
  }
});

test('supervised host: the core worker pings on behalf of the supervisor (MAINPID is the supervisor)', async () => {
  const run = await listen();
  try {
    const host = startHost(run, []);
    await expect.poll(() => pings(run), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(run.received[0]).toBe(`MAINPID=${host.pid} READY=1`);
    expect(run.received.filter((m) => m.includes('WATCHDOG=1')).every((m) => m.startsWith(`MAINPID=${host.pid} `))).toBe(true);
  } finally {
    await end(run);
  }
});

/** The core worker of the host on `dataDir` (forked as `host.js … --data-dir DIR … --worker`). */
function workerPids(dataDir: string): number[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(`--data-dir ${dataDir} `) && l.trim().endsWith('--worker'))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

test('supervised host without systemd: a core that keeps saying it is alive is left alone; a stopped one is killed and restarted', async () => {
  const run = await listen();
  try {
    startHost(run, ['--core-hang-seconds', '2']);
    const dataDir = join(run.dir, 'data');
    await expect.poll(() => pings(run), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const [first] = workerPids(dataDir);
    expect(first).toBeDefined();
    // Three hang limits of an idle, healthy core: still the same worker.
    await new Promise((r) => setTimeout(r, 6000));
    expect(workerPids(dataDir)).toEqual([first]);
    const t0 = Date.now();
    process.kill(first!, 'SIGSTOP'); // its event loop runs no more, as in a hang
    await expect.poll(() => workerPids(dataDir).filter((p) => p !== first).length, { timeout: 30_000 }).toBe(1);
    const seconds = (Date.now() - t0) / 1000;
    expect(run.log.filter((l) => l.includes('(hung); killing it'))).toHaveLength(1);
    expect(workerPids(dataDir)).not.toContain(first);
    reportCount(`core hang: 1 injected (SIGSTOP), 1 detected and restarted in ${seconds} s (limit 2 s); 0 false kills in 6 s of a healthy core`);
  } finally {
    await end(run);
  }
});
