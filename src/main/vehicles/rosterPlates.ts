/**
 * Resident plates from the roster file's optional 车牌 column. Called inside the import's
 * transaction after the households are written. A full import makes the roster's plates equal to
 * the file's; plates staff registered at the gate (source 'gate') are left alone either way.
 */
import type { Db } from '../store/db';

type Row = { building: string; unit: string; room: string; plates?: readonly string[] };

export function replaceRosterPlates(db: Db, compoundId: string, rows: readonly Row[], now: string, opts: { removeMissing: boolean }): number {
  const household = db.prepare<[string, string, string, string], { id: string }>(
    `SELECT h.id FROM household h JOIN building b ON b.id = h.building_id
      WHERE b.compound_id = ? AND b.name = ? AND h.unit = ? AND h.room = ?`,
  );
  const upsert = db.prepare(
    `INSERT INTO household_vehicle (plate, household_id, source, added_at) VALUES (?, ?, 'roster', ?)
     ON CONFLICT(plate) DO UPDATE SET household_id = excluded.household_id, source = 'roster'`,
  );
  const kept = new Set<string>();
  for (const r of rows) {
    if (!r.plates?.length) continue;
    const h = household.get(compoundId, r.building, r.unit, r.room);
    if (!h) throw new Error(`household ${r.building}-${r.unit}-${r.room} missing after roster write`);
    for (const plate of r.plates) {
      upsert.run(plate, h.id, now);
      kept.add(plate);
    }
  }
  if (opts.removeMissing) {
    const drop = db.prepare("DELETE FROM household_vehicle WHERE plate = ? AND source = 'roster'");
    for (const { plate } of db.prepare<[], { plate: string }>("SELECT plate FROM household_vehicle WHERE source = 'roster'").all()) {
      if (!kept.has(plate)) drop.run(plate);
    }
  }
  // A household the import removed takes its plates with it.
  db.prepare('DELETE FROM household_vehicle WHERE household_id NOT IN (SELECT id FROM household)').run();
  return kept.size;
}
