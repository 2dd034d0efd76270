/**
 * Watch notes per household ("3-402 under observation until 2/20"): shown at sign-in and on the
 * scan card for that household. A note is never edited; clearing it stamps who and when.
 */
import type { WatchNote } from '../../shared/staff';
import type { AuditLog } from '../audit/auditLog';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import { localDate } from '../core/time';
import type { IdGenerator } from '../core/ids';
import { statement, type Db } from '../store/db';

type Row = { id: string; household_id: string; household_label: string; note: string; until_date: string | null; created_at: string; staff_json: string };

export class WatchNotes {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly audit: AuditLog,
    private readonly timeZone: string,
    private readonly nameOf: (staffId: string) => string,
  ) {}

  /** Notes still in force today (local date): not cleared, and `until` not yet past. */
  active(householdId?: string): WatchNote[] {
    const today = localDate(this.clock.now(), this.timeZone);
    return statement<[string | null, string | null, string], Row>(
      this.db,
      `SELECT * FROM watch_note WHERE cleared_at IS NULL AND (? IS NULL OR household_id = ?)
         AND (until_date IS NULL OR until_date >= ?) ORDER BY created_at DESC`,
    )
      .all(householdId ?? null, householdId ?? null, today)
      .map((r) => this.toNote(r));
  }

  add(input: { householdId: string; note: string; until: string | null }, actors: readonly string[]): WatchNote {
    const h = this.db
      .prepare<[string], { building: string; unit: string; room: string }>(
        'SELECT b.name AS building, h.unit, h.room FROM household h JOIN building b ON b.id = h.building_id WHERE h.id = ?',
      )
      .get(input.householdId);
    if (!h) throw new GateError('not_found', 'no such household');
    const id = this.newId();
    const label = [h.building, h.unit, h.room].filter(Boolean).join('-');
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO watch_note (id, household_id, household_label, note, until_date, created_at, staff_json) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, input.householdId, label, input.note, input.until, this.clock.now().toISOString(), JSON.stringify(actors));
      this.audit.append('watch.added', { actors, subject: input.householdId, details: { id, until: input.until } });
    })();
    return this.toNote(this.db.prepare<[string], Row>('SELECT * FROM watch_note WHERE id = ?').get(id)!);
  }

  clear(id: string, actors: readonly string[]): boolean {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare('UPDATE watch_note SET cleared_at = ?, cleared_staff_json = ? WHERE id = ? AND cleared_at IS NULL')
        .run(this.clock.now().toISOString(), JSON.stringify(actors), id).changes;
      if (changed > 0) this.audit.append('watch.cleared', { actors, subject: id });
      return changed > 0;
    })();
  }

  private toNote(r: Row): WatchNote {
    return {
      id: r.id,
      householdId: r.household_id,
      household: r.household_label,
      note: r.note,
      until: r.until_date,
      createdAt: r.created_at,
      by: (JSON.parse(r.staff_json) as string[]).map(this.nameOf),
    };
  }
}
