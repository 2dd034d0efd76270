import type { GateClient } from '../../../shared/contract';
import type { ClockStatus } from '../../../shared/clock';

/** How often the screen asks the gate for its time again (events bring jumps at once). */
const REFRESH_MS = 60_000;

export type ClockSnapshot = {
  status: ClockStatus | null;
  /** The gate's trusted time at a moment of this page's monotonic clock (performance.now). */
  base: { trustedMs: number; perfMs: number } | null;
};

/**
 * The gate's trusted time as this page sees it (decision 0024). The browser may run on another box
 * (headless host) with its own clock, so the header does not read the browser's wall clock: it takes
 * the gate's time from `clock:status` and counts on from there with `performance.now()`, which no
 * clock setting moves. One store per client: the header, the sync strip and the banner share it.
 */
export class ClockStore {
  private snap: ClockSnapshot = { status: null, base: null };
  private readonly listeners = new Set<() => void>();
  private off: () => void = () => {};
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly client: GateClient) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  };

  get = (): ClockSnapshot => this.snap;

  refresh = (): void => {
    const asked = performance.now();
    this.client.call('clock:status', {}).then(
      // The answer's time is placed halfway through the round trip.
      (s) => this.set(s, (asked + performance.now()) / 2),
      () => undefined,
    );
  };

  private start(): void {
    this.off = this.client.on('clock:status', (s) => this.set(s, performance.now()));
    this.refresh();
    this.timer = setInterval(this.refresh, REFRESH_MS);
  }

  private stop(): void {
    this.off();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private set(status: ClockStatus, perfMs: number): void {
    const trustedMs = Date.parse(status.trustedTime);
    this.snap = { status, base: Number.isNaN(trustedMs) ? this.snap.base : { trustedMs, perfMs } };
    for (const l of this.listeners) l();
  }
}

/** The gate's time now; the browser's own until the gate has answered once. */
export function gateNow(snap: ClockSnapshot, perfNow: number = performance.now()): Date {
  return snap.base ? new Date(snap.base.trustedMs + (perfNow - snap.base.perfMs)) : new Date();
}

const stores = new WeakMap<GateClient, ClockStore>();

export function clockStoreFor(client: GateClient): ClockStore {
  let s = stores.get(client);
  if (!s) {
    s = new ClockStore(client);
    stores.set(client, s);
  }
  return s;
}
