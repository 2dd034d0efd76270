import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserArgs, heartbeatPeriodMs, leftoverBrowserPid } from '../../../src/main/runtime/kioskBrowser';
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
