/**
 * Kiosk lockdown rules for the Electron shell, kept free of `electron` so they are tested as plain
 * functions: which key combinations a production kiosk swallows, which URLs the window may show,
 * the Content-Security-Policy it sends, and how often a crashed page is reloaded.
 */

/** The parts of Electron's `Input` (before-input-event) the rules read. */
export type KeyInput = { type: string; key: string; code?: string; control: boolean; meta: boolean; shift: boolean; alt: boolean };

const ZOOM_KEYS = new Set(['=', '+', '-', '_', '0']);
const DEVTOOLS_KEYS = new Set(['i', 'j', 'c']);

/**
 * Reload, devtools, zoom, view-source, closing and quitting: a guard leaning on the keyboard must
 * not be able to leave, reload or inspect the kiosk. Ordinary typing (pass numbers, names,
 * temperatures) and the scanner's Enter/Tab are untouched.
 */
export function isBlockedShortcut(i: KeyInput): boolean {
  if (i.type !== 'keyDown' && i.type !== 'rawKeyDown') return false;
  const key = i.key.length === 1 ? i.key.toLowerCase() : i.key;
  const mod = i.control || i.meta;
  if (key === 'F5' || key === 'F11' || key === 'F12' || key === 'BrowserRefresh') return true;
  if (i.alt && key === 'F4') return true;
  if (i.alt && (key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home')) return true; // history
  if (!mod) return false;
  if (key === 'r' || key === 'w' || key === 'q' || key === 'n' || key === 't' || key === 'u' || key === 'o' || key === 's') return true;
  if (i.shift && DEVTOOLS_KEYS.has(key)) return true;
  if (ZOOM_KEYS.has(key)) return true;
  return false;
}

/** Only the page the shell loaded (same origin and path; a hash change is not a navigation away). */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const u = new URL(url);
    const a = new URL(appUrl);
    return u.protocol === a.protocol && u.host === a.host && u.pathname === a.pathname;
  } catch {
    return false;
  }
}

/**
 * Sent on every response the window receives (the page also carries it as a meta tag, which file://
 * loads rely on). No remote script, no plugins, no framing; WebSocket only for the dev server.
 */
export function contentSecurityPolicy(isDev: boolean): string {
  return [
    "default-src 'self'",
    isDev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    isDev ? "connect-src 'self' ws:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export type CrashLoopPolicy = { windowMs: number; maxQuickReloads: number; coolDownMs: number };

/** Three crashes within a minute are a loop: the fourth reload waits half a minute. */
export const DEFAULT_CRASH_LOOP: CrashLoopPolicy = { windowMs: 60_000, maxQuickReloads: 3, coolDownMs: 30_000 };

/**
 * Decides how soon a crashed page is reloaded. A kiosk never gives up (an empty screen at the gate
 * is the worst outcome), but a page that crashes on load must not reload in a tight loop.
 */
export class CrashLoopGuard {
  private crashes: number[] = [];

  constructor(private readonly policy: CrashLoopPolicy = DEFAULT_CRASH_LOOP) {}

  /** Records a crash at `now` and returns the delay before reloading. */
  nextReloadDelay(now: number): number {
    this.crashes = [...this.crashes.filter((t) => now - t < this.policy.windowMs), now];
    return this.crashes.length > this.policy.maxQuickReloads ? this.policy.coolDownMs : 0;
  }
}

export type RelaunchPolicy = { windowMs: number; maxRelaunches: number };

/** The main process may relaunch itself 5 times in 10 minutes; past that the OS service manager decides. */
export const DEFAULT_RELAUNCH: RelaunchPolicy = { windowMs: 10 * 60_000, maxRelaunches: 5 };

/**
 * After a main-process crash: the crash times still inside the window (to store for next time) and
 * whether to relaunch. Past the limit the app exits with an error, so a supervisor (systemd
 * Restart=, Task Scheduler's restart-on-failure) with its own back-off takes over instead of a loop.
 */
export function relaunchDecision(previous: readonly number[], now: number, p: RelaunchPolicy = DEFAULT_RELAUNCH): { relaunch: boolean; history: number[] } {
  const history = [...previous.filter((t) => Number.isFinite(t) && now - t < p.windowMs), now];
  return { relaunch: history.length <= p.maxRelaunches, history };
}
