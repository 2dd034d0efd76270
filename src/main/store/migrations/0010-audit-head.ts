import type { Migration } from './index';

/**
 * The audit trail's daily chain heads (issue 6 item 4, decision 0013): one row per completed local
 * day, the day's last audit record (seq, hash, time) and how many records the day had, written by
 * the sync round (src/main/sync/auditHeads.ts) and pushed to the hub as an `audit_head` event.
 *
 * Append-only and never purged: a row holds no personal data, and once the day's audit records have
 * gone to retention it is the gate's own note of what its chain said that day.
 */
const migration: Migration = {
  version: 10,
  name: '0010-audit-head',
  up(db) {
    db.exec(`
      CREATE TABLE audit_head (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        gate_id TEXT NOT NULL,
        day TEXT NOT NULL UNIQUE CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        audit_seq INTEGER NOT NULL CHECK (audit_seq >= 0),
        hash TEXT NOT NULL CHECK (length(hash) = 64),
        at TEXT NOT NULL,
        records INTEGER NOT NULL CHECK (records >= 0),
        recorded_at TEXT NOT NULL
      );
      CREATE TRIGGER audit_head_no_update BEFORE UPDATE ON audit_head
        BEGIN SELECT RAISE(ABORT, 'audit_head is append-only'); END;
      CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
        BEGIN SELECT RAISE(ABORT, 'audit_head is append-only'); END;
    `);
  },
};

export default migration;
