/**
 * Reads behind the committee's forms: the roster (with phone and ID number, masked by the form
 * writer unless asked otherwise) and the returnee table a later issue adds. The SQL lives here
 * rather than in store/ only because issue 7 owns this folder.
 */
import type { Db } from '../store/db';

export type SurveyRow = {
  building: string;
  unit: string;
  room: string;
  name: string;
  residency: 'owner' | 'renter';
  phone: string;
  id_number: string;
  passes: string | null;
  status_zh: string;
  status_en: string;
  updated_at: string;
};

/** One row per resident, by building, unit and room in natural order (2 before 10). */
export function surveyRows(db: Db, compoundId: string): IterableIterator<SurveyRow> {
  return db
    .prepare<[string], SurveyRow>(
      `SELECT b.name AS building, h.unit, h.room, r.name, r.residency, r.phone, r.id_number,
              (SELECT group_concat(p.number, ' ') FROM pass p WHERE p.resident_id = r.id AND p.status = 'active') AS passes,
              s.label_zh AS status_zh, s.label_en AS status_en, r.updated_at
         FROM resident r JOIN household h ON h.id = r.household_id JOIN building b ON b.id = h.building_id
         JOIN status_scheme s ON s.code = r.status_code
        WHERE b.compound_id = ?
        ORDER BY length(b.name), b.name, length(h.unit), h.unit, length(h.room), h.room, r.residency, r.name`,
    )
    .iterate(compoundId);
}

/**
 * The columns of the arrivals' health register, as the returnee table is expected to name them.
 * A column the table lacks is left blank in the form rather than failing the export.
 */
export const RETURNEE_COLUMNS = [
  'name',
  'id_number',
  'phone',
  'building',
  'unit',
  'room',
  'origin',
  'arrived_on',
  'transport',
  'transport_no',
  'temperature_c',
  'symptoms',
  'observation_start',
  'observation_end',
  'registered_at',
  'registered_by',
] as const;
export type ReturneeColumn = (typeof RETURNEE_COLUMNS)[number];
export type ReturneeRow = Partial<Record<ReturneeColumn, string | number | null>>;

/** Returnees registered in [fromUtc, toUtc) (all when no range), or none when the table is absent. */
export function returneeRows(
  db: Db,
  range: { fromUtc?: string; toUtc?: string },
  compoundId: string,
): ReturneeRow[] {
  const exists = db
    .prepare<[], { n: number }>(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'returnee'",
    )
    .get();
  if (!exists?.n) return [];
  const have = new Set(
    db
      .prepare<[], { name: string }>('PRAGMA table_info(returnee)')
      .all()
      .map((c) => c.name),
  );
  const columns = RETURNEE_COLUMNS.filter((c) => have.has(c));
  if (columns.length === 0) return [];
  const where: string[] = [];
  const params: Record<string, string> = {};
  const add = (clause: string, name: string, value: string | undefined): void => {
    if (value === undefined) return;
    where.push(clause);
    params[name] = value;
  };
  if (have.has('registered_at')) {
    add('registered_at >= @from', 'from', range.fromUtc);
    add('registered_at < @to', 'to', range.toUtc);
  }
  if (have.has('compound_id')) add('compound_id = @compound', 'compound', compoundId);
  const order = have.has('registered_at') ? 'ORDER BY registered_at' : '';
  return db
    .prepare<Record<string, string>, ReturneeRow>(
      `SELECT ${columns.join(', ')} FROM returnee ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${order}`,
    )
    .all(params);
}
