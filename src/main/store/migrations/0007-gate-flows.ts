import type { Migration } from './index';

/**
 * Visitors, parcels, returnees and home observation, and who acknowledged each alert (issue 4).
 *
 * Every table has `seq` (local, increasing) and a UUIDv7 `id`, so the sync outbox can push them by
 * seq like the entry log. Events are append-only (triggers refuse UPDATE and DELETE). Three state
 * cells are write-once copies of an event kept beside the record the daily report reads
 * (`visitor.left_at` ← visitor_departure, `parcel.collected_at` ← parcel_handover,
 * `observation.ended_at` ← observation_end, which may only move earlier): triggers allow exactly that
 * change and nothing else (decision 0015). Entry ids are kept as text, like the entry log keeps its
 * snapshots: no foreign key may stop the retention purge (decision 0014), which removes visitors
 * (by registered_at) and alerts; nothing else here is deleted.
 */
const migration: Migration = {
  version: 7,
  name: '0007-gate-flows',
  up(db) {
    db.exec(`
      CREATE TABLE visitor (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        compound_id TEXT NOT NULL,
        gate_id TEXT NOT NULL,
        pass_number TEXT UNIQUE,
        name TEXT NOT NULL,
        phone TEXT NOT NULL,
        id_number TEXT NOT NULL,
        id_number_full INTEGER NOT NULL CHECK (id_number_full IN (0, 1)),
        household_id TEXT NOT NULL,
        building TEXT NOT NULL,
        unit TEXT NOT NULL,
        room TEXT NOT NULL,
        relation TEXT NOT NULL,
        confirm_number TEXT,
        confirm_answered_by TEXT,
        confirm_outcome TEXT CHECK (confirm_outcome IN ('confirmed','declined','no_answer')),
        temperature_c REAL,
        temp_source TEXT,
        decision TEXT NOT NULL CHECK (decision IN ('admit','deny')),
        reasons TEXT NOT NULL DEFAULT '',
        entry_id TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        arrived_at TEXT,
        pass_expires_at TEXT,
        left_at TEXT,
        staff_json TEXT NOT NULL,
        CHECK ((decision = 'admit') = (arrived_at IS NOT NULL AND pass_expires_at IS NOT NULL AND pass_number IS NOT NULL))
      );
      CREATE INDEX visitor_inside ON visitor(left_at, pass_expires_at) WHERE arrived_at IS NOT NULL;
      CREATE TRIGGER visitor_fixed BEFORE UPDATE OF seq, id, compound_id, gate_id, pass_number, name, phone,
        id_number, id_number_full, household_id, building, unit, room, relation, confirm_number, confirm_answered_by,
        confirm_outcome, temperature_c, temp_source, decision, reasons, entry_id, registered_at, arrived_at,
        pass_expires_at, staff_json ON visitor
        BEGIN SELECT RAISE(ABORT, 'visitor records are append-only'); END;
      CREATE TRIGGER visitor_left_once BEFORE UPDATE OF left_at ON visitor
        WHEN OLD.left_at IS NOT NULL OR OLD.arrived_at IS NULL OR NEW.left_at IS NULL
        BEGIN SELECT RAISE(ABORT, 'a visitor leaves once'); END;

      CREATE TABLE visitor_departure (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        visitor_id TEXT NOT NULL UNIQUE,
        entry_id TEXT NOT NULL,
        left_at TEXT NOT NULL,
        overstayed INTEGER NOT NULL CHECK (overstayed IN (0, 1)),
        staff_json TEXT NOT NULL
      );

      CREATE TABLE parcel (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        compound_id TEXT NOT NULL,
        gate_id TEXT NOT NULL,
        carrier TEXT NOT NULL,
        tracking_tail TEXT NOT NULL,
        household_id TEXT NOT NULL,
        building TEXT NOT NULL,
        unit TEXT NOT NULL,
        room TEXT NOT NULL,
        shelf_slot TEXT NOT NULL,
        received_at TEXT NOT NULL,
        collected_at TEXT,
        staff_json TEXT NOT NULL
      );
      CREATE INDEX parcel_waiting ON parcel(household_id) WHERE collected_at IS NULL;
      CREATE TRIGGER parcel_fixed BEFORE UPDATE OF seq, id, compound_id, gate_id, carrier, tracking_tail,
        household_id, building, unit, room, shelf_slot, received_at, staff_json ON parcel
        BEGIN SELECT RAISE(ABORT, 'parcel records are append-only'); END;
      CREATE TRIGGER parcel_collected_once BEFORE UPDATE OF collected_at ON parcel
        WHEN OLD.collected_at IS NOT NULL OR NEW.collected_at IS NULL
        BEGIN SELECT RAISE(ABORT, 'a parcel is handed over once'); END;
      CREATE TRIGGER parcel_no_delete BEFORE DELETE ON parcel
        BEGIN SELECT RAISE(ABORT, 'parcel records are append-only'); END;

      CREATE TABLE parcel_handover (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        parcel_id TEXT NOT NULL UNIQUE REFERENCES parcel(id),
        kind TEXT NOT NULL CHECK (kind IN ('pickup','door_drop')),
        handed_at TEXT NOT NULL,
        resident_id TEXT,
        delivered_by TEXT,
        staff_json TEXT NOT NULL
      );

      CREATE TABLE returnee (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        compound_id TEXT NOT NULL,
        gate_id TEXT NOT NULL,
        resident_id TEXT,
        household_id TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        name TEXT NOT NULL,
        id_number TEXT NOT NULL,
        phone TEXT NOT NULL,
        building TEXT NOT NULL,
        unit TEXT NOT NULL,
        room TEXT NOT NULL,
        origin_province TEXT NOT NULL,
        origin_city TEXT NOT NULL,
        origin TEXT NOT NULL,
        key_region INTEGER NOT NULL CHECK (key_region IN (0, 1)),
        transport TEXT NOT NULL,
        transport_no TEXT NOT NULL DEFAULT '',
        arrived_on TEXT NOT NULL,
        symptoms TEXT NOT NULL,
        temperature_c REAL,
        observation_start TEXT NOT NULL,
        observation_end TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        registered_by TEXT NOT NULL,
        staff_json TEXT NOT NULL
      );
      CREATE INDEX returnee_time ON returnee(registered_at);

      CREATE TABLE observation (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        compound_id TEXT NOT NULL,
        gate_id TEXT NOT NULL,
        returnee_id TEXT NOT NULL REFERENCES returnee(id),
        resident_id TEXT,
        household_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        staff_json TEXT NOT NULL,
        CHECK (ended_at > started_at)
      );
      CREATE INDEX observation_resident ON observation(resident_id, ended_at);
      CREATE INDEX observation_household ON observation(household_id, ended_at);
      CREATE TRIGGER observation_fixed BEFORE UPDATE OF seq, id, compound_id, gate_id, returnee_id, resident_id,
        household_id, started_at, staff_json ON observation
        BEGIN SELECT RAISE(ABORT, 'observation records are append-only'); END;
      CREATE TRIGGER observation_end_earlier BEFORE UPDATE OF ended_at ON observation
        WHEN NEW.ended_at >= OLD.ended_at
          OR NOT EXISTS (SELECT 1 FROM observation_end WHERE observation_id = OLD.id AND ended_at = NEW.ended_at)
        BEGIN SELECT RAISE(ABORT, 'an observation only ends early through a recorded, approved end'); END;
      CREATE TRIGGER observation_no_delete BEFORE DELETE ON observation
        BEGIN SELECT RAISE(ABORT, 'observation records are append-only'); END;

      CREATE TABLE observation_end (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        observation_id TEXT NOT NULL UNIQUE REFERENCES observation(id),
        ended_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        approval_json TEXT NOT NULL,
        staff_json TEXT NOT NULL
      );

      CREATE TABLE alert_ack (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        alert_id TEXT NOT NULL UNIQUE,
        acknowledged_at TEXT NOT NULL,
        staff_json TEXT NOT NULL
      );
      CREATE INDEX alert_open ON alert(acknowledged_at, raised_at);
    `);
    for (const t of ['visitor_departure', 'parcel_handover', 'returnee', 'observation_end', 'alert_ack']) {
      db.exec(`CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;`);
    }
    for (const t of ['parcel_handover', 'returnee', 'observation_end']) {
      db.exec(`CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;`);
    }
    // The retention purge (decision 0014) removes visitors and alerts; their follow-up rows may go
    // once the record they belong to is gone, never before.
    db.exec(`
      CREATE TRIGGER visitor_departure_no_delete BEFORE DELETE ON visitor_departure
        WHEN EXISTS (SELECT 1 FROM visitor WHERE id = OLD.visitor_id)
        BEGIN SELECT RAISE(ABORT, 'visitor_departure is append-only'); END;
      CREATE TRIGGER alert_ack_no_delete BEFORE DELETE ON alert_ack
        WHEN EXISTS (SELECT 1 FROM alert WHERE id = OLD.alert_id)
        BEGIN SELECT RAISE(ABORT, 'alert_ack is append-only'); END;
    `);
  },
};

export default migration;
