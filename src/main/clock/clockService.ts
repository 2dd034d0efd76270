/**
 * The trusted clock's store side (decision 0024): restores it from the database at start, writes each
 * jump (and what lifted it) to `clock_jump` with an audit record, sends `clock:status`, takes the
 * hub's time from sync rounds, persists the high-water mark every few minutes, and carries out a
 * manager's "the system clock is right".
 *
 * Writes are deferred to a microtask: the clock notices a jump inside `now()`, which may be running
 * inside another write's transaction, and a jump record must neither join nor break that one. A write
 * that fails (a full disk, a busy database) throws nowhere: it is logged, told to the disk guard, and
 * the change stays queued for the next tick, so neither the host nor a start on a full disk fails and
 * no record is lost.
 */
import type { ClockChangeView, ClockStatus } from '../../shared/clock';
import type { AuditLog } from '../audit/auditLog';
import type { GateEvents } from '../core/events';
import type { IdGenerator } from '../core/ids';
import { JUMP_KINDS, type ClockChange, type TrustedClock } from '../core/trustedClock';
import type { Db } from '../store/db';

/** How often (trusted time) the high-water mark is written down while nothing else records a time. */
export const HIGH_WATER_EVERY_MS = 5 * 60_000;
/** A hub answer slower than this says too little about the hub's time to correct ours. */
export const MAX_HUB_ROUND_TRIP_MS = 10_000;

type StateRow = { high_water: string | null; offset_ms: number | null; entry_seq: number; audit_seq: number };
type JumpRow = {
  id: string;
  kind: ClockChangeView['kind'];
  at: string;
  wall_before: string;
  wall_after: string;
  trusted_before: string;
  trusted_after: string;
  size_ms: number;
};

export type ClockSinks = {
  events: GateEvents;
  audit: AuditLog;
  staffOnDuty: () => string[];
  log?: (msg: string) => void;
  /** A record could not be written (the disk guard decides whether the disk is full). */
  noteWriteFailed?: (err: unknown) => void;
};

type Pending = {
  change: ClockChange;
  /** Who was on duty when it happened (null: noticed before the staff existed, asked when written). */
  staff: string[] | null;
  /** The screens were told (a failed write is retried without telling them again). */
  announced: boolean;
};

export class ClockService {
  private readonly pending: Pending[] = [];
  private sinks: ClockSinks | null = null;
  private flushQueued = false;
  private lastPersisted: number;
  private readonly off: () => void;

  constructor(
    private readonly db: Db,
    readonly clock: TrustedClock,
    private readonly newId: IdGenerator,
  ) {
    this.off = clock.onChange((c) => this.onChange(c));
    const st = this.state();
    const mark = this.highWater(st);
    clock.restore({ highWaterMs: mark, offsetMs: st.offset_ms });
    this.lastPersisted = clock.read();
  }

  /** Once the audit trail and the event channel exist: records anything noticed before (a start behind the mark). */
  connect(sinks: ClockSinks): void {
    this.sinks = sinks;
    this.flush();
  }

  status(): ClockStatus {
    this.flush();
    return this.snapshot();
  }

  private snapshot(): ClockStatus {
    const trusted = this.clock.read();
    const offset = this.clock.wallOffsetMs();
    const last = this.db
      .prepare<[], JumpRow>('SELECT id, kind, at, wall_before, wall_after, trusted_before, trusted_after, size_ms FROM clock_jump ORDER BY seq DESC LIMIT 1')
      .get();
    return {
      trustedTime: new Date(trusted).toISOString(),
      wallTime: safeIso(this.clock.wallNow()),
      monitored: true,
      source: this.clock.source(),
      flagged: offset !== null,
      wallOffsetMs: offset,
      thresholdMs: this.clock.thresholdMs,
      lastChange: last ? toView(last) : null,
    };
  }

  /** The gate's one-second tick: notices a jump while idle and writes the mark down now and then. */
  tick(): void {
    const t = this.clock.read();
    if (this.pending.length > 0) this.flush(); // a record a failed write left behind
    if (t - this.lastPersisted >= HIGH_WATER_EVERY_MS || t < this.lastPersisted) this.persist(t);
  }

  /** A sync round's status answer: the hub's time, and our trusted time when asked and when answered. */
  hubSample(s: { serverTime: string; askedAtMs: number; answeredAtMs: number }): void {
    const hub = Date.parse(s.serverTime);
    const rtt = s.answeredAtMs - s.askedAtMs;
    if (!Number.isFinite(hub) || rtt < 0 || rtt > MAX_HUB_ROUND_TRIP_MS) return;
    this.clock.anchorToHub(hub + rtt / 2, s.answeredAtMs);
  }

  /** The system clock is right (a manager said so; the caller checked the role). */
  acceptSystem(): ClockStatus {
    this.clock.acceptWall();
    return this.status();
  }

  /** The millisecond in the last entry's id (UUIDv7), for the id generator's floor; -1 with none. */
  idFloorMs(): number {
    const id = this.db.prepare<[], { id: string }>('SELECT id FROM entry_log ORDER BY seq DESC LIMIT 1').get()?.id;
    const ms = id ? uuidv7Ms(id) : Number.NaN;
    return Number.isFinite(ms) ? ms : -1;
  }

  close(): void {
    // Read first: a jump noticed now is recorded before the database closes.
    const t = this.clock.read();
    this.flush();
    this.persist(t);
    this.off();
  }

  private onChange(c: ClockChange): void {
    if (c.kind === 'resumed') {
      // Not a fault, so no record; the screens hear the new time (their own clock slept too).
      this.sinks?.log?.(`clock: the machine slept ${Math.round(c.sizeMs / 1000)} s; the trusted time moved on by it`);
      if (this.sinks) queueMicrotask(() => this.announce());
      return;
    }
    this.pending.push({ change: c, staff: this.sinks ? this.sinks.staffOnDuty() : null, announced: false });
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  /**
   * Writes pending changes in order, one transaction each, then tells the screens once. A failed
   * write leaves its change (and those after it) queued: the next tick or change tries again.
   */
  private flush(): void {
    this.flushQueued = false;
    if (!this.sinks || this.pending.length === 0 || !this.db.open) return;
    const sinks = this.sinks;
    let news = this.pending.some((p) => !p.announced);
    for (const p of this.pending) p.announced = true;
    while (this.pending.length > 0) {
      const p = this.pending[0]!;
      try {
        this.write(p.change, p.staff ?? sinks.staffOnDuty(), sinks);
      } catch (err) {
        sinks.log?.(`clock: could not record ${p.change.kind}, will retry: ${err instanceof Error ? err.message : String(err)}`);
        sinks.noteWriteFailed?.(err);
        break;
      }
      this.pending.shift();
      news = true;
    }
    // The flag is in memory whether or not its row is written yet: the banner shows either way.
    if (news) this.announce();
  }

  private announce(): void {
    if (!this.sinks || !this.db.open) return;
    this.sinks.events.emit('clock:status', this.snapshot());
  }

  /** One change: its clock_jump row, the clock state and the audit record, in one transaction. */
  private write(c: ClockChange, staff: string[], sinks: ClockSinks): void {
    this.db.transaction(() => {
      const id = this.newId();
      this.db
        .prepare(
          `INSERT INTO clock_jump (id, kind, at, wall_before, wall_after, trusted_before, trusted_after, size_ms, staff_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, c.kind, iso(c.trustedAfterMs), safeIso(c.wallBeforeMs), safeIso(c.wallAfterMs), iso(c.trustedBeforeMs), iso(c.trustedAfterMs), Math.round(c.sizeMs), JSON.stringify(staff));
      // Moved back on purpose: what was recorded before no longer holds the mark up.
      const back = c.trustedAfterMs < c.trustedBeforeMs ? this.seqs() : null;
      this.db
        .prepare(
          `UPDATE clock_state SET offset_ms = ?, high_water = ?, updated_at = ?,
             entry_seq = coalesce(?, entry_seq), audit_seq = coalesce(?, audit_seq) WHERE id = 1`,
        )
        .run(this.offsetToKeep(), iso(c.trustedAfterMs), iso(c.trustedAfterMs), back?.entry ?? null, back?.audit ?? null);
      sinks.audit.append(`clock.${c.kind}`, {
        actors: staff,
        subject: id,
        details: {
          wallBefore: safeIso(c.wallBeforeMs),
          wallAfter: safeIso(c.wallAfterMs),
          trustedBefore: iso(c.trustedBeforeMs),
          trustedAfter: iso(c.trustedAfterMs),
          sizeMs: Math.round(c.sizeMs),
          jump: JUMP_KINDS.has(c.kind),
        },
      });
    })();
    this.lastPersisted = c.trustedAfterMs;
  }

  /** trusted − wall, kept only while the wall clock is flagged. */
  private offsetToKeep(): number | null {
    const off = this.clock.wallOffsetMs();
    return off === null ? null : -Math.round(off);
  }

  private persist(t: number): void {
    if (!this.db.open) return;
    // On failure tried again at the next interval, not every tick: the entry log and audit trail hold the mark too.
    this.lastPersisted = t;
    try {
      this.db.prepare('UPDATE clock_state SET high_water = ?, offset_ms = ?, updated_at = ? WHERE id = 1').run(iso(t), this.offsetToKeep(), iso(t));
    } catch (err) {
      this.sinks?.log?.(`clock: could not write the high-water mark: ${err instanceof Error ? err.message : String(err)}`);
      this.sinks?.noteWriteFailed?.(err);
    }
  }

  private state(): StateRow {
    return (
      this.db.prepare<[], StateRow>('SELECT high_water, offset_ms, entry_seq, audit_seq FROM clock_state WHERE id = 1').get() ?? {
        high_water: null,
        offset_ms: null,
        entry_seq: 0,
        audit_seq: 0,
      }
    );
  }

  private seqs(): { entry: number; audit: number } {
    const entry = this.db.prepare<[], { s: number | null }>('SELECT max(seq) AS s FROM entry_log').get()?.s ?? 0;
    const audit = this.db.prepare<[], { s: number | null }>('SELECT max(seq) AS s FROM audit_log').get()?.s ?? 0;
    return { entry, audit };
  }

  /**
   * The latest trusted time the database holds: the persisted mark, the last entry and the last audit
   * record (each read by its primary key, so this costs three row lookups).
   */
  private highWater(st: StateRow): number | null {
    const entry = this.db.prepare<[number], { t: string }>('SELECT occurred_at AS t FROM entry_log WHERE seq > ? ORDER BY seq DESC LIMIT 1').get(st.entry_seq);
    const audit = this.db.prepare<[number], { t: string }>('SELECT at AS t FROM audit_log WHERE seq > ? ORDER BY seq DESC LIMIT 1').get(st.audit_seq);
    const times = [st.high_water, entry?.t, audit?.t].map((t) => (t ? Date.parse(t) : Number.NaN)).filter((n) => Number.isFinite(n));
    return times.length ? Math.max(...times) : null;
  }
}

/** The millisecond time a UUIDv7 carries in its first 48 bits (NaN for anything else). */
function uuidv7Ms(id: string): number {
  const hex = id.replace(/-/g, '').slice(0, 12);
  return /^[0-9a-f]{12}$/i.test(hex) && id.charAt(14) === '7' ? parseInt(hex, 16) : Number.NaN;
}

function iso(ms: number): string {
  return new Date(Math.round(ms)).toISOString();
}

/** A wall clock can be anything (a dead RTC, a typo): outside ISO range it is shown as the epoch. */
function safeIso(ms: number): string {
  const d = new Date(Math.round(ms));
  return Number.isFinite(d.getTime()) && d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 9999 ? d.toISOString() : new Date(0).toISOString();
}

function toView(r: JumpRow): ClockChangeView {
  return {
    id: r.id,
    kind: r.kind,
    at: r.at,
    wallBefore: r.wall_before,
    wallAfter: r.wall_after,
    trustedBefore: r.trusted_before,
    trustedAfter: r.trusted_after,
    sizeMs: r.size_ms,
  };
}
