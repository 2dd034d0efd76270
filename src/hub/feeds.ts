/**
 * SQL building blocks for the row-state feeds (used by migrations.ts): the columns every feed table
 * carries, its index and stamping trigger, and the JSON a gate receives for each roster row.
 */
export const FEED_COLUMNS = `
  deleted boolean NOT NULL DEFAULT false,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  change_id bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()`;

/**
 * What a gate receives for each roster row, as JSON built once when the row changes (trigger
 * <table>_touch) instead of on every pull by every gate: building it per read was most of a
 * 50,000-person pull's hub time. Keys match RosterChange in src/shared/sync.ts.
 */
export const ROSTER_FEED: ReadonlyArray<[table: string, fields: ReadonlyArray<[key: string, column: string]>]> = [
  ['status', [['code', 'code'], ['scheme', 'scheme'], ['labelZh', 'label_zh'], ['labelEn', 'label_en'], ['colour', 'colour'], ['rule', 'gate_rule'], ['severity', 'severity'], ['sort', 'sort']]],
  ['setting', [['key', 'key'], ['value', 'value']]],
  ['building', [['id', 'id'], ['name', 'name']]],
  ['household', [['id', 'id'], ['buildingId', 'building_id'], ['unit', 'unit'], ['room', 'room'], ['status', 'status_code']]],
  ['resident', [['id', 'id'], ['householdId', 'household_id'], ['name', 'name'], ['residency', 'residency'], ['phone', 'phone'], ['idNumberMasked', 'id_number_masked'], ['status', 'status_code']]],
  ['pass', [['id', 'id'], ['number', 'number'], ['residentId', 'resident_id'], ['status', 'status'], ['validFrom', 'valid_from'], ['validUntil', 'valid_until'], ['issuedAt', 'issued_at']]],
];

/** Roster tables stamp and build their feed JSON in one trigger function (one PL/pgSQL call per row). */
export const rosterFeed = ([table, fields]: (typeof ROSTER_FEED)[number]): string => `
  ALTER TABLE ${table} ADD COLUMN feed text NOT NULL DEFAULT '';
  CREATE INDEX ${table}_feed ON ${table} (committee_id, compound_id, xid, change_id);
  CREATE FUNCTION ${table}_touch() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    NEW.xid := pg_current_xact_id();
    NEW.change_id := nextval('hub_change_seq');
    NEW.updated_at := now();
    NEW.feed := json_build_object('entity', '${table}', ${fields.map(([k, c]) => `'${k}', NEW.${c}`).join(', ')}, 'deleted', NEW.deleted)::text;
    RETURN NEW;
  END $$;
  CREATE TRIGGER ${table}_touch BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_touch();`;

/** Creates the feed index and the stamping trigger for one row-state table. */
export const feed = (table: string): string => `
  CREATE INDEX ${table}_feed ON ${table} (committee_id, compound_id, xid, change_id);
  CREATE TRIGGER ${table}_touch BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION hub_touch();`;
