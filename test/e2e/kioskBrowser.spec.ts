import { test, expect } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { reportCount } from '../helpers/counts';

/**
 * The headless host's kiosk-browser watcher against the real Debian Chromium (no mocks): the host
 * launches it, and the test breaks it the ways a gate box does (a renderer killed, the browser
 * killed, the page's script hung, the core restarted) and waits for the page to be back on the host.
 * Chromium runs with --headless=new here (there is no display); the watcher does not know the difference.
 */
const ROOT = join(__dirname, '..', '..');
const OUT = process.env.GATEHOUSE_OUT ?? 'out';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HANG_SECONDS = 3;

type Running = { child: ChildProcess; dataDir: string; profile: string; lines: string[] };

function startHost(dataDir = mkdtempSync(join(tmpdir(), 'e-kiosk-'))): Running {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, OUT, 'main/host.js'),
      ...['--port', '0', '--data-dir', dataDir, '--kiosk-browser', '--kiosk-browser-path', CHROMIUM],
      ...['--kiosk-hang-seconds', String(HANG_SECONDS), '--kiosk-browser-args', '--headless=new --remote-debugging-port=0'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const collect = (d: Buffer): void => {
    lines.push(...d.toString().split('\n').filter(Boolean));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, dataDir, profile: join(dataDir, 'kiosk-browser'), lines };
}

const count = (r: Running, re: RegExp): number => r.lines.filter((l) => re.test(l)).length;
/** Page back on the host: a fresh connect after a launch, or the same page after a core restart. */
const backOnHost = (r: Running): number => count(r, /kiosk page (connected|reconnected)/);

function lastBrowserPid(r: Running): number {
  const launched = r.lines.filter((l) => l.startsWith('kiosk browser launched')).at(-1);
  const m = /pid (\d+)/.exec(launched ?? '');
  if (!m?.[1]) throw new Error(`no browser launched yet:\n${r.lines.join('\n')}`);
  return Number(m[1]);
}

/** Processes whose command line has all of `parts` (ps, not pgrep -f: one call, exact matching here). */
function pidsWith(...parts: string[]): number[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => parts.every((p) => l.includes(p)))
    .map((l) => Number(l.split(/\s+/)[0]));
}

/** Hangs the kiosk page's main thread over the DevTools protocol (the port Chromium wrote into its profile). */
async function hangPage(profile: string): Promise<void> {
  const port = Number(readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; url: string; webSocketDebuggerUrl: string }[];
  const page = targets.find((t) => t.type === 'page' && t.url.includes('heartbeat='));
  if (!page) throw new Error(`kiosk page not among the DevTools targets: ${JSON.stringify(targets)}`);
  const ws = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  // No answer ever comes (the loop never ends); the send is enough.
  ws.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: 'while (true) {}' } }));
  await new Promise((r) => setTimeout(r, 200));
  ws.terminate();
}

async function stopHost(r: Running): Promise<void> {
  const exited = new Promise((res) => r.child.once('exit', res));
  if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGTERM');
  await exited;
}

/** Browser main processes on the profile (its helpers carry --type=). */
const browsers = (profile: string): number[] => pidsWith(`--user-data-dir=${profile}`).filter((pid) => !pidsWith(`--type=`).includes(pid));

test.describe.configure({ timeout: 180_000 });

test('kiosk browser: a killed renderer, a killed browser, a hung page and a core restart all end with the page back on the host', async () => {
  const r = startHost();
  const recover: Record<string, number> = {};
  try {
    await expect.poll(() => backOnHost(r), { timeout: 30_000 }).toBe(1);
    const renderers = (): number[] => pidsWith('--type=renderer', `--user-data-dir=${r.profile}`);

    // 1. The page's renderer killed: the tab shows "Aw, Snap!" for good, its heartbeat stops.
    let t0 = Date.now();
    const killed = renderers();
    expect(killed.length).toBeGreaterThan(0);
    for (const pid of killed) process.kill(pid, 'SIGKILL');
    await expect.poll(() => backOnHost(r), { timeout: 30_000 }).toBe(2);
    recover['renderer SIGKILL'] = (Date.now() - t0) / 1000;
    expect(count(r, /no heartbeat/)).toBe(1);

    // 2. The whole browser killed.
    t0 = Date.now();
    process.kill(lastBrowserPid(r), 'SIGKILL');
    await expect.poll(() => backOnHost(r), { timeout: 30_000 }).toBe(3);
    recover['browser SIGKILL'] = (Date.now() - t0) / 1000;
    expect(count(r, /kiosk browser exited \(SIGKILL\)/)).toBe(2);

    // 3. The page's script never yields.
    t0 = Date.now();
    await hangPage(r.profile);
    await expect.poll(() => backOnHost(r), { timeout: 30_000 }).toBe(4);
    recover['page hang'] = (Date.now() - t0) / 1000;
    expect(count(r, /no heartbeat/)).toBe(2);

    // 4. The core worker killed: the same browser's page reconnects to the restarted core, no relaunch.
    t0 = Date.now();
    const launchesBefore = count(r, /kiosk browser launched/);
    const workers = pidsWith(`--data-dir ${r.dataDir}`, '--worker');
    expect(workers).toHaveLength(1);
    process.kill(workers[0]!, 'SIGKILL');
    await expect.poll(() => count(r, /kiosk page reconnected/), { timeout: 30_000 }).toBe(1);
    recover['core SIGKILL'] = (Date.now() - t0) / 1000;
    expect(count(r, /kiosk browser launched/)).toBe(launchesBefore);

    // 5. A fourth browser death within the minute is a crash loop: the relaunch waits.
    process.kill(lastBrowserPid(r), 'SIGKILL');
    await expect.poll(() => count(r, /relaunching in 30000 ms/), { timeout: 30_000 }).toBe(1);

    const launches = count(r, /kiosk browser launched/);
    reportCount(
      `kiosk browser: faults injected 5 (renderer kill 1, browser kill 2, page hang 1, core kill 1); ` +
        `browser launches ${launches}, exits ${count(r, /kiosk browser exited/)}, hangs detected ${count(r, /no heartbeat/)}, ` +
        `page back on host ${backOnHost(r)}; seconds to recover: ${JSON.stringify(recover)} (hang limit ${HANG_SECONDS} s)`,
    );
    expect(launches).toBe(4);
  } finally {
    await stopHost(r);
    // Stopping the host ends its browser too (the whole process group), even one waiting to relaunch.
    expect(pidsWith(`--user-data-dir=${r.profile}`)).toEqual([]);
    rmSync(r.dataDir, { recursive: true, force: true });
  }
});

test('a host killed outright leaves its browser running; the next host ends that one and shows its own', async () => {
  const first = startHost();
  let second: Running | null = null;
  try {
    await expect.poll(() => backOnHost(first), { timeout: 30_000 }).toBe(1);
    const orphan = lastBrowserPid(first);
    first.child.kill('SIGKILL'); // the supervisor itself: nobody stops the browser
    await new Promise((res) => first.child.once('exit', res));
    expect(browsers(first.profile)).toEqual([orphan]);

    second = startHost(first.dataDir);
    await expect.poll(() => backOnHost(second!), { timeout: 30_000 }).toBe(1);
    expect(second.lines).toContain(`kiosk browser: ended a leftover browser (pid ${orphan}) on its profile`);
    expect(browsers(first.profile)).toEqual([lastBrowserPid(second)]);
    expect(count(second, /kiosk browser launched/)).toBe(1);
  } finally {
    if (second) await stopHost(second);
    for (const pid of browsers(first.profile)) process.kill(pid, 'SIGKILL');
    rmSync(first.dataDir, { recursive: true, force: true });
  }
});
