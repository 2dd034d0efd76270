/**
 * The kiosk window: isolated, sandboxed, no navigation, no new windows, no webviews, fullscreen
 * from config. In production builds (not `isDev`) it also has no devtools, no menu, and swallows
 * the reload, zoom, devtools and close shortcuts (lockdown.ts). A crashed or hung page is reloaded,
 * with a pause when it keeps crashing.
 */
import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { CrashLoopGuard, isAppUrl, isBlockedShortcut } from './lockdown';

export type KioskWindowOptions = {
  appUrl: string;
  fullscreen: boolean;
  isDev: boolean;
  log?: (msg: string) => void;
  now?: () => number;
};

/** How long a page may stay unresponsive before it is killed (and so reloaded). */
export const UNRESPONSIVE_KILL_MS = 15_000;

export function createKioskWindow(opts: KioskWindowOptions): BrowserWindow {
  const log = opts.log ?? ((m: string) => console.error(m));
  const now = opts.now ?? Date.now;
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    kiosk: opts.fullscreen,
    fullscreen: opts.fullscreen,
    autoHideMenuBar: true,
    backgroundColor: '#101418',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would open a link in a new window (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      devTools: opts.isDev,
      // The decision sounds must play from the first scan, with no click on the page first.
      autoplayPolicy: 'no-user-gesture-required',
    },
  });
  const wc = win.webContents;
  if (!opts.isDev) {
    win.removeMenu();
    win.setMenuBarVisibility(false);
    wc.on('before-input-event', (event, input) => {
      if (isBlockedShortcut(input)) event.preventDefault();
    });
    // Pinch and Ctrl+wheel zoom too: the layout is sized for the kiosk screen.
    void wc.setVisualZoomLevelLimits(1, 1);
    wc.on('zoom-changed', () => wc.setZoomFactor(1));
    wc.on('devtools-opened', () => wc.closeDevTools());
  }
  // A kiosk never opens another window, not even the system browser: that would be a way out.
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, opts.appUrl)) event.preventDefault();
  });
  wc.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, opts.appUrl)) event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());

  const crashes = new CrashLoopGuard();
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  let hungTimer: ReturnType<typeof setTimeout> | null = null;
  // Every other reason (crashed, killed, oom, abnormal-exit, launch-failed, integrity-failure,
  // memory-eviction, and any a later Electron adds) leaves a dead page: reload it. A clean exit is
  // the window closing.
  wc.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    // A hang that ended in a crash is over: its pending kill must not hit the reloaded page.
    if (hungTimer) clearTimeout(hungTimer);
    hungTimer = null;
    const delay = crashes.nextReloadDelay(now());
    log(`kiosk page gone (${details.reason}); reloading in ${delay} ms`);
    if (reloadTimer) clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      if (!win.isDestroyed()) void win.loadURL(opts.appUrl);
    }, delay);
  });
  win.on('unresponsive', () => {
    hungTimer ??= setTimeout(() => {
      hungTimer = null;
      log('kiosk page unresponsive; restarting it');
      if (!win.isDestroyed()) wc.forcefullyCrashRenderer(); // render-process-gone then reloads it
    }, UNRESPONSIVE_KILL_MS);
  });
  win.on('responsive', () => {
    if (hungTimer) clearTimeout(hungTimer);
    hungTimer = null;
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.appUrl);
  return win;
}
