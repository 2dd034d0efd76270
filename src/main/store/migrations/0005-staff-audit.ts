import type { Migration } from './index';

/**
 * Staff, shifts at this post, handover and watch notes, the volunteer schedule, corrections to the
 * entry log (overrides and voids, never edits) and the hash-chained audit trail (issue 6).
 *
 * The audit trail refuses UPDATE always and DELETE unless `audit_purge` holds the cut-off the
 * retention purge announced in the same transaction (src/main/audit/auditLog.ts `purgeBefore`), so
 * the only way to remove records is a prefix of the chain, itself recorded in the chain.
 */
const migration: Migration = {
  version: 5,
  name: 'staff-audit',
  up(db) {
    db.exec(`
      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('guard','volunteer','manager','committee_admin')),
        pin_salt TEXT NOT NULL,
        pin_hash TEXT NOT NULL,
        card_code TEXT UNIQUE,
        active INTEGER NOT NULL DEFAULT 1,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- One row per person per sign-in at this post; an open shift has no signed_out_at.
      CREATE TABLE shift (
        id TEXT PRIMARY KEY,
        staff_id TEXT NOT NULL REFERENCES staff(id),
        gate_id TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('pin','card','first_run')),
        signed_in_at TEXT NOT NULL,
        signed_out_at TEXT
      );
      CREATE INDEX shift_open ON shift(gate_id, signed_out_at);

      CREATE TABLE handover_note (
        id TEXT PRIMARY KEY,
        gate_id TEXT NOT NULL,
        written_at TEXT NOT NULL,
        staff_json TEXT NOT NULL,
        note TEXT NOT NULL
      );
      CREATE INDEX handover_note_time ON handover_note(gate_id, written_at);

      CREATE TABLE watch_note (
        id TEXT PRIMARY KEY,
        household_id TEXT NOT NULL,
        household_label TEXT NOT NULL,
        note TEXT NOT NULL,
        until_date TEXT,
        created_at TEXT NOT NULL,
        staff_json TEXT NOT NULL,
        cleared_at TEXT,
        cleared_staff_json TEXT
      );
      CREATE INDEX watch_note_household ON watch_note(household_id, cleared_at);

      CREATE TABLE schedule_slot (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        post TEXT NOT NULL,
        starts TEXT NOT NULL,
        ends TEXT NOT NULL,
        staff_name TEXT NOT NULL,
        role TEXT NOT NULL,
        phone_last4 TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL
      );
      CREATE INDEX schedule_slot_day ON schedule_slot(day, post, starts);

      CREATE TABLE entry_correction (
        id TEXT PRIMARY KEY,
        entry_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('override_admit','void')),
        reason TEXT NOT NULL,
        staff_json TEXT NOT NULL,
        approver_id TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX entry_correction_entry ON entry_correction(entry_id);
      CREATE TRIGGER entry_correction_no_update BEFORE UPDATE ON entry_correction
        BEGIN SELECT RAISE(ABORT, 'entry_correction is append-only'); END;
      CREATE TRIGGER entry_correction_no_delete BEFORE DELETE ON entry_correction
        BEGIN SELECT RAISE(ABORT, 'entry_correction is append-only'); END;

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        actors_json TEXT NOT NULL,
        subject TEXT,
        details_json TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_time ON audit_log(at);
      CREATE INDEX audit_log_kind ON audit_log(kind, seq);
      CREATE TABLE audit_purge (cutoff_seq INTEGER NOT NULL);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        WHEN NOT EXISTS (SELECT 1 FROM audit_purge WHERE OLD.seq <= cutoff_seq)
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};
export default migration;
