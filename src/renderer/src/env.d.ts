/// <reference types="vite/client" />

// Present only inside Electron, where the preload exposes the IPC bridge; the headless host's
// browser page has no `window.gate` and falls back to the WebSocket.
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- merging into Window needs an interface
interface Window {
  gate?: import('../../shared/client').GateBridge;
}
