/**
 * Electron main process: the thin shell. It starts the same gate core as the headless host,
 * registers the contract over IPC, forwards core events to the window, and locks the kiosk down.
 */
import { app, ipcMain, session } from 'electron';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ipcEventChannel } from '../shared/contract';
import { registerIpc, trustedSender } from './ipc';
import { startGate } from './runtime/startGate';
import { defaultResourcesDir, rendererDir } from './paths';
import { createKioskWindow } from './window';

const isDev = !app.isPackaged && process.env.NODE_ENV !== 'production';

if (!app.requestSingleInstanceLock()) app.quit();

app.whenReady().then(async () => {
  const appUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(rendererDir(__dirname), 'index.html')).href;
  const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : defaultResourcesDir(__dirname);
  const runtime = await startGate({ dataDir: app.getPath('userData'), resourcesDir });

  // The webcam QR reader is the only permission the kiosk page gets; the check handler also lets it
  // see camera names before the first request.
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'media'));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'media');
  registerIpc(ipcMain, runtime.dispatch, trustedSender(appUrl));
  const win = createKioskWindow({ appUrl, fullscreen: runtime.config.kiosk.fullscreen, isDev });
  runtime.events.subscribe((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(ipcEventChannel, event, payload);
  });
  win.webContents.on('render-process-gone', () => {
    if (!win.isDestroyed()) win.webContents.reload();
  });
  app.on('window-all-closed', () => {
    void runtime.close().finally(() => app.quit());
  });
}).catch((err: unknown) => {
  console.error(err);
  app.exit(1);
});
