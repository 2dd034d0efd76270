/**
 * The append-only, hash-chained audit trail (issue 6 item 4).
 *
 * How to use (built once in runtime/startGate.ts, reached through `HandlerDeps.audit`):
 *
 *   d.audit.append('privacy.full_id_view', { actors: d.staffOnDuty(), subject: residentId, details: { reason } });
 *
 * - `append` may run inside a caller's `db.transaction(...)` (better-sqlite3 nests it as a savepoint),
 *   so the audited change and its record commit or roll back together. Outside one it commits alone.
 * - `kind` is a dotted name (`staff.sign_in`, `staff.sign_in_failed`, `dual_control.approved`,
 *   `entry.override_admit`, `entry.void`, `config.devices`, `roster.import`, `export.start`, ...).
 * - `actors` are staff ids (the people on duty, plus an approver); `subject` is what it is about (an
 *   entry id, a staff id, a file name); `details` is plain JSON — never a full ID number or phone.
 * - Corrections are new records that name the record they correct (`details.corrects = <id>`);
 *   nothing here updates or deletes (triggers refuse both; `purgeBefore` is the one exception).
 * - `verify()` walks the chain and returns the first broken link; `head()` is the latest hash and
 *   `dailyHead(day, timeZone)` the head at the end of a local day: the value a gate sends the hub
 *   each day, so a consistent rewrite of the whole local chain is caught off the box too.
 *
 * Each record's hash is SHA-256 over a canonical encoding (JSON array, object keys sorted) of
 * seq, id, at, kind, actors, subject, details and prev_hash; the first record's prev_hash is 64 zeros.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { IdGenerator } from '../core/ids';
import { addDays, startOfLocalDay } from '../core/time';
import type { Db } from '../store/db';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditInput = {
  actors: readonly string[];
  subject?: string | null;
  details?: Record<string, unknown>;
};

export type AuditRecord = {
  seq: number;
  id: string;
  at: string;
  kind: string;
  actors: string[];
  subject: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
};

export type VerifyResult =
  | { ok: true; records: number; head: string }
  | { ok: false; records: number; brokenAt: { seq: number; id: string; problem: 'hash_mismatch' | 'prev_mismatch' | 'seq_gap' } };

type Row = {
  seq: number;
  id: string;
  at: string;
  kind: string;
  actors_json: string;
  subject: string | null;
  details_json: string;
  prev_hash: string;
  hash: string;
};

/** JSON with object keys sorted at every depth, so the same record always encodes to the same bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function recordHash(r: { seq: number; id: string; at: string; kind: string; actorsJson: string; subject: string | null; detailsJson: string; prevHash: string }): string {
  // Stored JSON columns are hashed as stored text: verify needs no re-encoding that could drift.
  const encoded = JSON.stringify([r.seq, r.id, r.at, r.kind, r.actorsJson, r.subject, r.detailsJson, r.prevHash]);
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}

export class AuditLog {
  private readonly last;
  private readonly insert;
  private readonly bySeq;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {
    this.last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, id, at, kind, actors_json, subject, details_json, prev_hash, hash)
       VALUES (@seq, @id, @at, @kind, @actorsJson, @subject, @detailsJson, @prevHash, @hash)`,
    );
    this.bySeq = db.prepare<[number, number], Row>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?');
  }

  append(kind: string, input: AuditInput): AuditRecord {
    return this.appendAfter(kind, input, null);
  }

  private appendAfter(kind: string, input: AuditInput, emptyAnchor: { seq: number; hash: string } | null): AuditRecord {
    return this.db.transaction(() => {
      const prev = this.last.get() ?? emptyAnchor ?? this.purgeAnchor();
      const actors = [...new Set(input.actors)];
      const rec = {
        seq: (prev?.seq ?? 0) + 1,
        id: this.newId(),
        at: this.clock.now().toISOString(),
        kind,
        actorsJson: JSON.stringify(actors),
        subject: input.subject ?? null,
        detailsJson: canonicalJson(input.details ?? {}),
        prevHash: prev?.hash ?? GENESIS_HASH,
      };
      const hash = recordHash(rec);
      this.insert.run({ ...rec, hash });
      return { seq: rec.seq, id: rec.id, at: rec.at, kind, actors, subject: rec.subject, details: input.details ?? {}, prevHash: rec.prevHash, hash };
    })();
  }

  /** The latest record's hash and position; null while the trail is empty. */
  head(): { seq: number; hash: string; at: string } | null {
    return this.db.prepare<[], { seq: number; hash: string; at: string }>('SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1').get() ?? null;
  }

  /** The last record on or before an instant: the daily chain head is `headAt(<end of the local day>)`. */
  headAt(isoInstant: string): { seq: number; hash: string; at: string } | null {
    return (
      this.db
        .prepare<[string], { seq: number; hash: string; at: string }>('SELECT seq, hash, at FROM audit_log WHERE at <= ? ORDER BY seq DESC LIMIT 1')
        .get(isoInstant) ?? null
    );
  }

  /** The chain head at the end of a local calendar day (YYYY-MM-DD in `timeZone`): what the gate sends the hub. */
  dailyHead(day: string, timeZone: string): { seq: number; hash: string; at: string } | null {
    const nextDayStart = startOfLocalDay(addDays(day, 1), timeZone).getTime();
    return this.headAt(new Date(nextDayStart - 1).toISOString());
  }

  /** Newest first, for the manager's audit screen. */
  list(limit: number, offset: number, kind?: string): AuditRecord[] {
    const rows = this.db
      .prepare<[string | null, string | null, number, number], Row>(
        'SELECT * FROM audit_log WHERE (? IS NULL OR kind = ?) ORDER BY seq DESC LIMIT ? OFFSET ?',
      )
      .all(kind ?? null, kind ?? null, limit, offset);
    return rows.map(toRecord);
  }

  /**
   * Walks the whole chain in seq order, in pages so a year of records never sits in memory at once.
   * The first record must link to the genesis hash, or, after a retention purge, to the hash the
   * purge recorded as its anchor.
   */
  verify(): VerifyResult {
    const PAGE = 2000;
    let expectedPrev: string | null = null;
    let expectedSeq: number | null = null;
    let count = 0;
    let after = 0;
    for (;;) {
      const rows = this.bySeq.all(after, PAGE);
      if (rows.length === 0) break;
      for (const r of rows) {
        if (expectedSeq === null) {
          const anchor = this.purgeAnchor();
          expectedSeq = anchor ? anchor.seq + 1 : 1;
          expectedPrev = anchor ? anchor.hash : GENESIS_HASH;
        }
        const at = { seq: r.seq, id: r.id };
        if (r.seq !== expectedSeq) return { ok: false, records: count, brokenAt: { ...at, problem: 'seq_gap' } };
        if (r.prev_hash !== expectedPrev) return { ok: false, records: count, brokenAt: { ...at, problem: 'prev_mismatch' } };
        const hash = recordHash({ seq: r.seq, id: r.id, at: r.at, kind: r.kind, actorsJson: r.actors_json, subject: r.subject, detailsJson: r.details_json, prevHash: r.prev_hash });
        if (hash !== r.hash) return { ok: false, records: count, brokenAt: { ...at, problem: 'hash_mismatch' } };
        expectedPrev = r.hash;
        expectedSeq = r.seq + 1;
        count += 1;
        after = r.seq;
      }
    }
    return { ok: true, records: count, head: expectedPrev ?? GENESIS_HASH };
  }

  /**
   * Retention (helper D's purge): removes every record older than `beforeIso` — always a prefix of
   * the chain — and appends an `audit.purged` record holding the last removed record's seq and hash,
   * which `verify` then accepts as the chain's new anchor. Returns how many records went.
   */
  purgeBefore(beforeIso: string, actors: readonly string[]): number {
    return this.db.transaction(() => {
      const last = this.db
        .prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log WHERE at < ? ORDER BY seq DESC LIMIT 1')
        .get(beforeIso);
      if (!last) return 0;
      this.db.prepare('INSERT INTO audit_purge (cutoff_seq) VALUES (?)').run(last.seq);
      const removed = this.db.prepare('DELETE FROM audit_log WHERE seq <= ?').run(last.seq).changes;
      this.db.prepare('DELETE FROM audit_purge').run();
      this.appendAfter('audit.purged', { actors, details: { removed, anchorSeq: last.seq, anchorHash: last.hash, before: beforeIso } }, last);
      return removed;
    })();
  }

  /** The anchor recorded by the latest purge, if the chain's start was purged. */
  private purgeAnchor(): { seq: number; hash: string } | null {
    const row = this.db
      .prepare<[], { details_json: string }>("SELECT details_json FROM audit_log WHERE kind = 'audit.purged' ORDER BY seq DESC LIMIT 1")
      .get();
    if (!row) return null;
    const d = JSON.parse(row.details_json) as { anchorSeq?: unknown; anchorHash?: unknown };
    return typeof d.anchorSeq === 'number' && typeof d.anchorHash === 'string' ? { seq: d.anchorSeq, hash: d.anchorHash } : null;
  }
}

function toRecord(r: Row): AuditRecord {
  return {
    seq: r.seq,
    id: r.id,
    at: r.at,
    kind: r.kind,
    actors: JSON.parse(r.actors_json) as string[],
    subject: r.subject,
    details: JSON.parse(r.details_json) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
