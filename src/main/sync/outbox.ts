/**
 * The outbox: the entry log after the acknowledged mark, pushed in seq order in batches of at most
 * 1,000. The mark moves only when the hub has answered that the batch is committed (PouchDB's lost
 * checkpoints came from moving it earlier). A batch the hub refuses for good never blocks the queue:
 * the named event (or, with no name, half the batch, down to one event) is set aside in
 * sync_quarantine and the rest goes on. Nothing in entry_log is modified.
 *
 * The entry log is the first of several append-only sources (sources.ts); each has its own mark
 * and is drained in turn, each batch from one source only.
 */
import { MAX_PUSH_BATCH, SyncEvent, type PushResponse } from '../../shared/sync';
import type { Clock } from '../core/clock';
import type { Db } from '../store/db';
import { Backoff, type BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import type { HubClient } from './hubClient';
import { HubRequestError } from './hubClient';
import { eventSources, type OutboxSource, type SourceRow } from './sources';

export type Backlog = { count: number; oldestUnsentAt: string | null; oldestUnsentAgeS: number | null };
export type QuarantineEntry = { eventId: string; kind: string; seq: number; code: string; reason: string; quarantinedAt: string };
export type DrainResult = { pushed: number; accepted: number; duplicates: number; quarantined: number; batches: number };

export type OutboxOptions = {
  clock: Clock;
  batchSize?: number;
  backoff?: BackoffOptions;
  /** This gate's id, for events whose rows do not carry it (alerts not made by a check). */
  gateId?: string | null;
  /** Replaces the registry (tests). */
  sources?: OutboxSource[];
};

export class Outbox {
  readonly sources: readonly OutboxSource[];
  private readonly quarantineStmt;
  /** Per source; shrinks while bisecting a refused batch, grows back after each success. */
  private readonly batchLimit = new Map<string, number>();
  readonly backoff: Backoff;

  constructor(
    private readonly db: Db,
    private readonly opts: OutboxOptions,
  ) {
    this.sources = opts.sources ?? eventSources(db, opts.gateId ?? null);
    this.backoff = new Backoff(opts.backoff ?? DEFAULT_BACKOFF);
    this.quarantineStmt = db.prepare(
      'INSERT OR IGNORE INTO sync_quarantine (event_id, seq, code, reason, quarantined_at) VALUES (?, ?, ?, ?, ?)',
    );
  }

  private maxBatch(): number {
    return Math.min(this.opts.batchSize ?? MAX_PUSH_BATCH, MAX_PUSH_BATCH);
  }

  backlog(): Backlog {
    let count = 0;
    let oldest: string | null = null;
    for (const src of this.sources) {
      const mark = src.mark();
      count += src.count(mark);
      const at = src.oldest(mark);
      if (at !== null && (oldest === null || Date.parse(at) < Date.parse(oldest))) oldest = at;
    }
    const age = oldest === null ? null : Math.max(0, (this.opts.clock.now().getTime() - new Date(oldest).getTime()) / 1000);
    return { count, oldestUnsentAt: oldest, oldestUnsentAgeS: age };
  }

  quarantine(limit = 50): { count: number; recent: QuarantineEntry[] } {
    const count = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sync_quarantine').get()?.n ?? 0;
    const recent = this.db
      .prepare<[number], Omit<QuarantineEntry, 'kind'>>(
        'SELECT event_id AS eventId, seq, code, reason, quarantined_at AS quarantinedAt FROM sync_quarantine ORDER BY quarantined_at DESC, seq DESC LIMIT ?',
      )
      .all(limit);
    return { count, recent: recent.map((q) => ({ ...q, kind: this.sources.find((s) => s.owns(q.eventId))?.kind ?? 'unknown' })) };
  }

  /**
   * Pushes until nothing is left. Throws HubRequestError for anything that is not the events' fault
   * (retryable, unauthorized, forbidden); the marks then stay where the last acknowledgements put them.
   */
  async drain(client: HubClient, opts: { maxBatches?: number } = {}): Promise<DrainResult> {
    const result: DrainResult = { pushed: 0, accepted: 0, duplicates: 0, quarantined: 0, batches: 0 };
    const maxBatches = opts.maxBatches ?? Number.POSITIVE_INFINITY;
    for (const src of this.sources) {
      while (result.batches < maxBatches) {
        const limit = this.batchLimit.get(src.name) ?? this.maxBatch();
        const rows = src.after(src.mark(), limit);
        if (rows.length === 0) break;
        const events = this.validate(rows, result);
        if (events.length < rows.length) continue; // something was set aside; read the batch again
        result.batches += 1;
        let ack: PushResponse;
        try {
          ack = await client.push({ sentAt: this.opts.clock.now().toISOString(), events });
        } catch (err) {
          if (err instanceof HubRequestError && err.kind === 'rejected') {
            this.onRejected(src, err, events, result);
            continue;
          }
          throw err;
        }
        const last = events[events.length - 1]!;
        if (ack.highestSeq < last.seq) {
          throw new HubRequestError('retryable', 'bad_ack', `hub acknowledged seq ${ack.highestSeq}, batch ends at ${last.seq}`);
        }
        src.acknowledge(last.seq, this.opts.clock.now().toISOString());
        result.pushed += events.length;
        result.accepted += ack.accepted;
        result.duplicates += ack.duplicates;
        this.batchLimit.set(src.name, Math.min(limit * 2, this.maxBatch()));
      }
    }
    this.backoff.reset();
    return result;
  }

  /** Rows that cannot even form a valid event (a corrupt row) are set aside without asking the hub. */
  private validate(rows: SourceRow[], result: DrainResult): SyncEvent[] {
    const events: SyncEvent[] = [];
    for (const row of rows) {
      const parsed = SyncEvent.safeParse(row.event);
      if (parsed.success) {
        events.push(parsed.data);
      } else {
        const issue = parsed.error.issues[0];
        this.setAside(row.id, row.seq, 'invalid_local', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
        result.quarantined += 1;
      }
    }
    return events;
  }

  private onRejected(src: OutboxSource, err: HubRequestError, events: SyncEvent[], result: DrainResult): void {
    const named = err.index !== undefined ? events[err.index] : events.length === 1 ? events[0] : undefined;
    if (named) {
      this.setAside(named.id, named.seq, err.code, err.message);
      result.quarantined += 1;
      return;
    }
    // Refused as a whole with no event named (too large, say): halve until the culprit is alone.
    this.batchLimit.set(src.name, Math.max(1, Math.ceil(events.length / 2)));
  }

  private setAside(eventId: string, seq: number, code: string, reason: string): void {
    this.quarantineStmt.run(eventId, seq, code, reason.slice(0, 500), this.opts.clock.now().toISOString());
  }

  /**
   * After a hub upgrade that accepts what it used to refuse: pushes quarantined events again, one
   * by one, and releases each the hub takes. The marks are not involved (these are below them).
   */
  async retryQuarantined(client: HubClient): Promise<{ released: number; still: number }> {
    const rows = this.sources.flatMap((s) => s.quarantined());
    let released = 0;
    for (const row of rows) {
      const parsed = SyncEvent.safeParse(row.event);
      if (!parsed.success) continue;
      try {
        await client.push({ sentAt: this.opts.clock.now().toISOString(), events: [parsed.data] });
      } catch (err) {
        if (err instanceof HubRequestError && err.kind === 'rejected') continue;
        throw err;
      }
      this.db.prepare('DELETE FROM sync_quarantine WHERE event_id = ?').run(row.id);
      released += 1;
    }
    return { released, still: rows.length - released };
  }
}
