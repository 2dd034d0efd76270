import type { Migration } from './index';

/**
 * The roster and the entry log. The entry log keeps a snapshot of who and where (building, room,
 * masked name) instead of foreign keys: it is history, and a later roster import must not change
 * or orphan what was recorded at the gate.
 */
const migration: Migration = {
  version: 1,
  name: '0001-initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE status_scheme (
        code TEXT PRIMARY KEY,
        scheme TEXT NOT NULL,
        label_zh TEXT NOT NULL,
        label_en TEXT NOT NULL,
        colour TEXT NOT NULL,
        gate_rule TEXT NOT NULL CHECK (gate_rule IN ('allow','no_exit','deny','refer')),
        severity INTEGER NOT NULL DEFAULT 0,
        sort INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE compound (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE gate (
        id TEXT PRIMARY KEY,
        compound_id TEXT NOT NULL REFERENCES compound(id),
        name TEXT NOT NULL
      );
      CREATE TABLE building (
        id TEXT PRIMARY KEY,
        compound_id TEXT NOT NULL REFERENCES compound(id),
        name TEXT NOT NULL,
        UNIQUE (compound_id, name)
      );
      CREATE TABLE household (
        id TEXT PRIMARY KEY,
        building_id TEXT NOT NULL REFERENCES building(id),
        unit TEXT NOT NULL DEFAULT '',
        room TEXT NOT NULL,
        status_code TEXT NOT NULL REFERENCES status_scheme(code),
        updated_at TEXT NOT NULL,
        UNIQUE (building_id, unit, room)
      );
      CREATE TABLE resident (
        id TEXT PRIMARY KEY,
        household_id TEXT NOT NULL REFERENCES household(id),
        name TEXT NOT NULL,
        residency TEXT NOT NULL CHECK (residency IN ('owner','renter')),
        phone TEXT NOT NULL DEFAULT '',
        id_number TEXT NOT NULL DEFAULT '',
        status_code TEXT NOT NULL REFERENCES status_scheme(code),
        updated_at TEXT NOT NULL,
        UNIQUE (household_id, name)
      );
      CREATE INDEX resident_name ON resident(name);
      CREATE TABLE pass (
        id TEXT PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        resident_id TEXT NOT NULL REFERENCES resident(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('active','revoked')),
        valid_from TEXT,
        valid_until TEXT,
        issued_at TEXT NOT NULL
      );
      CREATE INDEX pass_resident ON pass(resident_id);

      CREATE TABLE entry_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        compound_id TEXT NOT NULL,
        gate_id TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('in','out')),
        credential TEXT NOT NULL,
        credential_source TEXT NOT NULL,
        pass_id TEXT,
        resident_id TEXT,
        household_id TEXT,
        building TEXT,
        unit TEXT,
        room TEXT,
        resident_name_masked TEXT,
        status_code TEXT,
        temp_object_c REAL,
        temp_body_c REAL,
        temp_device TEXT,
        temp_source TEXT,
        readings_json TEXT NOT NULL DEFAULT '[]',
        decision TEXT NOT NULL CHECK (decision IN ('admit','deny','refer')),
        reasons TEXT NOT NULL DEFAULT '',
        alert INTEGER NOT NULL DEFAULT 0,
        staff_json TEXT NOT NULL DEFAULT '[]',
        started_at TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      );
      CREATE INDEX entry_log_time ON entry_log(occurred_at);
      CREATE INDEX entry_log_resident ON entry_log(resident_id, seq);
      CREATE TRIGGER entry_log_no_update BEFORE UPDATE ON entry_log
        BEGIN SELECT RAISE(ABORT, 'entry_log is append-only'); END;
      CREATE TRIGGER entry_log_no_delete BEFORE DELETE ON entry_log
        BEGIN SELECT RAISE(ABORT, 'entry_log is append-only'); END;

      CREATE TABLE alert (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        entry_id TEXT NOT NULL REFERENCES entry_log(id),
        raised_at TEXT NOT NULL,
        acknowledged_at TEXT
      );
    `);
  },
};

export default migration;
