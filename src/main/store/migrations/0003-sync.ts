import type { Migration } from './index';

/**
 * Gate-side sync state. The entry log itself is never touched (its triggers refuse UPDATE and
 * DELETE): what has reached the hub is one high-water mark, `acked_seq`, exact because entry_log.seq
 * only grows and SQLite serialises writers, so rows commit in seq order.
 *
 * - sync_state: one row; hub address and gate token (written at enrolment), the acknowledged seq,
 *   the three pull cursors and the hub time the roster was last complete as of.
 * - sync_quarantine: events the hub refused for good (4xx), set aside so the queue keeps moving.
 * - sync_revocation: withdrawn pass numbers from the hub, kept even before the pass itself arrives.
 * - sync_presence: each resident's latest admitted passage at another gate of the compound.
 */
const migration: Migration = {
  version: 3,
  name: '0003-sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hub_url TEXT,
        token TEXT,
        committee_id TEXT,
        enrolled_at TEXT,
        acked_seq INTEGER NOT NULL DEFAULT 0,
        roster_cursor TEXT NOT NULL DEFAULT '0.0',
        revocation_cursor TEXT NOT NULL DEFAULT '0.0',
        presence_cursor TEXT NOT NULL DEFAULT '0.0',
        roster_as_of TEXT,
        roster_adopted INTEGER NOT NULL DEFAULT 0,
        last_push_at TEXT,
        last_pull_at TEXT
      );
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE sync_quarantine (
        event_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        quarantined_at TEXT NOT NULL
      );
      CREATE INDEX sync_quarantine_seq ON sync_quarantine(seq);

      CREATE TABLE sync_revocation (
        pass_number TEXT PRIMARY KEY,
        revoked_at TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT ''
      );

      CREATE TABLE sync_presence (
        resident_id TEXT PRIMARY KEY,
        gate_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('in','out')),
        occurred_at TEXT NOT NULL
      );
    `);
  },
};

export default migration;
