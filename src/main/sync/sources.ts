/**
 * What the outbox pushes: a small registry of append-only event sources. Each source is a local
 * table whose rows only ever get appended, with a UUID `id` (the hub's idempotency key, with the
 * gate) and an increasing integer key (its `seq`), so each source needs one acknowledged mark and
 * nothing in the table is ever written by sync.
 *
 * Adding a source:
 *  1. give the hub a payload schema: a new member of `SyncEvent` in src/shared/sync.ts with one of
 *     the reserved kinds (`EVENT_KINDS`; the hub's `event.kind` CHECK already allows them);
 *  2. add one `tableSource({...})` to `eventSources()` below: the table, its increasing key, the time
 *     column, the row → event mapping and a `meta` key for its mark;
 *  3. test that a row written at the gate arrives at the hub once (test/integration/sync/flowSources.test.ts).
 * A source whose table does not exist (a migration not yet applied) is left out, not an error.
 * Sources are drained in registry order, entries first: a check must not wait behind a backlog of
 * anything else.
 */
import type { SyncEvent } from '../../shared/sync';
import type { Db } from '../store/db';
import { auditHeadSources } from './auditHeads';
import { toSyncEvent, type EntryLogRow } from './events';
import { flowSources } from './flowSources';
import { SyncStateStore } from './state';

export type SourceRow = { id: string; seq: number; occurredAt: string; event: SyncEvent };

export type OutboxSource = {
  /** Unique name; also the meta key of the mark (`sync.acked.<name>`) for sources other than the entry log. */
  readonly name: string;
  readonly kind: SyncEvent['kind'];
  /** Every row with seq ≤ mark has been acknowledged by the hub (or set aside in quarantine). */
  mark(): number;
  /** Only moves forward; `at` is the acknowledgement time. */
  acknowledge(seq: number, at: string): void;
  /** Up to `limit` rows after `mark`, not quarantined, in seq order, as (not yet validated) events. */
  after(mark: number, limit: number): SourceRow[];
  count(mark: number): number;
  oldest(mark: number): string | null;
  /** This source's quarantined rows, for a retry. */
  quarantined(): SourceRow[];
  owns(eventId: string): boolean;
};

type TableSpec<R> = {
  name: string;
  kind: SyncEvent['kind'];
  /** FROM clause; the source's own table must be aliased `t`. */
  from: string;
  /** The increasing key, e.g. `t.seq` or `t.rowid`. */
  seq: string;
  /** The time the event happened (gate clock), for the backlog's age. */
  at: string;
  /** Extra columns beyond `t.*`. */
  select?: string;
  toEvent(row: R & { seq_: number }): SyncEvent;
  mark(db: Db): { get(): number; set(seq: number, at: string): void };
};

export function tableSource<R extends { id: string }>(db: Db, spec: TableSpec<R>): OutboxSource {
  const notQuarantined = 'NOT EXISTS (SELECT 1 FROM sync_quarantine q WHERE q.event_id = t.id)';
  const cols = `${spec.seq} AS seq_, ${spec.at} AS at_, t.*${spec.select ? `, ${spec.select}` : ''}`;
  type Row = R & { seq_: number; at_: string };
  const after = db.prepare<[number, number], Row>(
    `SELECT ${cols} ${spec.from} WHERE ${spec.seq} > ? AND ${notQuarantined} ORDER BY ${spec.seq} LIMIT ?`,
  );
  const count = db.prepare<[number], { n: number }>(
    `SELECT count(*) AS n ${spec.from} WHERE ${spec.seq} > ? AND ${notQuarantined}`,
  );
  const oldest = db.prepare<[number], { at_: string }>(
    `SELECT ${spec.at} AS at_ ${spec.from} WHERE ${spec.seq} > ? AND ${notQuarantined} ORDER BY ${spec.seq} LIMIT 1`,
  );
  const quarantined = db.prepare<[], Row>(
    `SELECT ${cols} ${spec.from} JOIN sync_quarantine q ON q.event_id = t.id ORDER BY ${spec.seq}`,
  );
  const owns = db.prepare<[string], { one: number }>(`SELECT 1 AS one ${spec.from} WHERE t.id = ?`);
  const mark = spec.mark(db);
  const toRow = (r: Row): SourceRow => ({ id: r.id, seq: r.seq_, occurredAt: r.at_, event: spec.toEvent(r) });
  return {
    name: spec.name,
    kind: spec.kind,
    mark: () => mark.get(),
    acknowledge: (seq, at) => mark.set(seq, at),
    after: (m, limit) => after.all(m, limit).map(toRow),
    count: (m) => count.get(m)?.n ?? 0,
    oldest: (m) => oldest.get(m)?.at_ ?? null,
    quarantined: () => quarantined.all().map(toRow),
    owns: (id) => owns.get(id) !== undefined,
  };
}

/** A mark kept in the `meta` table (sources added after sync_state's own columns). */
export function metaMark(name: string): TableSpec<{ id: string }>['mark'] {
  return (db) => {
    const key = `sync.acked.${name}`;
    const get = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    const set = db.prepare(
      `INSERT INTO meta (key, value) VALUES (?, ?)
       ON CONFLICT(key) DO UPDATE SET value = CAST(max(CAST(meta.value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)`,
    );
    const pushed = db.prepare('UPDATE sync_state SET last_push_at = ? WHERE id = 1');
    const write = db.transaction((seq: number, at: string) => {
      set.run(key, String(seq));
      pushed.run(at);
    });
    return { get: () => Number(get.get(key)?.value ?? 0), set: (seq, at) => write(seq, at) };
  };
}

export function tableExists(db: Db, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

type AlertRow = {
  id: string;
  kind: string;
  entry_id: string | null;
  raised_at: string;
  gate_: string | null;
};
type AlertAckRow = {
  id: string;
  alert_id: string;
  acknowledged_at: string;
  staff_json: string;
  gate_: string | null;
};

export function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // left as a string, so validation names the field and the row is set aside
  }
}

/**
 * The registry. `gateId` names this gate on rows that do not carry it (alerts); an alert made by a
 * check takes the gate from its entry.
 */
export function eventSources(db: Db, gateId: string | null): OutboxSource[] {
  const state = new SyncStateStore(db);
  const sources: OutboxSource[] = [
    tableSource<EntryLogRow>(db, {
      name: 'entry',
      kind: 'entry',
      from: 'FROM entry_log t',
      seq: 't.seq',
      at: 't.occurred_at',
      toEvent: (r) => toSyncEvent(r),
      // The entry log's mark predates this registry and lives in sync_state.
      mark: () => ({ get: () => state.get().ackedSeq, set: (seq, at) => state.acknowledge(seq, at) }),
    }),
    tableSource<AlertRow>(db, {
      name: 'alert',
      kind: 'alert',
      // rowid: alert has no seq column, and rows are only appended (the retention purge removes the oldest).
      from: 'FROM alert t LEFT JOIN entry_log e ON e.id = t.entry_id',
      seq: 't.rowid',
      at: 't.raised_at',
      select: 'e.gate_id AS gate_',
      toEvent: (r) =>
        ({
          id: r.id,
          gateId: r.gate_ ?? gateId,
          seq: r.seq_,
          occurredAt: r.raised_at,
          kind: 'alert',
          payload: {
            action: 'raised',
            alertId: r.id,
            alertKind: r.kind,
            entryId: r.entry_id,
            at: r.raised_at,
            staff: [],
          },
        }) as SyncEvent,
      mark: metaMark('alert'),
    }),
  ];
  // Acknowledgements are their own append-only log once issue 4's migration (0007) is in.
  if (tableExists(db, 'alert_ack')) {
    sources.push(
      tableSource<AlertAckRow>(db, {
        name: 'alert_ack',
        kind: 'alert',
        from: 'FROM alert_ack t LEFT JOIN alert a ON a.id = t.alert_id LEFT JOIN entry_log e ON e.id = a.entry_id',
        seq: 't.seq',
        at: 't.acknowledged_at',
        select: 'e.gate_id AS gate_',
        toEvent: (r) =>
          ({
            id: r.id,
            gateId: r.gate_ ?? gateId,
            seq: r.seq_,
            occurredAt: r.acknowledged_at,
            kind: 'alert',
            payload: {
              action: 'acknowledged',
              alertId: r.alert_id,
              alertKind: null,
              entryId: null,
              at: r.acknowledged_at,
              staff: json(r.staff_json),
            },
          }) as SyncEvent,
        mark: metaMark('alert_ack'),
      }),
    );
  }
  // Issue 4's records and their follow-ups, after the alerts (flowSources.ts).
  sources.push(...flowSources(db, gateId));
  // The audit trail's daily chain heads, last (auditHeads.ts).
  sources.push(...auditHeadSources(db));
  return sources;
}
