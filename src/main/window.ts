/** The kiosk window: isolated, sandboxed, no navigation, no new windows, fullscreen from config. */
import { BrowserWindow, shell } from 'electron';
import { join } from 'node:path';

export function createKioskWindow(opts: { appUrl: string; fullscreen: boolean; isDev: boolean }): BrowserWindow {
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
      webSecurity: true,
      devTools: opts.isDev,
      // The decision sounds must play from the first scan, with no click on the page first.
      autoplayPolicy: 'no-user-gesture-required',
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https:')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== opts.appUrl) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.appUrl);
  return win;
}
