import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserArgs, heartbeatPeriodMs, KioskBrowser, leftoverBrowserPid } from '../../../src/main/runtime/kioskBrowser';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir> | null = null;
afterEach(() => {
  tmp?.cleanup();
  tmp = null;
});

describe('kiosk browser command line', () => {
  const base = { url: 'http://127.0.0.1:4780/', userDataDir: '/var/lib/gatehouse/kiosk-browser', heartbeatMs: 2000 };

  it('kiosk on the app URL with the heartbeat switched on, its own profile, and the quiet flags', () => {
    const args = browserArgs({ ...base, isRoot: false });
    expect(args.slice(0, 3)).toEqual(['--kiosk', '--app=http://127.0.0.1:4780/?heartbeat=2000', '--user-data-dir=/var/lib/gatehouse/kiosk-browser']);
    for (const flag of ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-background-timer-throttling']) {
      expect(args).toContain(flag);
    }
  });

  it('gives up the sandbox only as root (where Chromium will not start with it), and puts extra flags last', () => {
    expect(browserArgs({ ...base, isRoot: false })).not.toContain('--no-sandbox');
    expect(browserArgs({ ...base, isRoot: true })).toContain('--no-sandbox');
    expect(browserArgs({ ...base, isRoot: false, extraArgs: ['--headless=new'] }).at(-1)).toBe('--headless=new');
  });

  it('beats often enough that a few lost beats are not a hang', () => {
    expect(heartbeatPeriodMs(15_000)).toBe(2000);
    expect(heartbeatPeriodMs(3000)).toBe(600);
    expect(heartbeatPeriodMs(1000)).toBe(250);
  });

});

describe('a browser left on the profile', () => {
  async function running(args: string[]): Promise<{ pid: number; stop: () => void }> {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', '--', ...args], { stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
    // Up once its command line is the stand-in's (right after the spawn it can still be the parent's).
    for (let i = 0; i < 200 && !readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').includes(args[0]!); i++) await new Promise((r) => setTimeout(r, 10));
    return { pid: child.pid!, stop: () => child.kill('SIGKILL') };
  }

  it('is found by the profile lock when that process runs on this very profile', async () => {
    tmp = tempDir();
    const profile = join(tmp.dir, 'kiosk-browser');
    mkdirSync(profile);
    const p = await running([`--user-data-dir=${profile}`]);
    try {
      symlinkSync(`${hostname()}-${p.pid}`, join(profile, 'SingletonLock'));
      expect(leftoverBrowserPid(profile)).toBe(p.pid);
    } finally {
      p.stop();
    }
  });

  it('is not a process that merely reused the pid, one on another profile, one on another host, or a lock with nobody behind it', async () => {
    tmp = tempDir();
    const profile = join(tmp.dir, 'kiosk-browser');
    mkdirSync(profile);
    const stranger = await running([`--user-data-dir=${profile}-other`]);
    try {
      symlinkSync(`${hostname()}-${stranger.pid}`, join(profile, 'SingletonLock'));
      expect(leftoverBrowserPid(profile)).toBeNull();
    } finally {
      stranger.stop();
    }
    const other = join(tmp.dir, 'p2');
    mkdirSync(other);
    symlinkSync(`not-${hostname()}-${process.pid}`, join(other, 'SingletonLock'));
    expect(leftoverBrowserPid(other)).toBeNull();
    expect(leftoverBrowserPid(join(tmp.dir, 'none'))).toBeNull();
  });
});

describe('a browser that cannot be started', () => {
  // Retries every 20 ms after the first, so the test sees several failures before it mends things.
  const crashLoop = { windowMs: 60_000, maxQuickReloads: 1, coolDownMs: 20 };
  const until = async (what: string, ok: () => boolean): Promise<void> => {
    for (let i = 0; i < 300 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
    if (!ok()) throw new Error(`never: ${what}`);
  };
  /** A stand-in browser that stays up; put in place atomically, as a package upgrade would. */
  const installBrowser = (path: string): void => {
    writeFileSync(`${path}.new`, `#!/bin/sh\nexec "${process.execPath}" -e "setTimeout(() => {}, 60000)"\n`);
    chmodSync(`${path}.new`, 0o755);
    renameSync(`${path}.new`, path);
  };
  const alive = (pid: number | undefined): boolean => {
    if (pid === undefined) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('is retried while its binary is missing (spawn ENOENT: error and close, no exit), and launched once it is back', async () => {
    tmp = tempDir();
    const executable = join(tmp.dir, 'chromium');
    const logs: string[] = [];
    const kiosk = new KioskBrowser({ executable, userDataDir: join(tmp.dir, 'profile'), crashLoop, log: (m) => logs.push(m) });
    try {
      kiosk.onHostReady('http://127.0.0.1:1/');
      await until('three failed starts', () => kiosk.stats.exits >= 3);
      expect(kiosk.pid).toBeUndefined();
      expect(logs.some((m) => m.includes('ENOENT'))).toBe(true);
      installBrowser(executable);
      await until('a running browser', () => alive(kiosk.pid));
      expect(kiosk.stats.launches).toBeGreaterThan(kiosk.stats.exits);
    } finally {
      await kiosk.stop();
    }
  });

  it('is retried when its profile cannot be made (a throw inside the relaunch timer), without an uncaught exception', async () => {
    tmp = tempDir();
    const executable = join(tmp.dir, 'chromium');
    installBrowser(executable);
    const blocker = join(tmp.dir, 'data');
    writeFileSync(blocker, ''); // a file where the profile's parent folder should be: mkdir fails with ENOTDIR
    const logs: string[] = [];
    const kiosk = new KioskBrowser({ executable, userDataDir: join(blocker, 'kiosk-browser'), crashLoop, log: (m) => logs.push(m) });
    try {
      expect(() => kiosk.onHostReady('http://127.0.0.1:1/')).not.toThrow();
      await until('three failed starts', () => logs.filter((m) => m.includes('ENOTDIR')).length >= 3);
      expect(kiosk.stats.launches).toBe(0);
      rmSync(blocker);
      await until('a running browser', () => alive(kiosk.pid));
      expect(kiosk.stats.launches).toBe(1);
    } finally {
      await kiosk.stop();
    }
  });
});
