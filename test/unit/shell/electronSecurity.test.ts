/**
 * The Electron shell's security settings, checked against a fake Electron (the binary cannot run on
 * the build machines): the window's webPreferences, its navigation, new-window and webview
 * handlers, the shortcut lockdown, crash recovery, and what index.ts sets on the session (CSP
 * header, permissions, menu, single instance).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

/** A BrowserWindow stand-in recording its options and every handler the shell registers. */
class FakeWebContents {
  listeners = new Map<string, Listener[]>();
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  zoomLimits: [number, number] | null = null;
  crashed = 0;
  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const fn of this.listeners.get(event) ?? []) fn(...args);
  }
  setWindowOpenHandler(fn: FakeWebContents['openHandler']): void {
    this.openHandler = fn;
  }
  setVisualZoomLevelLimits(min: number, max: number): Promise<void> {
    this.zoomLimits = [min, max];
    return Promise.resolve();
  }
  setZoomFactor = vi.fn();
  closeDevTools = vi.fn();
  forcefullyCrashRenderer(): void {
    this.crashed += 1;
  }
  send = vi.fn();
}

class FakeBrowserWindow {
  static created: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  listeners = new Map<string, Listener[]>();
  loaded: string[] = [];
  menuRemoved = false;
  constructor(readonly options: { webPreferences: Record<string, unknown>; kiosk?: boolean; fullscreen?: boolean }) {
    FakeBrowserWindow.created.push(this);
  }
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
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  removeMenu(): void {
    this.menuRemoved = true;
  }
  setMenuBarVisibility = vi.fn();
  isDestroyed = (): boolean => false;
  isMinimized = (): boolean => false;
  restore = vi.fn();
  focus = vi.fn();
  show = vi.fn();
}

const electron = vi.hoisted(() => ({
  state: {
    headersHandler: null as null | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void),
    permissionRequest: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
    permissionCheck: null as null | ((wc: unknown, permission: string) => boolean),
    appListeners: new Map<string, (...a: unknown[]) => void>(),
    menu: 'default' as unknown,
    lock: true,
    ready: null as null | Promise<void>,
  },
}));

vi.mock('electron', () => ({
  BrowserWindow: FakeBrowserWindow,
  shell: { openExternal: vi.fn() },
  Menu: { setApplicationMenu: (m: unknown) => (electron.state.menu = m) },
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text', encryptString: vi.fn(), decryptString: vi.fn() },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof electron.state.permissionRequest) => (electron.state.permissionRequest = fn),
      setPermissionCheckHandler: (fn: typeof electron.state.permissionCheck) => (electron.state.permissionCheck = fn),
      webRequest: { onHeadersReceived: (fn: typeof electron.state.headersHandler) => (electron.state.headersHandler = fn) },
    },
  },
  app: {
    isPackaged: true,
    requestSingleInstanceLock: () => electron.state.lock,
    quit: vi.fn(),
    exit: vi.fn(),
    relaunch: vi.fn(),
    getPath: () => '/tmp/gatehouse-electron-test',
    on: (event: string, fn: (...a: unknown[]) => void) => electron.state.appListeners.set(event, fn),
    whenReady: () => (electron.state.ready = Promise.resolve()),
  },
}));

vi.mock('../../../src/main/runtime/startGate', () => ({
  startGate: vi.fn(async () => ({
    config: { kiosk: { fullscreen: true } },
    dispatch: vi.fn(),
    events: { subscribe: vi.fn() },
    close: vi.fn(async () => {}),
  })),
}));

const watchdog = vi.hoisted(() => ({ stop: vi.fn() }));
vi.mock('../../../src/main/systemdNotify', () => ({ startSystemdWatchdog: vi.fn(() => watchdog.stop) }));

const APP_URL = 'file:///opt/gatehouse/out/renderer/index.html';

async function kioskWindow(isDev = false): Promise<FakeBrowserWindow> {
  const { createKioskWindow } = await import('../../../src/main/window');
  createKioskWindow({ appUrl: APP_URL, fullscreen: true, isDev, log: () => {} });
  return FakeBrowserWindow.created[FakeBrowserWindow.created.length - 1]!;
}

function prevented(fire: (event: { preventDefault: () => void }) => void): boolean {
  let p = false;
  fire({ preventDefault: () => (p = true) });
  return p;
}

const key = (k: string, mods: Partial<{ control: boolean; shift: boolean; alt: boolean; meta: boolean }> = {}) => ({
  type: 'keyDown',
  key: k,
  control: false,
  shift: false,
  alt: false,
  meta: false,
  ...mods,
});

beforeEach(() => {
  FakeBrowserWindow.created = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the kiosk window', () => {
  it('is isolated and sandboxed, with Node, webviews, insecure content and devtools off', async () => {
    const w = await kioskWindow();
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
    expect(w.options.kiosk).toBe(true);
    expect(w.menuRemoved).toBe(true);
    expect(w.loaded).toEqual([APP_URL]);
  });

  it('navigates nowhere but its own page, opens no window (not even the system browser) and attaches no webview', async () => {
    const { shell } = await import('electron');
    const w = await kioskWindow();
    const nav = (url: string) => prevented((e) => w.webContents.emit('will-navigate', e, url));
    expect(nav('https://example.com/')).toBe(true);
    expect(nav('file:///etc/passwd')).toBe(true);
    expect(nav(`${APP_URL}#/log`)).toBe(false);
    expect(prevented((e) => w.webContents.emit('will-redirect', e, 'https://example.com/'))).toBe(true);
    expect(w.webContents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(w.webContents.openHandler?.({ url: APP_URL })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(prevented((e) => w.webContents.emit('will-attach-webview', e, {}, {}))).toBe(true);
  });

  it('swallows reload, devtools, zoom and close shortcuts in production, and lets typing through', async () => {
    const w = await kioskWindow();
    const blocked = (input: ReturnType<typeof key>) => prevented((e) => w.webContents.emit('before-input-event', e, input));
    for (const k of [key('r', { control: true }), key('R', { control: true, shift: true }), key('F5'), key('F12'), key('I', { control: true, shift: true }), key('=', { control: true }), key('-', { control: true }), key('0', { control: true }), key('w', { control: true }), key('F4', { alt: true }), key('q', { meta: true })]) {
      expect(blocked(k), JSON.stringify(k)).toBe(true);
    }
    for (const k of [key('H'), key('7'), key('Enter'), key('Tab'), key('Backspace'), key('c', { control: true }), key('v', { control: true })]) {
      expect(blocked(k), JSON.stringify(k)).toBe(false);
    }
    expect(w.webContents.zoomLimits).toEqual([1, 1]);
    w.webContents.emit('devtools-opened');
    expect(w.webContents.closeDevTools).toHaveBeenCalled();
  });

  it('keeps devtools and shortcuts in a development build', async () => {
    const w = await kioskWindow(true);
    expect(w.options.webPreferences.devTools).toBe(true);
    expect(w.webContents.listeners.get('before-input-event')).toBeUndefined();
  });

  it('reloads a crashed page at once, and pauses when it keeps crashing', async () => {
    vi.useFakeTimers();
    const w = await kioskWindow();
    const crash = () => w.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    for (let i = 1; i <= 3; i++) {
      crash();
      await vi.advanceTimersByTimeAsync(0);
      expect(w.loaded).toHaveLength(1 + i);
    }
    crash(); // the fourth within a minute: a loop
    await vi.advanceTimersByTimeAsync(29_000);
    expect(w.loaded).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.loaded).toHaveLength(5);
    w.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.loaded).toHaveLength(5);
  });

  it('kills a page that stays unresponsive (so it is reloaded), but not one that recovers', async () => {
    vi.useFakeTimers();
    const w = await kioskWindow();
    w.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(10_000);
    w.emit('responsive');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(w.webContents.crashed).toBe(0);
    w.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(w.webContents.crashed).toBe(1);
  });
});

describe('the main process (index.ts)', () => {
  it('sends a strict CSP header, grants only the camera, removes the menu, and brings the one instance forward', async () => {
    // A packaged build: resources sit beside the app.
    Object.assign(process, { resourcesPath: '/opt/gatehouse/resources' });
    await import('../../../src/main/index');
    await electron.state.ready;
    await vi.waitFor(() => expect(electron.state.headersHandler).not.toBeNull());
    let headers: Record<string, string[]> = {};
    electron.state.headersHandler!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders));
    const csp = headers['Content-Security-Policy']![0]!;
    expect(headers['X-Other']).toEqual(['1']);
    for (const d of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"]) expect(csp).toContain(d);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);

    const asked: Record<string, boolean> = {};
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal']) electron.state.permissionRequest!({}, p, (ok) => (asked[p] = ok));
    expect(asked).toEqual({ media: true, geolocation: false, notifications: false, openExternal: false });
    expect(electron.state.permissionCheck!({}, 'clipboard-read')).toBe(false);
    expect(electron.state.menu).toBeNull();

    const w = FakeBrowserWindow.created[FakeBrowserWindow.created.length - 1]!;
    electron.state.appListeners.get('second-instance')!();
    expect(w.focus).toHaveBeenCalled();

    // systemd's watchdog is pinged from the main process's own loop, for this process.
    const { startSystemdWatchdog } = await import('../../../src/main/systemdNotify');
    expect(startSystemdWatchdog).toHaveBeenCalledWith(process.env, process.pid);
    electron.state.appListeners.get('window-all-closed')!();
    expect(watchdog.stop).toHaveBeenCalled();
  });

  it('relaunches after a main-process crash, a few times, then leaves it to the OS supervisor', async () => {
    const { app } = await import('electron');
    const { mkdirSync, rmSync } = await import('node:fs');
    rmSync('/tmp/gatehouse-electron-test', { recursive: true, force: true });
    mkdirSync('/tmp/gatehouse-electron-test', { recursive: true });
    // index.ts registered its handler when imported above.
    const onCrash = process.listeners('uncaughtException').at(-1)!;
    for (let i = 0; i < 6; i++) onCrash(new Error('boom'), 'uncaughtException');
    expect(app.relaunch).toHaveBeenCalledTimes(5);
    expect(app.exit).toHaveBeenCalledTimes(6);
    expect(vi.mocked(app.exit).mock.calls.every(([code]) => code === 1)).toBe(true);
    process.removeListener('uncaughtException', onCrash);
    process.removeListener('unhandledRejection', process.listeners('unhandledRejection').at(-1)!);
    rmSync('/tmp/gatehouse-electron-test', { recursive: true, force: true });
  });
});
