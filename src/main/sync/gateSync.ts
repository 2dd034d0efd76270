/**
 * Sync as the running kiosk sees it: one per gate runtime (runtime/startGate.ts). It runs the sync
 * loop while the gate is enrolled, starts it the moment staff enrol at runtime (no restart), pushes
 * soon after each logged check, and turns the loop's status into the contract's `sync:status`,
 * sent to the UI whenever something a screen shows has changed.
 *
 * Errors leave here as GateErrors with contract codes: the hub cannot be reached → 'unavailable',
 * the code or token is refused → 'forbidden', a code for another gate → 'conflict', bad input →
 * 'invalid_input'.
 */
import { MAX_CLOCK_SKEW_MS, compareCursor, type SyncEnrolInput, type SyncStatusView } from '../../shared/sync';
import type { GateConfig } from '../config/config';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import type { GateEvents } from '../core/events';
import type { Db } from '../store/db';
import { EnrolError, enrolGate, type Enrolled } from './enrol';
import { HubClient, HubRequestError, type FetchLike } from './hubClient';
import { SyncStateStore } from './state';
import { SyncService, type HubTimeSample, type SyncStatus } from './syncService';

/** Events that mean something new is waiting in one of the outbox's sources (sources.ts). */
const PUSH_SOON: ReadonlySet<string> = new Set(['log:appended', 'alert:raised', 'alert:acknowledged']);

export type GateSyncOptions = {
  db: Db;
  config: GateConfig;
  clock: Clock;
  events: GateEvents;
  log: (msg: string) => void;
  fetch?: FetchLike;
  /** Each sync round's hub time, for the trusted clock (src/main/clock/clockService.ts). */
  onHubTime?: (t: HubTimeSample) => void;
};

export class GateSync {
  private readonly state: SyncStateStore;
  private service: SyncService;
  private offStatus: () => void = () => {};
  private lastSent = '';
  private enrolling: Promise<unknown> | null = null;

  constructor(private readonly opts: GateSyncOptions) {
    this.state = new SyncStateStore(opts.db);
    this.service = this.newService();
    // A logged check (or an alert raised or acknowledged) goes to the hub within moments rather
    // than at the next interval.
    opts.events.subscribe((event) => {
      if (PUSH_SOON.has(event)) this.service.notify();
    });
  }

  /** Starts the loop if this gate is enrolled; a gate that is not stays entirely offline. */
  start(): void {
    if (this.enrolled()) this.service.start();
  }

  async stop(): Promise<void> {
    this.offStatus();
    await this.service.stop();
  }

  enrolled(): boolean {
    const s = this.state.get();
    return s.hubUrl !== null && s.token !== null;
  }

  /** The sync loop (tests reach the outbox through it). */
  get loop(): SyncService {
    return this.service;
  }

  status(): SyncStatusView {
    return this.toView(this.service.status());
  }

  /**
   * Trades the committee's one-time code for this gate's token and starts syncing at once. A gate
   * enrolled before (a new code after a revoked token, say) keeps its cursors when the hub is the same.
   */
  async enrol(input: SyncEnrolInput): Promise<Enrolled & { status: SyncStatusView }> {
    if (this.enrolling) throw new GateError('conflict', 'an enrolment is already in progress');
    const run = (async () => {
      let enrolled: Enrolled;
      try {
        enrolled = await enrolGate({
          db: this.opts.db,
          compoundId: this.opts.config.compound.id,
          gateId: this.opts.config.gate.id,
          ...(input.qr !== undefined ? { qr: input.qr } : { hubUrl: input.hubUrl, code: input.code }),
          clock: this.opts.clock,
          fetch: this.opts.fetch,
          timeoutMs: 15_000,
        });
      } catch (err) {
        throw toGateError(err, 'enrol');
      }
      this.opts.log(`enrolled with the committee hub at ${enrolled.hubUrl} as ${enrolled.compoundId}/${enrolled.gateId}`);
      // A fresh loop: the old one may be waiting out a long back-off from before (a revoked token).
      this.offStatus();
      await this.service.stop();
      this.service = this.newService();
      this.service.start();
      return { ...enrolled, status: this.status() };
    })();
    this.enrolling = run;
    try {
      return await run;
    } finally {
      this.enrolling = null;
    }
  }

  /** One round now ("sync now" button); refused while not enrolled, 'unavailable' when the hub is not reached. */
  async syncNow(): Promise<SyncStatusView> {
    if (!this.enrolled()) throw new GateError('conflict', 'this gate is not enrolled with a committee hub');
    const s = await this.service.syncOnce();
    if (s.state === 'offline') throw new GateError('unavailable', `the hub cannot be reached: ${s.lastError?.message ?? 'no answer'}`);
    if (s.state === 'unauthorized') {
      throw new GateError('forbidden', `the hub refused this gate's token (${s.lastError?.code ?? 'unauthorized'}): enrol it again`);
    }
    return this.toView(s);
  }

  quarantine(limit: number) {
    return this.service.outbox.quarantine(limit);
  }

  /** Offers every quarantined event to the hub again; those it now takes leave quarantine. */
  async retryQuarantine(): Promise<{ released: number; still: number }> {
    const st = this.state.get();
    if (!st.hubUrl || !st.token) throw new GateError('conflict', 'this gate is not enrolled with a committee hub');
    const client = new HubClient({ baseUrl: st.hubUrl, token: st.token, fetch: this.opts.fetch, timeoutMs: 15_000 });
    try {
      const r = await this.service.outbox.retryQuarantined(client);
      this.emit(this.service.status(), true);
      return r;
    } catch (err) {
      throw toGateError(err, 'retry');
    }
  }

  /** The roster is the committee's once enrolled: a local import would be overwritten and must not compete. */
  refuseLocalRosterImport(): void {
    if (!this.enrolled()) return;
    throw new GateError(
      'forbidden',
      "this gate is enrolled with the committee hub: the roster comes from the hub, not from a file (名册由居委会下发，本机不能导入)",
      { reason: 'roster_from_hub' },
    );
  }

  private newService(): SyncService {
    const service = new SyncService({
      db: this.opts.db,
      compoundId: this.opts.config.compound.id,
      gateId: this.opts.config.gate.id,
      clock: this.opts.clock,
      fetch: this.opts.fetch,
      intervalMs: this.opts.config.sync.intervalS * 1000,
      log: this.opts.log,
      timeZone: this.opts.config.timeZone,
      onHubTime: this.opts.onHubTime,
    });
    this.offStatus = service.onStatus((s) => this.emit(s, false));
    return service;
  }

  /** Only a change a screen would show is sent (the age of the backlog is counted on the screen). */
  private emit(s: SyncStatus, force: boolean): void {
    const view = this.toView(s);
    const { oldestUnsentAgeS: _age, ...shown } = view;
    const key = JSON.stringify(shown);
    if (!force && key === this.lastSent) return;
    this.lastSent = key;
    this.opts.events.emit('sync:status', view);
  }

  private toView(s: SyncStatus): SyncStatusView {
    const st = this.state.get();
    const cfg = this.opts.config.sync;
    const limits = { rosterStaleAfterS: cfg.rosterStaleAfterH * 3600, unsentAlarmAfterS: cfg.unsentAlarmAfterMin * 60 };
    const now = this.opts.clock.now().getTime();
    const enrolled = st.hubUrl !== null && st.token !== null;
    // Counted now, not at the last round: a stalled loop must still show a growing backlog.
    const backlog = this.service.outbox.backlog();
    const rosterAgeS = st.rosterAsOf ? (now - Date.parse(st.rosterAsOf)) / 1000 : null;
    return {
      enrolled,
      state: enrolled ? (s.state === 'not_enrolled' ? 'idle' : s.state) : 'not_enrolled',
      hubUrl: st.hubUrl,
      committeeId: st.committeeId,
      enrolledAt: st.enrolledAt,
      connected: s.connected,
      lastPushAt: st.lastPushAt,
      lastPullAt: st.lastPullAt,
      backlog: backlog.count,
      oldestUnsentAt: backlog.oldestUnsentAt,
      oldestUnsentAgeS: backlog.oldestUnsentAgeS,
      rosterAsOf: st.rosterAsOf,
      rosterCurrent: s.hubRosterCursor === null ? null : compareCursor(st.rosterCursor, s.hubRosterCursor) >= 0,
      clockSkewMs: s.clockSkewMs,
      skewed: s.clockSkewMs !== null && Math.abs(s.clockSkewMs) > MAX_CLOCK_SKEW_MS,
      quarantined: this.service.outbox.quarantine(0).count,
      lastError: s.lastError ? { step: s.lastError.step, code: s.lastError.code, message: s.lastError.message } : null,
      limits,
      // Only an enrolled gate's roster can be out of date: a local roster is as new as its last import.
      rosterStale: enrolled && (rosterAgeS === null || rosterAgeS > limits.rosterStaleAfterS),
      unsentAlarm: enrolled && backlog.oldestUnsentAgeS !== null && backlog.oldestUnsentAgeS > limits.unsentAlarmAfterS,
    };
  }
}

function toGateError(err: unknown, what: 'enrol' | 'retry'): Error {
  if (err instanceof GateError) return err;
  if (err instanceof EnrolError) {
    return err.code === 'mismatch' ? new GateError('conflict', err.message, { reason: 'mismatch' }) : new GateError('invalid_input', err.message, { reason: err.code });
  }
  if (err instanceof HubRequestError) {
    const details = { hubCode: err.code, status: err.status };
    if (err.status === null || err.status >= 500 || err.status === 408 || err.status === 429) {
      return new GateError('unavailable', `the hub cannot be reached: ${err.message}`, details);
    }
    if (err.status === 401 || err.status === 403) {
      return new GateError('forbidden', what === 'enrol' ? `the hub refused the code: ${err.message}` : err.message, details);
    }
    if (err.status === 409) return new GateError('conflict', `the hub refused the code: ${err.message}`, details);
    if (err.status === 404) return new GateError('not_found', `no hub answered at this address: ${err.message}`, details);
    return new GateError('invalid_input', `the hub refused: ${err.message}`, details);
  }
  return err instanceof Error ? err : new Error(String(err));
}
