import { useEffect, useRef } from 'react';
import { useGate } from './gateContext';

/**
 * Calls `onReconnect` each time the link to the core comes back after a drop. Events pushed while
 * it was down are lost, and a restarted core has forgotten what the screen set, so state that
 * follows events must be fetched (or pushed) again. Over IPC the link never drops.
 */
export function useOnReconnect(onReconnect: () => void): void {
  const { connection } = useGate();
  const callback = useRef(onReconnect);
  useEffect(() => {
    callback.current = onReconnect;
  }, [onReconnect]);

  useEffect(() => {
    let last = connection.get();
    return connection.subscribe(() => {
      const now = connection.get();
      if (now === 'connected' && last !== 'connected') callback.current();
      last = now;
    });
  }, [connection]);
}

/** Must match runtime/kioskBrowser.ts (the renderer does not import main-process code). */
const HEARTBEAT_FRAME = '{"kind":"heartbeat"}';

/**
 * The period `?heartbeat=<ms>` asks for: the host adds it when it launched this browser itself
 * (`--kiosk-browser`) and watches for hangs. Null otherwise (Electron, a browser opened by hand).
 */
export function heartbeatPeriod(search: string): number | null {
  const raw = new URLSearchParams(search).get('heartbeat');
  if (raw === null) return null;
  const ms = Number(raw);
  return Number.isInteger(ms) && ms >= 100 && ms <= 60_000 ? ms : null;
}

/**
 * Tells the host, from this page's main thread, that the kiosk screen is alive: a hung script, a
 * crashed renderer or an unmounted app stops it and the host relaunches the browser. Its own small
 * socket to the same `/ws`, reopened when it drops, so the contract transport stays untouched.
 */
export function useKioskHeartbeat(kind: 'ipc' | 'ws', loc: Location = window.location): void {
  useEffect(() => {
    const period = kind === 'ws' ? heartbeatPeriod(loc.search) : null;
    if (period === null) return;
    const url = `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
    let socket: WebSocket | null = null;
    const timer = setInterval(() => {
      if (socket?.readyState === WebSocket.OPEN) socket.send(HEARTBEAT_FRAME);
      else if (socket === null || socket.readyState === WebSocket.CLOSED) socket = open();
    }, period);
    const open = (): WebSocket => {
      const ws = new WebSocket(url);
      ws.onopen = () => ws.send(HEARTBEAT_FRAME);
      return ws;
    };
    socket = open();
    return () => {
      clearInterval(timer);
      socket?.close();
    };
  }, [kind, loc]);
}
