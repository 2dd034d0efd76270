/**
 * The headless host's watcher for the kiosk screen (decision 0023). On low-power gate boxes the
 * screen is Chromium in kiosk mode; left alone, a crashed tab shows "Aw, Snap!" for good, a hung
 * page freezes, and a closed or crashed browser leaves the desktop. With `--kiosk-browser` the host
 * launches Chromium itself and:
 * - relaunches it when it exits for any reason (crash, SIGKILL, a guard's Alt+F4);
 * - kills and relaunches it when the page's heartbeat (a frame it sends over the host's WebSocket
 *   from its own main thread, hooks/useReconnect.ts) stops for `hangAfterMs`: a hung script, a
 *   crashed renderer and a page stuck on an error screen all stop it;
 * - pauses relaunching when it keeps dying (the Electron shell's CrashLoopGuard), and never gives up.
 * While the gate core is down (its worker restarting) the page cannot reach the host, so the
 * silence is not held against the browser. No electron import: plain Node.
 */
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CrashLoopGuard, type CrashLoopPolicy, DEFAULT_CRASH_LOOP } from '../lockdown';

/** The frame the page sends; the host compares the text exactly (no parsing on the hot path). */
export const HEARTBEAT_FRAME = '{"kind":"heartbeat"}';

/** Query parameter that switches the page's heartbeat on, with its period in milliseconds. */
export const HEARTBEAT_PARAM = 'heartbeat';

export const DEFAULT_HANG_AFTER_MS = 15_000;

/** Browsers the host looks for when `--kiosk-browser` names none. */
export const BROWSER_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findBrowser(candidates: readonly string[] = BROWSER_CANDIDATES): string | null {
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** The page's heartbeat period: often enough that a few can be lost before `hangAfterMs` passes. */
export function heartbeatPeriodMs(hangAfterMs: number): number {
  return Math.max(250, Math.min(2000, Math.floor(hangAfterMs / 5)));
}

/**
 * Chromium's command line: kiosk, the app URL (with the heartbeat switched on), its own profile,
 * and nothing that phones home or throttles the page. `--no-sandbox` only as root, where Chromium
 * refuses to start with its sandbox; a gate user keeps the sandbox.
 */
export function browserArgs(o: { url: string; userDataDir: string; heartbeatMs: number; isRoot: boolean; extraArgs?: readonly string[] }): string[] {
  const url = new URL(o.url);
  url.searchParams.set(HEARTBEAT_PARAM, String(o.heartbeatMs));
  return [
    '--kiosk',
    `--app=${url.href}`,
    `--user-data-dir=${o.userDataDir}`,
    ...(o.isRoot ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--noerrdialogs',
    '--disable-infobars',
    '--hide-crash-restore-bubble',
    '--disable-features=Translate',
    '--overscroll-history-navigation=0',
    '--autoplay-policy=no-user-gesture-required',
    // A covered or unfocused kiosk window must keep its timers running, or its heartbeat would stop.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    ...(o.extraArgs ?? []),
  ];
}

/**
 * A browser still running on this profile: one left over from a host that was killed outright.
 * Read from the profile's SingletonLock ("host-pid") and confirmed in /proc (the process must be a
 * browser started on this very profile, never a stranger that reused the pid). Null where there is
 * none, and off Linux (Windows locks the profile differently; there the leftover wins once).
 */
export function leftoverBrowserPid(userDataDir: string): number | null {
  try {
    const m = /^(.*)-(\d+)$/.exec(readlinkSync(join(userDataDir, 'SingletonLock')));
    if (!m || m[1] !== hostname()) return null;
    const pid = Number(m[2]);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.includes(`--user-data-dir=${userDataDir}`) ? pid : null;
  } catch {
    return null;
  }
}

export type KioskBrowserOptions = {
  executable: string;
  userDataDir: string;
  extraArgs?: readonly string[];
  hangAfterMs?: number;
  crashLoop?: CrashLoopPolicy;
  isRoot?: boolean;
  log?: (msg: string) => void;
  now?: () => number;
  spawn?: (cmd: string, args: string[], opts: SpawnOptions) => ChildProcess;
};

export type KioskBrowserStats = {
  launches: number;
  /** Exits of the browser process, whatever the cause (including the kills below). */
  exits: number;
  /** Hangs detected: no heartbeat for `hangAfterMs` while the host was up. */
  hangs: number;
  /** Launches whose page has connected and sent its first heartbeat. */
  connects: number;
  /** The same page back on the host after a core restart, without a relaunch. */
  reconnects: number;
};

export class KioskBrowser {
  private child: ChildProcess | null = null;
  private url: string | null = null;
  private hostUp = false;
  private lastBeat = 0;
  private connected = false;
  /** A beat has arrived since the core last became ready (its restart drops the page's socket). */
  private beatSinceReady = false;
  private stopping = false;
  private relaunchTimer: ReturnType<typeof setTimeout> | null = null;
  private watchTimer: ReturnType<typeof setInterval> | null = null;
  private readonly guard: CrashLoopGuard;
  private readonly hangAfterMs: number;
  private readonly now: () => number;
  private readonly log: (msg: string) => void;
  readonly stats: KioskBrowserStats = { launches: 0, exits: 0, hangs: 0, connects: 0, reconnects: 0 };

  constructor(private readonly o: KioskBrowserOptions) {
    this.guard = new CrashLoopGuard(o.crashLoop ?? DEFAULT_CRASH_LOOP);
    this.hangAfterMs = o.hangAfterMs ?? DEFAULT_HANG_AFTER_MS;
    this.now = o.now ?? Date.now;
    this.log = o.log ?? ((m) => console.error(m));
  }

  get heartbeatMs(): number {
    return heartbeatPeriodMs(this.hangAfterMs);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The host listens at `url` (first start or a restarted core): launch, or resume watching. */
  onHostReady(url: string): void {
    if (this.stopping) return;
    this.hostUp = true;
    this.lastBeat = this.now();
    this.beatSinceReady = false;
    if (this.url === null) {
      this.url = url;
      this.launch();
      this.watchTimer = setInterval(() => this.checkHang(), Math.max(100, Math.floor(this.heartbeatMs / 2)));
      this.watchTimer.unref();
    }
  }

  /** The core is down: the page cannot send heartbeats now, so do not count the silence. */
  onHostDown(): void {
    this.hostUp = false;
  }

  onHeartbeat(): void {
    this.lastBeat = this.now();
    if (!this.child) return;
    if (!this.connected) {
      this.connected = true;
      this.beatSinceReady = true;
      this.stats.connects += 1;
      this.log(`kiosk page connected (browser pid ${this.child.pid}, launch ${this.stats.launches})`);
    } else if (!this.beatSinceReady) {
      this.beatSinceReady = true;
      this.stats.reconnects += 1;
      this.log(`kiosk page reconnected to the restarted core (browser pid ${this.child.pid}, launch ${this.stats.launches})`);
    }
  }

  /** Stops watching and closes the browser (its whole process group). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.relaunchTimer) clearTimeout(this.relaunchTimer);
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.relaunchTimer = null;
    this.watchTimer = null;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    // 'error' too: a spawn that failed has no pid and never emits 'exit'.
    const exited = new Promise<void>((r) => {
      child.once('exit', () => r());
      child.once('error', () => r());
    });
    this.killTree(child, 'SIGTERM');
    const force = setTimeout(() => this.killTree(child, 'SIGKILL'), 3000);
    await exited;
    clearTimeout(force);
  }

  private launch(): void {
    if (this.stopping || this.url === null) return;
    let child: ChildProcess;
    try {
      mkdirSync(this.o.userDataDir, { recursive: true });
      // A browser left on our profile by a host killed outright would take our URL and exit at once
      // (Chromium hands a second start to the running one), which looks like a crash loop.
      const stale = leftoverBrowserPid(this.o.userDataDir);
      if (stale !== null) {
        try {
          process.kill(stale, 'SIGKILL');
          this.log(`kiosk browser: ended a leftover browser (pid ${stale}) on its profile`);
        } catch {
          // Gone in the meantime.
        }
      }
      const args = browserArgs({
        url: this.url,
        userDataDir: this.o.userDataDir,
        heartbeatMs: this.heartbeatMs,
        isRoot: this.o.isRoot ?? process.getuid?.() === 0,
        extraArgs: this.o.extraArgs,
      });
      const spawn = this.o.spawn ?? nodeSpawn;
      // Its own process group, so a kill reaches the zygote and the renderers too.
      child = spawn(this.o.executable, args, { stdio: 'ignore', detached: process.platform !== 'win32' });
    } catch (err) {
      // A profile that cannot be made (a full or read-only disk) or a spawn that throws: this runs in
      // a timer, where a throw would be an uncaught exception in the host, and nothing would retry.
      this.log(`kiosk browser could not start: ${err instanceof Error ? err.message : String(err)}`);
      this.scheduleRelaunch('could not start');
      return;
    }
    this.child = child;
    this.connected = false;
    this.lastBeat = this.now();
    this.stats.launches += 1;
    this.log(`kiosk browser launched (pid ${child.pid}, launch ${this.stats.launches})`);
    // A spawn that fails (ENOENT while an upgrade swaps the binary, EAGAIN/EMFILE under memory
    // pressure) emits 'error' and never 'exit': without this the child stays set with no pid, the
    // hang check has nothing to kill, and the screen stays dark for good. onExit ignores the second
    // of the two events for one child.
    child.once('error', (err) => {
      this.log(`kiosk browser could not start: ${err.message}`);
      this.onExit(child, null, null);
    });
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    this.child = null;
    this.stats.exits += 1;
    // What is left of the group (renderers of a killed browser) goes too, before a new one starts.
    this.killTree(child, 'SIGKILL');
    this.scheduleRelaunch(child.pid === undefined ? 'never started' : (signal ?? `code ${code}`));
  }

  /** Relaunches through the crash-loop guard: soon after a first failure, paused when it repeats. */
  private scheduleRelaunch(why: string): void {
    if (this.stopping) return;
    const delay = this.guard.nextReloadDelay(this.now());
    this.log(`kiosk browser exited (${why}); relaunching in ${delay} ms`);
    if (this.relaunchTimer) clearTimeout(this.relaunchTimer);
    this.relaunchTimer = setTimeout(() => {
      this.relaunchTimer = null;
      this.launch();
    }, delay);
  }

  private checkHang(): void {
    const child = this.child;
    if (!child || !this.hostUp || this.stopping) return;
    const silent = this.now() - this.lastBeat;
    // A cold start on a slow box (a fresh profile, an SD card) gets twice the time to connect.
    if (silent < (this.connected ? this.hangAfterMs : 2 * this.hangAfterMs)) return;
    this.stats.hangs += 1;
    this.log(`kiosk page sent no heartbeat for ${silent} ms (${this.connected ? 'hung or crashed' : 'never connected'}); killing the browser`);
    this.lastBeat = this.now(); // one kill per silence; the exit handler relaunches
    this.killTree(child, 'SIGKILL');
  }

  private killTree(child: ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined) return;
    try {
      if (process.platform === 'win32') child.kill(signal);
      else process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  }
}
