import type { Migration } from './index';

/**
 * Clock faults (issue 8 item 6, decision 0024).
 *
 * - clock_jump: append-only history of the gate's clock: each jump of the wall clock, each start
 *   behind the high-water mark, each correction from the hub, and what lifted the flag (the wall
 *   clock recovering, the hub agreeing, a manager accepting it). Times are ISO; `at` is the trusted
 *   time after the change. No personal data, so nothing purges it.
 * - clock_state: one row. `high_water` is the latest trusted time written down (every few minutes
 *   and at close; the entry log and audit trail's latest times count too). `offset_ms` is trusted −
 *   wall while the wall clock is flagged, so a restart keeps correcting a wall clock that is still
 *   wrong. `entry_seq`/`audit_seq`: rows at or below these were written before the trusted time was
 *   deliberately moved back (a manager or the hub), and no longer count towards the mark.
 */
const migration: Migration = {
  version: 11,
  name: '0011-clock',
  up(db) {
    db.exec(`
      CREATE TABLE clock_jump (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('wall_jump', 'behind_mark', 'hub_correction', 'wall_recovered', 'hub_agreed', 'accepted')),
        at TEXT NOT NULL,
        wall_before TEXT NOT NULL,
        wall_after TEXT NOT NULL,
        trusted_before TEXT NOT NULL,
        trusted_after TEXT NOT NULL,
        size_ms INTEGER NOT NULL,
        staff_json TEXT NOT NULL DEFAULT '[]'
      );
      CREATE TRIGGER clock_jump_no_update BEFORE UPDATE ON clock_jump
        BEGIN SELECT RAISE(ABORT, 'clock_jump is append-only'); END;
      CREATE TRIGGER clock_jump_no_delete BEFORE DELETE ON clock_jump
        BEGIN SELECT RAISE(ABORT, 'clock_jump is append-only'); END;
      CREATE TABLE clock_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        high_water TEXT,
        offset_ms INTEGER,
        entry_seq INTEGER NOT NULL DEFAULT 0,
        audit_seq INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT
      );
      INSERT INTO clock_state (id) VALUES (1);
    `);
  },
};

export default migration;
