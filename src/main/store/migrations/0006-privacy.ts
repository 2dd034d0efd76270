import type { Migration } from './index';

/**
 * Privacy: keyed lookups of ID numbers and the retention purge (decision 0014).
 *
 * - resident.id_hmac: HMAC-SHA-256 of the ID number under a key kept outside this database, so a
 *   copy of the file alone cannot be used to find a person by brute-forcing the 18-digit space.
 *   SQLite cannot compute it (the key is not here), so the core fills it: NULL means "to do", and
 *   a change of id_number resets it to NULL so a stale digest never matches.
 * - purge_permit: the only way past the entry log's DELETE trigger. The purge writes one row
 *   (cut-off time and the highest seq the hub has acknowledged) inside its transaction and removes
 *   it before commit; the trigger re-checks both limits on every row, so even a faulty purge cannot
 *   remove a recent or unsynced event (a quarantined one never reached the hub either), and no other
 *   code path can remove any.
 * - purge_report: what each purge removed, per record type.
 */
const migration: Migration = {
  version: 6,
  name: '0006-privacy',
  up(db) {
    db.exec(`
      ALTER TABLE resident ADD COLUMN id_hmac TEXT;
      CREATE INDEX resident_id_hmac ON resident(id_hmac) WHERE id_hmac IS NOT NULL;
      CREATE INDEX resident_id_hmac_todo ON resident(id) WHERE id_hmac IS NULL AND id_number <> '';
      CREATE TRIGGER resident_id_hmac_reset AFTER UPDATE OF id_number ON resident
        WHEN NEW.id_number IS NOT OLD.id_number AND NEW.id_hmac IS OLD.id_hmac
        BEGIN UPDATE resident SET id_hmac = NULL WHERE id = NEW.id; END;

      CREATE TABLE purge_permit (
        record_type TEXT PRIMARY KEY,
        before_time TEXT NOT NULL,
        max_seq INTEGER NOT NULL
      );

      DROP TRIGGER entry_log_no_delete;
      CREATE TRIGGER entry_log_no_delete BEFORE DELETE ON entry_log
        WHEN NOT EXISTS (
          SELECT 1 FROM purge_permit p
           WHERE p.record_type = 'entry_log' AND OLD.occurred_at < p.before_time AND OLD.seq <= p.max_seq
        ) OR EXISTS (SELECT 1 FROM sync_quarantine q WHERE q.event_id = OLD.id)
        BEGIN SELECT RAISE(ABORT, 'entry_log is append-only'); END;

      CREATE TABLE purge_report (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        ran_at TEXT NOT NULL,
        cause TEXT NOT NULL CHECK (cause IN ('start','daily','manual')),
        counts_json TEXT NOT NULL,
        cutoffs_json TEXT NOT NULL,
        kept_unsynced INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX purge_report_time ON purge_report(ran_at);
    `);
  },
};

export default migration;
