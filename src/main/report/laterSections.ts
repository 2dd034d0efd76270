/**
 * Report sections fed by tables a later issue adds (visitor, parcel, returnee, observation,
 * vehicle_event). Each is read only if its table exists (sqlite_master) and has the columns below;
 * otherwise the section is zeros with `available: false`, so the report works on today's schema
 * and fills in by itself once those tables ship. The columns this expects, all instants as ISO
 * UTC text like the entry log, are the contract with that issue:
 *
 *   visitor(arrived_at, left_at)           parcel(received_at, collected_at)
 *   returnee(registered_at)                observation(started_at, ended_at)
 *   vehicle_event(occurred_at, direction 'in'|'out')
 *
 * An optional compound_id column restricts counts to the compound; an optional gate_id column lets
 * a one-gate report count that gate only (else the section says `gateFiltered: false`).
 */
import type { Db } from '../store/db';
import type {
  ObservationSection,
  ParcelSection,
  ReturneeSection,
  VehicleSection,
  VisitorSection,
} from '../../shared/report';

export type SectionScope = { compoundId: string; gateId: string | null; fromUtc: string; toUtc: string };

type Counter = { column: string; where?: string; needs?: readonly string[] };
type Availability = {
  available: boolean;
  reason: 'no_table' | 'schema_mismatch' | null;
  gateFiltered: boolean;
};

/** Table names are constants here, never input: they are spliced into SQL. */
function countSection<K extends string>(
  db: Db,
  table: string,
  counters: Record<K, Counter>,
  s: SectionScope,
): Availability & Record<K, number> {
  const keys = Object.keys(counters) as K[];
  const zeros = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const exists = db
    .prepare<[string], { n: number }>(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?",
    )
    .get(table);
  if (!exists?.n) return { available: false, reason: 'no_table' as const, gateFiltered: false, ...zeros };
  const columns = new Set(
    db
      .prepare<[], { name: string }>(`PRAGMA table_info(${table})`)
      .all()
      .map((c) => c.name),
  );
  const needed = keys.flatMap((k) => [counters[k].column, ...(counters[k].needs ?? [])]);
  if (!needed.every((c) => columns.has(c)))
    return { available: false, reason: 'schema_mismatch' as const, gateFiltered: false, ...zeros };
  const scope: string[] = [];
  if (columns.has('compound_id')) scope.push('compound_id = @compoundId');
  const gateFiltered = s.gateId !== null && columns.has('gate_id');
  if (gateFiltered) scope.push('gate_id = @gateId');
  const counts = { ...zeros };
  for (const k of keys) {
    const c = counters[k];
    const where = [
      `${c.column} >= @fromUtc`,
      `${c.column} < @toUtc`,
      ...(c.where ? [c.where] : []),
      ...scope,
    ].join(' AND ');
    counts[k] =
      db
        .prepare<Record<string, string | null>, { n: number }>(
          `SELECT count(*) AS n FROM ${table} WHERE ${where}`,
        )
        .get({ ...s })?.n ?? 0;
  }
  return { available: true, reason: null, gateFiltered, ...counts };
}

export function laterSections(
  db: Db,
  s: SectionScope,
): {
  visitors: VisitorSection;
  parcels: ParcelSection;
  returnees: ReturneeSection;
  observations: ObservationSection;
  vehicles: VehicleSection;
} {
  return {
    visitors: countSection(
      db,
      'visitor',
      { registered: { column: 'arrived_at' }, left: { column: 'left_at' } },
      s,
    ),
    parcels: countSection(
      db,
      'parcel',
      { received: { column: 'received_at' }, collected: { column: 'collected_at' } },
      s,
    ),
    returnees: countSection(db, 'returnee', { registered: { column: 'registered_at' } }, s),
    observations: countSection(
      db,
      'observation',
      { started: { column: 'started_at' }, ended: { column: 'ended_at' } },
      s,
    ),
    vehicles: countSection(
      db,
      'vehicle_event',
      {
        in: { column: 'occurred_at', where: "direction = 'in'", needs: ['direction'] },
        out: { column: 'occurred_at', where: "direction = 'out'", needs: ['direction'] },
      },
      s,
    ),
  };
}
