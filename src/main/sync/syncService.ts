/**
 * The gate's sync loop: push the outbox, pull revocations and roster, pull other gates' presence,
 * report status. Each step runs even when an earlier one failed (a push the hub cannot take must
 * not hold back a revocation), and the loop backs off with jitter while anything is failing.
 *
 * Pure of Electron: the clock (for timestamps) and fetch are injected; waiting uses real timers.
 * `syncOnce()` is one round, for tests and for a "sync now" button.
 */
import type { Cursor } from '../../shared/sync';
import type { Clock } from '../core/clock';
import { systemClock } from '../core/clock';
import type { IdGenerator } from '../core/ids';
import { uuidv7Generator } from '../core/ids';
import type { Db } from '../store/db';
import { recordAuditHeads } from './auditHeads';
import { Backoff, type BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import { HubClient, HubRequestError, type FetchLike } from './hubClient';
import { Outbox } from './outbox';
import { pullPresence } from './presence';
import { Puller } from './pull';
import { SyncStateStore } from './state';

export type SyncState = 'not_enrolled' | 'idle' | 'syncing' | 'offline' | 'unauthorized' | 'error';

export type SyncStatus = {
  state: SyncState;
  /** The last round reached the hub (at least one request answered). */
  connected: boolean;
  hubUrl: string | null;
  lastPushAt: string | null;
  lastPullAt: string | null;
  lastError: { step: 'push' | 'pull' | 'presence' | 'status'; code: string; message: string; retryable: boolean } | null;
  backlog: number;
  oldestUnsentAt: string | null;
  oldestUnsentAgeS: number | null;
  ackedSeq: number;
  rosterAsOf: string | null;
  rosterCursor: Cursor;
  revocationCursor: Cursor;
  presenceCursor: Cursor;
  quarantined: number;
  /** gate clock − hub clock at the last status report; the hub flags beyond ±5 min. */
  clockSkewMs: number | null;
  /** The hub's own cursors at the last report: equal to ours means the roster is current. */
  hubRosterCursor: Cursor | null;
};

export type SyncServiceOptions = {
  db: Db;
  compoundId: string;
  /** This gate's id, for events whose rows do not name it (see sources.ts). */
  gateId?: string;
  clock?: Clock;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Pause between rounds when all is well. */
  intervalMs?: number;
  backoff?: BackoffOptions;
  batchSize?: number;
  pullLimit?: number;
  log?: (msg: string) => void;
  /**
   * The gate's time zone: with `gateId`, each round first records the audit chain head of every
   * completed local day (auditHeads.ts) so the push sends it. Without either, no heads are sent.
   */
  timeZone?: string;
  newId?: IdGenerator;
  /** The hub's time from each status answer, with our clock's time when asked and answered (decision 0024). */
  onHubTime?: (t: HubTimeSample) => void;
};

export type HubTimeSample = { serverTime: string; askedAtMs: number; answeredAtMs: number };

type Step = NonNullable<SyncStatus['lastError']>['step'];

export class SyncService {
  private readonly clock: Clock;
  private readonly state: SyncStateStore;
  readonly outbox: Outbox;
  private readonly puller: Puller;
  private readonly roundBackoff: Backoff;
  private readonly newId: IdGenerator;
  private readonly listeners = new Set<(s: SyncStatus) => void>();
  private current: SyncStatus;
  private timer: NodeJS.Timeout | null = null;
  /** When the pending timer fires (real time), or null. */
  private timerDue: number | null = null;
  private running: Promise<SyncStatus> | null = null;
  private stopped = true;
  /** A check was logged during a round: push again right after it instead of a full interval later. */
  private kicked = false;

  constructor(private readonly opts: SyncServiceOptions) {
    this.clock = opts.clock ?? systemClock;
    this.state = new SyncStateStore(opts.db);
    this.outbox = new Outbox(opts.db, { clock: this.clock, batchSize: opts.batchSize, backoff: opts.backoff, gateId: opts.gateId });
    this.puller = new Puller(opts.db, { compoundId: opts.compoundId, clock: this.clock, pageLimit: opts.pullLimit, pageBackoff: opts.backoff });
    this.roundBackoff = new Backoff(opts.backoff ?? DEFAULT_BACKOFF);
    this.newId = opts.newId ?? uuidv7Generator(this.clock);
    this.current = this.snapshot({ connected: false, lastError: null, clockSkewMs: null, hubRosterCursor: null });
  }

  onStatus(listener: (s: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): SyncStatus {
    return this.current;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the loop and waits for a round in progress; nothing is cut half-way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDue = null;
    if (this.running) await this.running.catch(() => undefined);
  }

  /** A new entry was logged: push soon, unless the loop is backing off from failures. */
  notify(): void {
    if (this.stopped || this.roundBackoff.consecutiveFailures > 0 || this.outbox.backoff.consecutiveFailures > 0) return;
    if (this.running) this.kicked = true;
    // Only ever brings the next round forward: re-arming a round already due within 200 ms would let
    // a steady stream of checks postpone the push for as long as the stream lasts.
    else if (this.timerDue === null || this.timerDue > Date.now() + 200) this.schedule(200);
  }

  /** One full round. Never throws: the outcome is in the returned (and emitted) status. */
  syncOnce(): Promise<SyncStatus> {
    if (!this.running) this.running = this.round().finally(() => (this.running = null));
    return this.running;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDue = null;
      void this.syncOnce().then((s) => {
        if (this.stopped) return;
        const failing = s.lastError?.retryable === true || s.state === 'offline';
        if (failing) this.schedule(s.lastError?.step === 'push' ? this.outbox.backoff.next() : this.roundBackoff.next());
        else {
          this.roundBackoff.reset();
          this.outbox.backoff.reset();
          const idle = s.state === 'not_enrolled' || s.state === 'unauthorized' ? Math.max(this.interval(), 60_000) : this.interval();
          this.schedule(this.kicked ? 200 : idle);
          this.kicked = false;
        }
      });
    }, ms);
    this.timer.unref?.();
  }

  private interval(): number {
    return this.opts.intervalMs ?? 15_000;
  }

  private async round(): Promise<SyncStatus> {
    const st = this.state.get();
    if (!st.hubUrl || !st.token) return this.publish(this.snapshot({ state: 'not_enrolled', connected: false, lastError: null }));
    this.publish({ ...this.current, state: 'syncing' });
    const client = new HubClient({ baseUrl: st.hubUrl, token: st.token, fetch: this.opts.fetch, timeoutMs: this.opts.timeoutMs });
    let answered = false;
    let lastError: SyncStatus['lastError'] = null;
    let unauthorized = false;
    const step = async (name: Step, fn: () => Promise<unknown>): Promise<void> => {
      if (unauthorized) return;
      try {
        await fn();
        answered = true;
      } catch (err) {
        const e = err instanceof HubRequestError ? err : null;
        if (e && e.status !== null) answered = true;
        if (e && (e.kind === 'unauthorized' || e.kind === 'forbidden')) unauthorized = true;
        lastError = { step: name, code: e?.code ?? 'internal', message: e?.message ?? String(err), retryable: e ? e.retryable : true };
        this.opts.log?.(`sync ${name} failed: ${lastError.code} ${lastError.message}`);
      }
    };
    await step('push', async () => {
      const { gateId, timeZone } = this.opts;
      if (gateId && timeZone) recordAuditHeads(this.opts.db, { gateId, timeZone, clock: this.clock, newId: this.newId });
      await this.outbox.drain(client);
    });
    await step('pull', () => this.puller.pull(client));
    await step('presence', () => pullPresence(this.opts.db, client, this.opts.pullLimit));
    let skew: number | null = this.current.clockSkewMs;
    let hubCursor: Cursor | null = this.current.hubRosterCursor;
    await step('status', async () => {
      const s = this.snapshot({});
      const askedAtMs = this.clock.now().getTime();
      const res = await client.status({
        gateClock: this.clock.now().toISOString(),
        ackedSeq: s.ackedSeq,
        backlog: s.backlog,
        oldestUnsentAgeS: s.oldestUnsentAgeS,
        revocationCursor: s.revocationCursor,
        rosterCursor: s.rosterCursor,
        presenceCursor: s.presenceCursor,
        rosterAsOf: s.rosterAsOf,
        quarantined: s.quarantined,
        quarantine: this.outbox.quarantine(50).recent.map((q) => ({ eventId: q.eventId, seq: q.seq, reason: `${q.code}: ${q.reason}`.slice(0, 500) })),
      });
      this.opts.onHubTime?.({ serverTime: res.serverTime, askedAtMs, answeredAtMs: this.clock.now().getTime() });
      skew = res.clockSkewMs;
      hubCursor = res.hub.rosterCursor;
    });
    const failed = lastError as SyncStatus['lastError'];
    const state: SyncState = unauthorized ? 'unauthorized' : !answered ? 'offline' : failed ? 'error' : 'idle';
    return this.publish(this.snapshot({ state, connected: answered, lastError: failed, clockSkewMs: skew, hubRosterCursor: hubCursor }));
  }

  private snapshot(over: Partial<SyncStatus>): SyncStatus {
    const st = this.state.get();
    const backlog = this.outbox.backlog();
    return {
      state: 'idle',
      connected: this.current?.connected ?? false,
      hubUrl: st.hubUrl,
      lastPushAt: st.lastPushAt,
      lastPullAt: st.lastPullAt,
      lastError: this.current?.lastError ?? null,
      backlog: backlog.count,
      oldestUnsentAt: backlog.oldestUnsentAt,
      oldestUnsentAgeS: backlog.oldestUnsentAgeS,
      ackedSeq: st.ackedSeq,
      rosterAsOf: st.rosterAsOf,
      rosterCursor: st.rosterCursor,
      revocationCursor: st.revocationCursor,
      presenceCursor: st.presenceCursor,
      quarantined: this.outbox.quarantine(0).count,
      clockSkewMs: this.current?.clockSkewMs ?? null,
      hubRosterCursor: this.current?.hubRosterCursor ?? null,
      ...over,
    };
  }

  private publish(s: SyncStatus): SyncStatus {
    this.current = s;
    for (const l of this.listeners) {
      try {
        l(s);
      } catch {
        // A broken listener (a closed window) must not stop sync.
      }
    }
    return s;
  }
}
