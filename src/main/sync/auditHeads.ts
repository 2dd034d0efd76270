/**
 * The audit trail's daily chain head leaves the gate (issue 6 item 4, decision 0013): once a local
 * day is over, its head — the day's last audit record's seq, hash and time, as
 * `AuditLog.dailyHead` gives it, and the day's record count — is written once to `audit_head`
 * (migration 0010) and pushed like any other append-only source. A consistent rewrite of the whole
 * local chain then still disagrees with the heads the hub already holds.
 *
 * Written at the start of each sync round rather than by a timer of its own: the round is what
 * sends the head, and a gate that was off at midnight catches up with every missed day at once.
 * Only days with audit records get a head (a quiet day has no last record of its own; the next
 * day's head covers it through the chain). Days whose records retention already removed get none.
 */
import { AuditLog } from '../audit/auditLog';
import type { Clock } from '../core/clock';
import type { IdGenerator } from '../core/ids';
import { addDays, localDate, startOfLocalDay } from '../core/time';
import type { Db } from '../store/db';
import { metaMark, tableExists, tableSource, type OutboxSource } from './sources';
import type { SyncEvent } from '../../shared/sync';

export type AuditHeadRow = {
  seq: number;
  id: string;
  gate_id: string;
  day: string;
  audit_seq: number;
  hash: string;
  at: string;
  records: number;
  recorded_at: string;
};

/**
 * Records the head of every completed local day after the last recorded one that has audit
 * records; returns how many were written. One transaction, so a crash leaves no day half-done.
 */
export function recordAuditHeads(
  db: Db,
  o: { gateId: string; timeZone: string; clock: Clock; newId: IdGenerator },
): number {
  if (!tableExists(db, 'audit_head')) return 0;
  const audit = new AuditLog(db, o.clock, o.newId);
  const lastDay = db.prepare<[], { day: string }>('SELECT day FROM audit_head ORDER BY seq DESC LIMIT 1').get()?.day ?? null;
  const firstAfter = db.prepare<[string], { at: string }>('SELECT at FROM audit_log WHERE at >= ? ORDER BY at LIMIT 1');
  const countIn = db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM audit_log WHERE at >= ? AND at < ?');
  const insert = db.prepare(
    `INSERT INTO audit_head (id, gate_id, day, audit_seq, hash, at, records, recorded_at)
     VALUES (@id, @gateId, @day, @seq, @hash, @at, @records, @recordedAt)`,
  );
  const now = o.clock.now().toISOString();
  const today = localDate(new Date(now), o.timeZone);
  return db.transaction(() => {
    let written = 0;
    let from = lastDay ? startOfLocalDay(addDays(lastDay, 1), o.timeZone).toISOString() : '';
    for (;;) {
      const next = firstAfter.get(from);
      if (!next) break;
      const day = localDate(new Date(next.at), o.timeZone);
      if (day >= today) break; // the day is not over yet
      const head = audit.dailyHead(day, o.timeZone);
      const end = startOfLocalDay(addDays(day, 1), o.timeZone).toISOString();
      if (head) {
        const records = countIn.get(startOfLocalDay(day, o.timeZone).toISOString(), end)?.n ?? 0;
        insert.run({ id: o.newId(), gateId: o.gateId, day, seq: head.seq, hash: head.hash, at: head.at, records, recordedAt: now });
        written += 1;
      }
      from = end;
    }
    return written;
  })();
}

/** The outbox source for the heads (registered last in sources.ts: nothing waits behind it). */
export function auditHeadSources(db: Db): OutboxSource[] {
  if (!tableExists(db, 'audit_head')) return []; // migration 0010 not applied yet
  return [
    tableSource<AuditHeadRow>(db, {
      name: 'audit_head',
      kind: 'audit_head',
      from: 'FROM audit_head t',
      seq: 't.seq',
      // The backlog's age counts from when the head could first be sent, not from the day's last record.
      at: 't.recorded_at',
      toEvent: (r) =>
        ({
          id: r.id,
          gateId: r.gate_id,
          seq: r.seq_,
          occurredAt: r.recorded_at,
          kind: 'audit_head',
          payload: { day: r.day, seq: r.audit_seq, hash: r.hash, at: r.at, records: r.records },
        }) as SyncEvent,
      mark: metaMark('audit_head'),
    }),
  ];
}
