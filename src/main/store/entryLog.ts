/**
 * The append-only entry log (triggers refuse UPDATE and DELETE) and the alerts raised by checks.
 * `append` commits in one transaction before it returns: a check's result is shown only after it.
 */
import type { Decision, Direction, ReadingSource, ReasonCode } from '../../shared/domain';
import type { AlertKind } from '../../shared/flows';
import type { Db } from './db';
import { PresenceLookup } from '../sync/presence';

export type EntryRecord = {
  id: string;
  compoundId: string;
  gateId: string;
  direction: Direction;
  credential: string;
  credentialSource: string;
  passId: string | null;
  residentId: string | null;
  householdId: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  residentNameMasked: string | null;
  statusCode: string | null;
  tempObjectC: number | null;
  tempBodyC: number | null;
  tempDevice: string | null;
  tempSource: ReadingSource | null;
  readingsJson: string;
  decision: Decision;
  reasons: readonly ReasonCode[];
  alert: boolean;
  staff: readonly string[];
  startedAt: string;
  occurredAt: string;
  recordedAt: string;
};

export type AlertRecord = { id: string; kind: AlertKind; entryId: string; raisedAt: string };

export type EntryRow = {
  id: string;
  occurred_at: string;
  gate_id: string;
  direction: Direction;
  credential: string;
  building: string | null;
  unit: string | null;
  room: string | null;
  resident_name_masked: string | null;
  decision: Decision;
  reasons: string;
  temp_body_c: number | null;
  temp_source: ReadingSource | null;
  staff_json: string;
};

/** A filter already resolved to UTC instants by the caller (it knows the gate's time zone). */
export type EntryQuery = { fromUtc?: string; toUtc?: string; decision?: Decision; building?: string };

export type AlertRow = {
  id: string;
  kind: AlertKind;
  entry_id: string;
  raised_at: string;
  acknowledged_at: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  resident_name_masked: string | null;
};

const WHERE = `WHERE (@from IS NULL OR occurred_at >= @from) AND (@to IS NULL OR occurred_at < @to)
  AND (@decision IS NULL OR decision = @decision) AND (@building IS NULL OR building = @building)`;

export class EntryLogStore {
  private readonly insertEntry;
  private readonly insertAlert;
  private readonly presence: PresenceLookup;
  private readonly appendTx;

  constructor(private readonly db: Db) {
    this.insertEntry = db.prepare(
      `INSERT INTO entry_log (id, compound_id, gate_id, direction, credential, credential_source, pass_id,
         resident_id, household_id, building, unit, room, resident_name_masked, status_code, temp_object_c,
         temp_body_c, temp_device, temp_source, readings_json, decision, reasons, alert, staff_json,
         started_at, occurred_at, recorded_at)
       VALUES (@id, @compoundId, @gateId, @direction, @credential, @credentialSource, @passId, @residentId,
         @householdId, @building, @unit, @room, @residentNameMasked, @statusCode, @tempObjectC, @tempBodyC,
         @tempDevice, @tempSource, @readingsJson, @decision, @reasons, @alert, @staff, @startedAt,
         @occurredAt, @recordedAt)`,
    );
    this.insertAlert = db.prepare('INSERT INTO alert (id, kind, entry_id, raised_at) VALUES (@id, @kind, @entryId, @raisedAt)');
    this.presence = new PresenceLookup(db);
    this.appendTx = db.transaction((entry: EntryRecord, alert: AlertRecord | null) => {
      this.insertEntry.run({
        ...entry,
        reasons: entry.reasons.join(','),
        alert: entry.alert ? 1 : 0,
        staff: JSON.stringify(entry.staff),
      });
      if (alert) this.insertAlert.run(alert);
    });
  }

  /** Commits the entry (and its alert) durably; throws if the write fails, so nothing is shown. */
  append(entry: EntryRecord, alert: AlertRecord | null): void {
    this.appendTx(entry, alert);
  }

  /**
   * When the resident last went in, if their latest admitted passage was inwards (soft anti-passback):
   * at this gate or, once synced, at any other gate of the compound (src/main/sync/presence.ts).
   */
  insideSince(residentId: string): string | null {
    return this.presence.insideSince(residentId);
  }

  list(q: EntryQuery, limit: number, offset: number): { rows: EntryRow[]; total: number } {
    const params = toParams(q);
    const rows = this.db
      .prepare<Record<string, unknown>, EntryRow>(`SELECT * FROM entry_log ${WHERE} ORDER BY seq DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit, offset });
    const total = this.db.prepare<Record<string, unknown>, { n: number }>(`SELECT count(*) AS n FROM entry_log ${WHERE}`).get(params)?.n ?? 0;
    return { rows, total };
  }

  /** Rows oldest first, one at a time, so an export never holds the whole log in memory. */
  iterate(q: EntryQuery): IterableIterator<EntryRow> {
    return this.db.prepare<Record<string, unknown>, EntryRow>(`SELECT * FROM entry_log ${WHERE} ORDER BY seq`).iterate(toParams(q));
  }

  alerts(): AlertRow[] {
    return this.db
      .prepare<[], AlertRow>(
        `SELECT a.*, e.building, e.unit, e.room, e.resident_name_masked FROM alert a JOIN entry_log e ON e.id = a.entry_id
          ORDER BY a.acknowledged_at IS NOT NULL, a.raised_at DESC LIMIT 200`,
      )
      .all();
  }

  acknowledge(id: string, at: string): AlertRow | null {
    this.db.prepare('UPDATE alert SET acknowledged_at = coalesce(acknowledged_at, ?) WHERE id = ?').run(at, id);
    return (
      this.db
        .prepare<[string], AlertRow>(
          `SELECT a.*, e.building, e.unit, e.room, e.resident_name_masked FROM alert a JOIN entry_log e ON e.id = a.entry_id WHERE a.id = ?`,
        )
        .get(id) ?? null
    );
  }
}

function toParams(q: EntryQuery): Record<string, string | null> {
  return { from: q.fromUtc ?? null, to: q.toUtc ?? null, decision: q.decision ?? null, building: q.building ?? null };
}
