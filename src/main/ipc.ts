/**
 * Electron IPC registration: one `handle` per contract method, all into the same dispatcher the
 * WebSocket host uses. Calls from any frame but our own top-level page are refused (Electron
 * advisory GHSA-mq8j-3h7h-p8g7: validate senderFrame in every handler).
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcChannel, methodNames, type Result } from '../shared/contract';
import type { Dispatch } from './api/dispatch';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, dispatch: Dispatch, isTrusted: SenderCheck): () => void {
  for (const method of methodNames) {
    ipcMain.handle(ipcChannel(method), async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrusted(event)) return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
      return dispatch(method, input);
    });
  }
  return () => methodNames.forEach((m) => ipcMain.removeHandler(ipcChannel(m)));
}

/** Trusts only the main frame of a page loaded from `appUrl` (file:// in production). */
export function trustedSender(appUrl: string): SenderCheck {
  const app = new URL(appUrl);
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    try {
      const u = new URL(frame.url);
      return u.protocol === app.protocol && u.host === app.host && u.pathname === app.pathname;
    } catch {
      return false;
    }
  };
}
