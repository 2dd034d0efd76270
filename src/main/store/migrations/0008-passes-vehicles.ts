import type { Migration } from './index';

/**
 * Issue 4 items 4-6 and 8: household status history, vehicles, signed temporary passes.
 *
 * - household_status_history: every status change of a household (committee or gate), append-only.
 * - household_vehicle: resident plates on the roster, one household per plate.
 * - vehicle_event: one row per vehicle at the gate. `decision` stays NULL while the guard checks the
 *   occupants (the open event survives a restart); the daily report counts rows by occurred_at and
 *   direction (report/laterSections.ts), scoped by compound_id and gate_id.
 * - vehicle_occupant: the entry-log checks of the people in it, by entry id.
 * - temp_pass: passes this gate issued (the signed payload is what any gate verifies; this row is
 *   for the list, reprints and revocation). temp_pass_revocation: withdrawn pass ids from any gate,
 *   the list sync carries between gates.
 */
const migration: Migration = {
  version: 8,
  name: 'passes-vehicles',
  up(db) {
    db.exec(`
      CREATE TABLE household_status_history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        household_id TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('committee','gate')),
        note TEXT NOT NULL DEFAULT '',
        staff_json TEXT NOT NULL DEFAULT '[]',
        changed_at TEXT NOT NULL
      );
      CREATE INDEX household_status_history_household ON household_status_history(household_id, seq);
      CREATE TRIGGER household_status_history_no_update BEFORE UPDATE ON household_status_history
        BEGIN SELECT RAISE(ABORT, 'household_status_history is append-only'); END;
      CREATE TRIGGER household_status_history_no_delete BEFORE DELETE ON household_status_history
        BEGIN SELECT RAISE(ABORT, 'household_status_history is append-only'); END;

      CREATE TABLE household_vehicle (
        plate TEXT PRIMARY KEY,
        household_id TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('roster','gate')),
        added_at TEXT NOT NULL
      );
      CREATE INDEX household_vehicle_household ON household_vehicle(household_id);

      CREATE TABLE vehicle_event (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        compound_id TEXT NOT NULL,
        gate_id TEXT NOT NULL,
        plate TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('in','out')),
        kind TEXT NOT NULL CHECK (kind IN ('resident','visitor','unknown')),
        household_id TEXT,
        household_label TEXT,
        note TEXT NOT NULL DEFAULT '',
        decision TEXT CHECK (decision IS NULL OR decision IN ('admit','deny','refer')),
        reasons TEXT NOT NULL DEFAULT '',
        staff_json TEXT NOT NULL DEFAULT '[]',
        occurred_at TEXT NOT NULL,
        closed_at TEXT
      );
      CREATE INDEX vehicle_event_time ON vehicle_event(occurred_at);
      CREATE INDEX vehicle_event_plate ON vehicle_event(plate, seq);
      CREATE UNIQUE INDEX vehicle_event_one_open ON vehicle_event(gate_id) WHERE decision IS NULL;

      CREATE TABLE vehicle_occupant (
        vehicle_event_id TEXT NOT NULL REFERENCES vehicle_event(id),
        entry_id TEXT NOT NULL REFERENCES entry_log(id),
        PRIMARY KEY (vehicle_event_id, entry_id)
      );

      CREATE TABLE temp_pass (
        id TEXT PRIMARY KEY,
        household_id TEXT NOT NULL,
        household_label TEXT NOT NULL,
        purpose TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        gate_id TEXT NOT NULL,
        payload TEXT NOT NULL,
        staff_json TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX temp_pass_issued ON temp_pass(issued_at);

      CREATE TABLE temp_pass_revocation (
        pass_id TEXT PRIMARY KEY,
        revoked_at TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        gate_id TEXT NOT NULL,
        staff_json TEXT NOT NULL DEFAULT '[]'
      );
    `);
  },
};
export default migration;
