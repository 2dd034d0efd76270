/**
 * GateBridge over the headless host's WebSocket (`/ws`).
 *
 * The socket is an implementation detail: callers get the same `Result` envelope as over IPC, and
 * a dropped connection turns into `{ ok: false, error: { code: 'unavailable' } }` instead of a
 * promise that never settles, so the guard screen can always say what happened.
 */
import type { GateBridge } from '../../../shared/client';
import type { EventName, GateErrorShape, MethodName, Result } from '../../../shared/contract';
import { eventNames } from '../../../shared/contract';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

/** The part of the DOM WebSocket we use, so tests can inject a fake class. */
export type WebSocketLike = {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
};
export type WebSocketCtor = new (url: string) => WebSocketLike;

export type WsBridgeOptions = {
  /** How long a call made while disconnected waits for the connection before failing. */
  connectWaitMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
};

const OPEN = 1;

type Waiting = {
  frame: string;
  id: number;
  resolve: (r: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
};
type Pending = { resolve: (r: Result<unknown>) => void };

const knownEvents = new Set<string>(eventNames);

function unavailable(message: string): Result<never> {
  const error: GateErrorShape = { code: 'unavailable', message };
  return { ok: false, error };
}

export class WsBridge implements GateBridge {
  private socket: WebSocketLike | null = null;
  private state: ConnectionState = 'connecting';
  private nextId = 1;
  private backoffMs: number;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly pending = new Map<number, Pending>();
  private readonly waiting: Waiting[] = [];
  private readonly eventListeners = new Set<(event: EventName, payload: unknown) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly connectWaitMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly url: string;
  private readonly WebSocketImpl: WebSocketCtor;

  constructor(
    url: string,
    WebSocketImpl: WebSocketCtor = globalThis.WebSocket as unknown as WebSocketCtor,
    options: WsBridgeOptions = {},
  ) {
    this.url = url;
    this.WebSocketImpl = WebSocketImpl;
    this.connectWaitMs = options.connectWaitMs ?? 10_000;
    this.minBackoffMs = options.minBackoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.backoffMs = this.minBackoffMs;
    this.connect();
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  invoke(method: MethodName, input: unknown): Promise<Result<unknown>> {
    if (this.closed) return Promise.resolve(unavailable('connection closed'));
    const id = this.nextId++;
    const frame = JSON.stringify({ id, method, input });
    return new Promise((resolve) => {
      if (this.socket?.readyState === OPEN && this.state === 'connected') {
        this.send(id, frame, resolve);
        return;
      }
      const timer = setTimeout(() => {
        const index = this.waiting.findIndex((w) => w.id === id);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve(unavailable(`no connection to the gate core after ${this.connectWaitMs} ms`));
      }, this.connectWaitMs);
      this.waiting.push({ frame, id, resolve, timer });
    });
  }

  subscribe(listener: (event: EventName, payload: unknown) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Stops reconnecting and fails everything outstanding; for tests and page teardown. */
  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    this.socket = null;
    this.failAll('connection closed');
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.onerror = null;
      socket.onopen = null;
      try {
        socket.close();
      } catch {
        // Already closing; nothing left to release.
      }
    }
  }

  private send(id: number, frame: string, resolve: (r: Result<unknown>) => void): void {
    this.pending.set(id, { resolve });
    try {
      this.socket?.send(frame);
    } catch (err) {
      this.pending.delete(id);
      resolve(unavailable(`send failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  private setState(next: ConnectionState): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of [...this.stateListeners]) {
      try {
        listener(next);
      } catch {
        // A broken indicator must not stop the transport.
      }
    }
  }

  private connect(): void {
    if (this.closed) return;
    let socket: WebSocketLike;
    try {
      socket = new this.WebSocketImpl(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.backoffMs = this.minBackoffMs;
      this.setState('connected');
      const queued = this.waiting.splice(0);
      for (const w of queued) {
        clearTimeout(w.timer);
        this.send(w.id, w.frame, w.resolve);
      }
    };
    socket.onmessage = (ev) => {
      if (socket === this.socket) this.handleMessage(ev.data);
    };
    // Browsers always follow `error` with `close`; reconnecting from both would double the sockets.
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.failPending('connection to the gate core lost');
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.setState('reconnecting');
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private failPending(message: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.resolve(unavailable(message));
  }

  private failAll(message: string): void {
    this.failPending(message);
    for (const w of this.waiting.splice(0)) {
      clearTimeout(w.timer);
      w.resolve(unavailable(message));
    }
  }

  private handleMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const f = frame as Record<string, unknown>;
    if (f.kind === 'result' && typeof f.id === 'number') {
      const pending = this.pending.get(f.id);
      if (!pending) return;
      this.pending.delete(f.id);
      pending.resolve(
        isResult(f.result)
          ? f.result
          : { ok: false, error: { code: 'internal', message: 'malformed result frame' } },
      );
    } else if (f.kind === 'event' && typeof f.event === 'string' && knownEvents.has(f.event)) {
      const event = f.event as EventName;
      for (const listener of [...this.eventListeners]) {
        try {
          listener(event, f.payload);
        } catch (err) {
          // One faulty screen must not starve the others of events.
          console.error('gate event listener failed', err);
        }
      }
    } else if (f.kind === 'error') {
      // The server could not parse one of our frames, so it cannot say which call; that call
      // still gets an answer when the socket drops or the server replies.
      console.warn('gate core rejected a frame', f.error);
    }
  }
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  if (r.ok === true) return 'value' in r;
  if (r.ok === false) {
    const e = r.error as Record<string, unknown> | null | undefined;
    return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string';
  }
  return false;
}

/** `ws(s)://<same host>/ws`, matching the page's own scheme so HTTPS pages use wss. */
export function sameHostWsUrl(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}
