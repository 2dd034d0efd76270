/**
 * Chooses the transport once at start. Electron's preload gives `window.gate`; the headless host's
 * browser page has none and talks over the same-host WebSocket instead.
 */
import { createClient } from '../../../shared/client';
import type { GateClient } from '../../../shared/contract';
import { WsBridge, sameHostWsUrl, type ConnectionState } from './wsBridge';

export type { ConnectionState } from './wsBridge';

/** Shaped for React's useSyncExternalStore. */
export type ConnectionSource = {
  get(): ConnectionState;
  subscribe(listener: () => void): () => void;
};

export type Transport = {
  kind: 'ipc' | 'ws';
  client: GateClient;
  connection: ConnectionSource;
};

/** IPC lives as long as the window does, so there is nothing to reconnect. */
const alwaysConnected: ConnectionSource = {
  get: () => 'connected',
  subscribe: () => () => undefined,
};

export function startTransport(win: Window = window): Transport {
  if (win.gate) {
    return { kind: 'ipc', client: createClient(win.gate), connection: alwaysConnected };
  }
  const bridge = new WsBridge(sameHostWsUrl(win.location));
  return {
    kind: 'ws',
    client: createClient(bridge),
    connection: {
      get: () => bridge.connectionState,
      subscribe: (listener) => bridge.onStateChange(() => listener()),
    },
  };
}
