/// <reference types="vite/client" />

// Present only inside Electron, where the preload exposes the IPC bridge; the headless host's
// browser page has no `window.gate` and falls back to the WebSocket.
interface Window {
  gate?: import('../../shared/client').GateBridge;
}
