import { storableUnknownCredential } from '../../privacy/unknownCredential';
import type { Migration } from './index';

/**
 * Retention for issue 4's records, and no full personal numbers in the entry log (decision 0014).
 *
 * Visitors, parcels, returnees and observations hold names, phones and ID numbers, yet 0007 made most
 * of them undeletable. Here each gets the entry log's mechanism: a DELETE passes only while the
 * retention purge holds a `purge_permit` for that record type in its own transaction, and only for a
 * row past the permit's cut-off and at or below its seq limit (the hub's acknowledged mark where the
 * table is a sync source):
 * - visitor: registered, left and pass expired before the cut-off;
 * - parcel: handed over (picked up or left at the door) before the cut-off; one never handed over stays;
 * - observation: ended before the cut-off, so a running observation can never go;
 * - returnee: registered before the cut-off and with no observation left, i.e. never while observed.
 * Follow-up rows (observation_end, parcel_handover, entry_correction) may go only together with the
 * record they belong to, under that record's permit.
 *
 * Entry-log rows written before gateCore masked unmatched codes may hold a typed or scanned ID or
 * phone number in full; they are masked here once (the only UPDATE the entry log ever sees).
 */
const migration: Migration = {
  version: 9,
  name: '0009-flows-retention',
  up(db) {
    // Each entry-log row removed makes SQLite look up its children by foreign key; without these
    // indexes that is a scan of the whole table per row (a 28-day purge at 2000 checks a day took
    // 111 s instead of 1.3 s).
    db.exec(`
      CREATE INDEX IF NOT EXISTS alert_entry ON alert(entry_id);
      CREATE INDEX IF NOT EXISTS vehicle_occupant_entry ON vehicle_occupant(entry_id);
      CREATE INDEX IF NOT EXISTS observation_returnee ON observation(returnee_id);
    `);
    db.exec(`
      CREATE TRIGGER visitor_no_delete BEFORE DELETE ON visitor
        WHEN NOT EXISTS (
          SELECT 1 FROM purge_permit p
           WHERE p.record_type = 'visitor' AND OLD.seq <= p.max_seq AND OLD.registered_at < p.before_time
             AND (OLD.left_at IS NULL OR OLD.left_at < p.before_time)
             AND (OLD.pass_expires_at IS NULL OR OLD.pass_expires_at < p.before_time)
        )
        BEGIN SELECT RAISE(ABORT, 'visitor records are append-only'); END;

      DROP TRIGGER parcel_no_delete;
      CREATE TRIGGER parcel_no_delete BEFORE DELETE ON parcel
        WHEN NOT EXISTS (
          SELECT 1 FROM purge_permit p
           WHERE p.record_type = 'parcel' AND OLD.seq <= p.max_seq
             AND OLD.collected_at IS NOT NULL AND OLD.collected_at < p.before_time
        )
        BEGIN SELECT RAISE(ABORT, 'parcel records are append-only'); END;
      DROP TRIGGER parcel_handover_no_delete;
      CREATE TRIGGER parcel_handover_no_delete BEFORE DELETE ON parcel_handover
        WHEN NOT EXISTS (
          SELECT 1 FROM purge_permit p JOIN parcel t ON t.id = OLD.parcel_id
           WHERE p.record_type = 'parcel' AND t.seq <= p.max_seq
             AND t.collected_at IS NOT NULL AND t.collected_at < p.before_time
        )
        BEGIN SELECT RAISE(ABORT, 'parcel_handover is append-only'); END;

      DROP TRIGGER observation_no_delete;
      CREATE TRIGGER observation_no_delete BEFORE DELETE ON observation
        WHEN NOT EXISTS (
          SELECT 1 FROM purge_permit p
           WHERE p.record_type = 'observation' AND OLD.seq <= p.max_seq AND OLD.ended_at < p.before_time
        )
        BEGIN SELECT RAISE(ABORT, 'observation records are append-only'); END;
      DROP TRIGGER observation_end_no_delete;
      CREATE TRIGGER observation_end_no_delete BEFORE DELETE ON observation_end
        WHEN NOT EXISTS (
          SELECT 1 FROM purge_permit p JOIN observation t ON t.id = OLD.observation_id
           WHERE p.record_type = 'observation' AND t.seq <= p.max_seq AND t.ended_at < p.before_time
        )
        BEGIN SELECT RAISE(ABORT, 'observation_end is append-only'); END;

      DROP TRIGGER returnee_no_delete;
      CREATE TRIGGER returnee_no_delete BEFORE DELETE ON returnee
        WHEN NOT EXISTS (
          SELECT 1 FROM purge_permit p
           WHERE p.record_type = 'returnee' AND OLD.seq <= p.max_seq AND OLD.registered_at < p.before_time
        ) OR EXISTS (SELECT 1 FROM observation o WHERE o.returnee_id = OLD.id)
        BEGIN SELECT RAISE(ABORT, 'returnee is append-only'); END;

      DROP TRIGGER entry_correction_no_delete;
      CREATE TRIGGER entry_correction_no_delete BEFORE DELETE ON entry_correction
        WHEN NOT EXISTS (SELECT 1 FROM purge_permit p WHERE p.record_type = 'entry_log')
          OR EXISTS (SELECT 1 FROM entry_log e WHERE e.id = OLD.entry_id)
        BEGIN SELECT RAISE(ABORT, 'entry_correction is append-only'); END;
    `);

    // Codes that matched no pass (no pass id) and were not a staff lookup or a flow's own marker.
    const candidates = db
      .prepare<[], { seq: number; credential: string }>(
        `SELECT seq, credential FROM entry_log
          WHERE pass_id IS NULL AND credential_source NOT IN ('lookup', 'visitor', 'returnee')
            AND length(credential) BETWEEN 11 AND 24 AND credential NOT LIKE '%*%'`,
      )
      .all()
      .map((r) => ({ seq: r.seq, masked: storableUnknownCredential(r.credential), credential: r.credential }))
      .filter((r) => r.masked !== r.credential);
    if (candidates.length > 0) {
      db.exec('DROP TRIGGER entry_log_no_update');
      const set = db.prepare('UPDATE entry_log SET credential = ? WHERE seq = ?');
      for (const r of candidates) set.run(r.masked, r.seq);
      db.exec(`CREATE TRIGGER entry_log_no_update BEFORE UPDATE ON entry_log
        BEGIN SELECT RAISE(ABORT, 'entry_log is append-only'); END;`);
    }
  },
};

export default migration;
