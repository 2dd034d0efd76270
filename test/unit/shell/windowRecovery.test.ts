/**
 * The Electron kiosk window's crash and hang recovery against a fake Electron (the binary cannot run
 * on the build machines): every reason Electron gives for a gone renderer, the hang kill, and the
 * crash-loop pause. The fake's forcefullyCrashRenderer behaves like Electron's: the renderer dies
 * and `render-process-gone` follows with reason 'killed'.
 */
import type { RenderProcessGoneDetails } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

class Emitter {
  listeners = new Map<string, Listener[]>();
  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Listener): this {
    return this.on(event, fn);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const fn of this.listeners.get(event) ?? []) fn(...args);
  }
}

class FakeWebContents extends Emitter {
  killed = 0;
  setWindowOpenHandler = vi.fn();
  setVisualZoomLevelLimits = vi.fn(() => Promise.resolve());
  setZoomFactor = vi.fn();
  closeDevTools = vi.fn();
  forcefullyCrashRenderer(): void {
    this.killed += 1;
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  }
}

class FakeBrowserWindow extends Emitter {
  static last: FakeBrowserWindow | null = null;
  webContents = new FakeWebContents();
  loaded: string[] = [];
  destroyed = false;
  constructor() {
    super();
    FakeBrowserWindow.last = this;
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  removeMenu = vi.fn();
  setMenuBarVisibility = vi.fn();
  show = vi.fn();
  isDestroyed = (): boolean => this.destroyed;
}

vi.mock('electron', () => ({ BrowserWindow: FakeBrowserWindow }));

const APP_URL = 'file:///opt/gatehouse/out/renderer/index.html';
type Reason = RenderProcessGoneDetails['reason'];
/** Exhaustive over Electron's own type: a reason added to it fails to compile here until it is decided. */
const REASONS: Record<Reason, 'reload' | 'ignore'> = {
  'clean-exit': 'ignore',
  'abnormal-exit': 'reload',
  killed: 'reload',
  crashed: 'reload',
  oom: 'reload',
  'launch-failed': 'reload',
  'integrity-failure': 'reload',
  'memory-eviction': 'reload',
};

let logs: string[];
async function kioskWindow(): Promise<FakeBrowserWindow> {
  const { createKioskWindow } = await import('../../../src/main/window');
  createKioskWindow({ appUrl: APP_URL, fullscreen: true, isDev: false, log: (m) => logs.push(m) });
  return FakeBrowserWindow.last!;
}
const gone = (w: FakeBrowserWindow, reason: Reason): void => w.webContents.emit('render-process-gone', {}, { reason, exitCode: 1 });

beforeEach(() => {
  logs = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('kiosk window recovery', () => {
  it.each(Object.entries(REASONS))('renderer gone (%s): %s', async (reason, expected) => {
    const w = await kioskWindow();
    gone(w, reason as Reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(w.loaded).toEqual(expected === 'reload' ? [APP_URL, APP_URL] : [APP_URL]);
  });

  it('a window being closed is not reloaded, whatever the reason', async () => {
    const w = await kioskWindow();
    w.destroyed = true;
    gone(w, 'crashed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.loaded).toEqual([APP_URL]);
  });

  it('a page hung for 15 s is killed and reloaded; one that recovers in time is left alone', async () => {
    const w = await kioskWindow();
    w.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(14_000);
    w.emit('responsive');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.webContents.killed).toBe(0);
    w.emit('unresponsive');
    w.emit('unresponsive'); // Electron repeats the event while the hang lasts: still one kill
    await vi.advanceTimersByTimeAsync(15_000);
    expect(w.webContents.killed).toBe(1);
    // The reload the kill led to (a 0 ms timer set inside a fake-timer callback is due 1 ms later).
    await vi.advanceTimersByTimeAsync(1);
    expect(w.loaded).toEqual([APP_URL, APP_URL]);
    expect(logs.some((l) => l.includes('unresponsive'))).toBe(true);
  });

  it('a hung page that then crashes by itself is reloaded once, and the pending hang kill does not hit the new page', async () => {
    const w = await kioskWindow();
    w.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(5_000);
    gone(w, 'crashed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.webContents.killed).toBe(0);
    expect(w.loaded).toEqual([APP_URL, APP_URL]);
  });

  it('a page that keeps crashing (any mix of reasons, hangs included) reloads three times at once, then after a 30 s pause', async () => {
    const w = await kioskWindow();
    gone(w, 'oom');
    gone(w, 'abnormal-exit');
    await vi.advanceTimersByTimeAsync(0);
    w.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(15_001); // killed: the third within the minute, reloaded at once
    expect(w.loaded).toHaveLength(3); // two reloads: the second crash came before the first reload ran
    gone(w, 'crashed'); // the fourth within the minute
    await vi.advanceTimersByTimeAsync(29_000);
    expect(w.loaded).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.loaded).toHaveLength(4);
    expect(logs.at(-1)).toMatch(/crashed.*30000 ms/);
    // A minute of quiet and the next crash reloads at once again.
    await vi.advanceTimersByTimeAsync(60_000);
    gone(w, 'killed');
    await vi.advanceTimersByTimeAsync(0);
    expect(w.loaded).toHaveLength(5);
  });
});
