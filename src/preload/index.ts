/**
 * The preload exposes exactly one object, `window.gate`: a bridge limited to the contract's methods
 * and events. The raw ipcRenderer never reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { eventNames, ipcChannel, ipcEventChannel, methodNames, type EventName, type MethodName, type Result } from '../shared/contract';
import type { GateBridge } from '../shared/client';

const methods = new Set<string>(methodNames);
const events = new Set<string>(eventNames);

const bridge: GateBridge = {
  invoke(method: MethodName, input: unknown): Promise<Result<unknown>> {
    if (!methods.has(method)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `unknown method: ${String(method)}` } });
    }
    return ipcRenderer.invoke(ipcChannel(method), input) as Promise<Result<unknown>>;
  },
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void {
    const handler = (_e: Electron.IpcRendererEvent, event: unknown, payload: unknown): void => {
      if (typeof event === 'string' && events.has(event)) listener(event as EventName, payload);
    };
    ipcRenderer.on(ipcEventChannel, handler);
    return () => ipcRenderer.removeListener(ipcEventChannel, handler);
  },
};

contextBridge.exposeInMainWorld('gate', bridge);
