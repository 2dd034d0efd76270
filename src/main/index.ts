/**
 * Electron main process: the thin shell. It starts the same gate core as the headless host,
 * registers the contract over IPC, forwards core events to the window, and locks the kiosk down
 * (window.ts, lockdown.ts): one instance, no menu, a CSP on every response, only the camera
 * permission, and a relaunch after a main-process crash (bounded; past that the OS supervisor
 * restarts it, docs/auto-start.md).
 */
import { app, ipcMain, Menu, session } from 'electron';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ipcEventChannel } from '../shared/contract';
import { registerIpc, trustedSender } from './ipc';
import { chooseKeyWrapper } from './keyWrapper';
import { wrappedDbKey } from './privacy/dbKey';
import { contentSecurityPolicy, relaunchDecision } from './lockdown';
import { startGate } from './runtime/startGate';
import { defaultResourcesDir, rendererDir } from './paths';
import { createKioskWindow } from './window';
import { startSystemdWatchdog } from './systemdNotify';
import type { BrowserWindow } from 'electron';

const isDev = !app.isPackaged && process.env.NODE_ENV !== 'production';
const CRASH_HISTORY = 'main-crashes.json';

let win: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second start (a double-click, an auto-start racing a manual one) brings the kiosk forward.
  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  process.on('uncaughtException', (err) => onMainCrash(err));
  process.on('unhandledRejection', (err) => onMainCrash(err));
  app.whenReady().then(start).catch((err: unknown) => {
    console.error(err);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  if (!isDev) Menu.setApplicationMenu(null);
  const appUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(rendererDir(__dirname), 'index.html')).href;
  const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : defaultResourcesDir(__dirname);
  const dataDir = app.getPath('userData');
  const log = (m: string): void => console.error(m);
  const keyWrapper = chooseKeyWrapper(dataDir, log);
  const runtime = await startGate({ dataDir, resourcesDir, idKeyWrapper: keyWrapper, dbKey: (dir) => wrappedDbKey(dir, keyWrapper) });

  const ses = session.defaultSession;
  // The webcam QR reader is the only permission the kiosk page gets; the check handler also lets it
  // see camera names before the first request.
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'media'));
  ses.setPermissionCheckHandler((_wc, permission) => permission === 'media');
  const csp = contentSecurityPolicy(isDev);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  registerIpc(ipcMain, runtime.dispatch, trustedSender(appUrl));
  const w = createKioskWindow({ appUrl, fullscreen: runtime.config.kiosk.fullscreen, isDev, log });
  win = w;
  runtime.events.subscribe((event, payload) => {
    if (!w.isDestroyed()) w.webContents.send(ipcEventChannel, event, payload);
  });
  // Under a systemd user unit (Type=notify, WatchdogSec=) a hung main process stops the pings and is restarted.
  const stopWatchdog = startSystemdWatchdog(process.env, process.pid);
  app.on('window-all-closed', () => {
    stopWatchdog();
    void runtime.close().finally(() => app.quit());
  });
}

/**
 * The main process cannot carry on after an uncaught error (the core's state is unknown), so it
 * relaunches: a handful of times, then it exits non-zero for the OS supervisor.
 */
function onMainCrash(err: unknown): void {
  console.error('main process crashed:', err);
  if (isDev) {
    app.exit(1);
    return;
  }
  const file = join(app.getPath('userData'), CRASH_HISTORY);
  let previous: number[] = [];
  try {
    if (existsSync(file)) previous = JSON.parse(readFileSync(file, 'utf8')) as number[];
  } catch {
    previous = [];
  }
  const decision = relaunchDecision(Array.isArray(previous) ? previous : [], Date.now());
  try {
    writeFileSync(file, JSON.stringify(decision.history));
  } catch {
    // A full disk must not stop the relaunch itself.
  }
  if (decision.relaunch) app.relaunch();
  app.exit(1);
}
