/**
 * Alerts the guard must acknowledge, and who did. Every alert hangs off an entry-log row (the check
 * that raised it, or the visitor's arrival for an overstay), so the screen can name the household
 * from that row's snapshot. An acknowledgement is an append-only `alert_ack` row with the staff on
 * duty; `alert.acknowledged_at` is its write-once copy, kept because the daily report reads it.
 */
import { AlertKind, type Alert } from '../../shared/flows';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import type { GateEvents } from '../core/events';
import type { IdGenerator } from '../core/ids';
import { householdLabel } from '../gate/gateCore';
import type { Db } from '../store/db';

type Row = {
  id: string;
  kind: string;
  entry_id: string;
  raised_at: string;
  acknowledged_at: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  resident_name_masked: string | null;
  ack_staff: string | null;
};

const SELECT = `SELECT a.id, a.kind, a.entry_id, a.raised_at, a.acknowledged_at, e.building, e.unit, e.room,
    e.resident_name_masked, k.staff_json AS ack_staff
  FROM alert a JOIN entry_log e ON e.id = a.entry_id LEFT JOIN alert_ack k ON k.alert_id = a.id`;

export type AlertLedgerDeps = { db: Db; clock: Clock; newId: IdGenerator; events: GateEvents; staffOnDuty: () => string[] };

export class AlertLedger {
  private readonly one;
  private readonly insert;
  constructor(private readonly d: AlertLedgerDeps) {
    this.one = d.db.prepare<[string], Row>(`${SELECT} WHERE a.id = ?`);
    this.insert = d.db.prepare('INSERT INTO alert (id, kind, entry_id, raised_at) VALUES (?, ?, ?, ?)');
  }

  /** Open alerts first, then the most recent handled ones. */
  list(limit = 200): Alert[] {
    return this.d.db
      .prepare<[number], Row>(`${SELECT} ORDER BY a.acknowledged_at IS NOT NULL, a.raised_at DESC LIMIT ?`)
      .all(limit)
      .map(toAlert);
  }

  get(id: string): Alert | null {
    const row = this.one.get(id);
    return row ? toAlert(row) : null;
  }

  /** Inserts within the caller's transaction; the caller emits after commit via `announce`. */
  raise(kind: AlertKind, entryId: string, raisedAt: string): string {
    const id = this.d.newId();
    this.insert.run(id, kind, entryId, raisedAt);
    return id;
  }

  announce(id: string): void {
    const a = this.get(id);
    if (a) this.d.events.emit('alert:raised', a);
  }

  /**
   * Records who handled it. A second acknowledgement returns the first unchanged (two guards
   * pressing at once must not fail either of them). Nobody on duty means nobody can have handled
   * it: refused, so the alarm keeps sounding until someone signed in takes it.
   */
  acknowledge(id: string): Alert {
    const staff = this.d.staffOnDuty();
    const at = this.d.clock.now().toISOString();
    let fresh = false;
    this.d.db.transaction(() => {
      const row = this.one.get(id);
      if (!row) throw new GateError('not_found', 'no such alert');
      if (row.ack_staff !== null) return;
      fresh = true;
      if (staff.length === 0) throw new GateError('forbidden', 'an alert is acknowledged by a signed-in staff member');
      this.d.db
        .prepare('INSERT INTO alert_ack (id, alert_id, acknowledged_at, staff_json) VALUES (?, ?, ?, ?)')
        .run(this.d.newId(), id, at, JSON.stringify(staff));
      this.d.db.prepare('UPDATE alert SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL').run(at, id);
    })();
    const a = this.get(id);
    if (!a) throw new GateError('not_found', 'no such alert');
    if (fresh) this.d.events.emit('alert:acknowledged', a);
    return a;
  }
}

function toAlert(r: Row): Alert {
  return {
    id: r.id,
    // A kind this build does not know would be a schema bug; the contract check rejects it loudly.
    kind: AlertKind.parse(r.kind),
    entryId: r.entry_id,
    household: r.building ? householdLabel({ building: r.building, unit: r.unit ?? '', room: r.room ?? '' }) : null,
    residentName: r.resident_name_masked,
    raisedAt: r.raised_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.ack_staff ? (JSON.parse(r.ack_staff) as string[]) : [],
  };
}
