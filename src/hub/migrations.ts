/**
 * The hub's schema: numbered, forward-only SQL migrations that run unchanged on PostgreSQL and
 * PGlite. Every table is keyed by committee_id and compound_id first, so the same schema can later
 * be partitioned by committee or distributed by Citus on committee_id (src/hub/README.md).
 *
 * Roster tables are "row-state" feeds: each change stamps the row with the writing transaction's
 * xid8 and a change id (triggers, see feeds.ts), and a reader only takes rows whose xid is below
 * pg_snapshot_xmin(pg_current_snapshot()), i.e. rows whose transaction can no longer be in flight
 * (docs/decisions/0011). Deletions are tombstones (deleted = true) so a gate learns about them.
 */
import type { HubDb } from './db';
import { FEED_COLUMNS, feed, ROSTER_FEED, rosterFeed } from './feeds';

export type HubMigration = { version: number; name: string; sql: string };

const M0001 = `
  CREATE TABLE hub_setting (key text PRIMARY KEY, value text NOT NULL);
  CREATE SEQUENCE hub_change_seq;

  -- Every change gets the writing transaction's id and a fresh change id, whoever writes it
  -- (revocations; roster tables have their own, which also builds the row's feed JSON).
  CREATE FUNCTION hub_touch() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    NEW.xid := pg_current_xact_id();
    NEW.change_id := nextval('hub_change_seq');
    NEW.updated_at := now();
    RETURN NEW;
  END $$;

  CREATE TABLE committee (committee_id text PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL);
  CREATE TABLE compound (
    committee_id text NOT NULL REFERENCES committee,
    compound_id text NOT NULL,
    name text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (committee_id, compound_id)
  );
  CREATE TABLE gate (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    gate_id text NOT NULL,
    name text NOT NULL,
    created_at timestamptz NOT NULL,
    last_contact_at timestamptz,
    clock_skew_ms bigint,
    last_status jsonb,
    last_status_at timestamptz,
    PRIMARY KEY (committee_id, compound_id, gate_id),
    FOREIGN KEY (committee_id, compound_id) REFERENCES compound
  );
  -- Codes and tokens are stored only as SHA-256 hashes: both are long random strings, so a fast hash is enough.
  CREATE TABLE enrolment (
    code_hash text PRIMARY KEY,
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    gate_id text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    FOREIGN KEY (committee_id, compound_id, gate_id) REFERENCES gate
  );
  CREATE TABLE gate_token (
    token_hash text PRIMARY KEY,
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    gate_id text NOT NULL,
    issued_at timestamptz NOT NULL,
    revoked_at timestamptz,
    FOREIGN KEY (committee_id, compound_id, gate_id) REFERENCES gate
  );
  CREATE INDEX gate_token_gate ON gate_token (committee_id, compound_id, gate_id);

  CREATE TABLE status (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    code text NOT NULL,
    scheme text NOT NULL,
    label_zh text NOT NULL,
    label_en text NOT NULL,
    colour text NOT NULL,
    gate_rule text NOT NULL CHECK (gate_rule IN ('allow','no_exit','deny','refer')),
    severity int NOT NULL DEFAULT 0,
    sort int NOT NULL DEFAULT 0,
    ${FEED_COLUMNS},
    PRIMARY KEY (committee_id, compound_id, code),
    FOREIGN KEY (committee_id, compound_id) REFERENCES compound
  );
  CREATE TABLE setting (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    key text NOT NULL,
    value text NOT NULL,
    ${FEED_COLUMNS},
    PRIMARY KEY (committee_id, compound_id, key),
    FOREIGN KEY (committee_id, compound_id) REFERENCES compound
  );
  CREATE TABLE building (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    name text NOT NULL,
    ${FEED_COLUMNS},
    PRIMARY KEY (committee_id, compound_id, id),
    UNIQUE (committee_id, compound_id, name),
    FOREIGN KEY (committee_id, compound_id) REFERENCES compound
  );
  CREATE TABLE household (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    building_id uuid NOT NULL,
    unit text NOT NULL DEFAULT '',
    room text NOT NULL,
    status_code text NOT NULL,
    ${FEED_COLUMNS},
    PRIMARY KEY (committee_id, compound_id, id),
    UNIQUE (committee_id, compound_id, building_id, unit, room),
    FOREIGN KEY (committee_id, compound_id, building_id) REFERENCES building
  );
  CREATE TABLE resident (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    household_id uuid NOT NULL,
    name text NOT NULL,
    residency text NOT NULL CHECK (residency IN ('owner','renter')),
    phone text NOT NULL DEFAULT '',
    id_number text NOT NULL DEFAULT '',
    -- What gates get instead of the ID number (PIPL minimisation); computed by the hub at upload.
    id_number_masked text NOT NULL DEFAULT '',
    status_code text NOT NULL,
    ${FEED_COLUMNS},
    PRIMARY KEY (committee_id, compound_id, id),
    UNIQUE (committee_id, compound_id, household_id, name),
    FOREIGN KEY (committee_id, compound_id, household_id) REFERENCES household
  );
  CREATE TABLE pass (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    number text NOT NULL,
    resident_id uuid NOT NULL,
    status text NOT NULL CHECK (status IN ('active','revoked')),
    valid_from timestamptz,
    valid_until timestamptz,
    issued_at timestamptz NOT NULL,
    ${FEED_COLUMNS},
    PRIMARY KEY (committee_id, compound_id, id),
    UNIQUE (committee_id, compound_id, number),
    FOREIGN KEY (committee_id, compound_id, resident_id) REFERENCES resident
  );
  -- A separate feed so a gate takes every withdrawn pass before any roster page.
  CREATE TABLE revocation (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    pass_number text NOT NULL,
    pass_id uuid NOT NULL,
    revoked_at timestamptz NOT NULL,
    reason text NOT NULL DEFAULT '',
    ${FEED_COLUMNS},
    PRIMARY KEY (committee_id, compound_id, pass_number),
    FOREIGN KEY (committee_id, compound_id) REFERENCES compound
  );
  ${ROSTER_FEED.map(rosterFeed).join('\n')}
  ${feed('revocation')}

  -- The entry log as received: gate time, gate seq and hub receive time; idempotent on the event id.
  CREATE TABLE event (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    gate_id text NOT NULL,
    event_id uuid NOT NULL,
    seq bigint NOT NULL,
    kind text NOT NULL CHECK (kind IN ('entry','alert','visitor','parcel','observation')),
    occurred_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    clock_skew_ms bigint,
    resident_id text,
    direction text,
    decision text,
    payload jsonb NOT NULL,
    PRIMARY KEY (committee_id, compound_id, gate_id, event_id)
  );
  CREATE INDEX event_gate_seq ON event (committee_id, compound_id, gate_id, seq);
  CREATE INDEX event_time ON event (committee_id, compound_id, occurred_at);

  -- Admitted passages, appended by the push in the same transaction as the events. A log stamped
  -- like the feeds (xid8, id) that the post-processor (store/post.ts) reads without skipping, to
  -- keep presence and reviews off the acknowledgement path. Its primary key is the only index the
  -- neighbour lookups can use: on event, with stale statistics, they were planned onto event_time
  -- and scanned a compound's whole history per lookup (5 s per 1,000-event batch, measured).
  CREATE SEQUENCE hub_passage_seq;
  CREATE TABLE passage (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    resident_id text NOT NULL,
    occurred_at timestamptz NOT NULL,
    event_id uuid NOT NULL,
    gate_id text NOT NULL,
    seq bigint NOT NULL,
    direction text NOT NULL,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    log_id bigint NOT NULL DEFAULT nextval('hub_passage_seq'),
    PRIMARY KEY (committee_id, compound_id, resident_id, occurred_at, event_id)
  );
  CREATE INDEX passage_log ON passage (xid, log_id);

  -- Each resident's latest admitted passage in the compound: a row-state feed for other gates.
  CREATE TABLE presence (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    resident_id text NOT NULL,
    gate_id text NOT NULL,
    event_id uuid NOT NULL,
    seq bigint NOT NULL,
    direction text NOT NULL,
    occurred_at timestamptz NOT NULL,
    ${FEED_COLUMNS},
    PRIMARY KEY (committee_id, compound_id, resident_id)
  );
  -- Stamped by its one writer (store/post.ts) rather than by hub_touch: it changes on every
  -- admitted passage, and a PL/pgSQL call per row is a measurable cost at that rate.
  CREATE INDEX presence_feed ON presence (committee_id, compound_id, xid, change_id);

  -- Flagged for a person to look at; never merged or "fixed" automatically.
  CREATE TABLE review (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    kind text NOT NULL,
    resident_id text NOT NULL,
    event_a uuid NOT NULL,
    gate_a text NOT NULL,
    occurred_a timestamptz NOT NULL,
    event_b uuid NOT NULL,
    gate_b text NOT NULL,
    occurred_b timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (committee_id, compound_id, event_a, event_b)
  );
`;

// Issue 4's records and their follow-ups join the event log as kinds of their own (payloads are
// validated per kind by the protocol's schemas before they get here).
const M0002 = `
  ALTER TABLE event DROP CONSTRAINT event_kind_check;
  ALTER TABLE event ADD CONSTRAINT event_kind_check CHECK (kind IN (
    'entry','alert','visitor','visitor_departure','parcel','parcel_handover','returnee','observation','observation_end'));
`;

// The audit trail's daily chain heads (issue 6 item 4, decision 0013): kept as events like every
// kind, and once more per gate and day — the first head to arrive is the one kept. A later head for
// the same day that differs is a rewritten trail at the gate: it goes to audit_mismatch for a person
// to look at and never replaces the stored one.
const M0003 = `
  ALTER TABLE event DROP CONSTRAINT event_kind_check;
  ALTER TABLE event ADD CONSTRAINT event_kind_check CHECK (kind IN (
    'entry','alert','visitor','visitor_departure','parcel','parcel_handover','returnee','observation','observation_end',
    'audit_head'));

  CREATE TABLE audit_head (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    gate_id text NOT NULL,
    day date NOT NULL,
    seq bigint NOT NULL CHECK (seq >= 0),
    hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    at timestamptz NOT NULL,
    records bigint NOT NULL CHECK (records >= 0),
    event_id uuid NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (committee_id, compound_id, gate_id, day)
  );
  CREATE TABLE audit_mismatch (
    committee_id text NOT NULL,
    compound_id text NOT NULL,
    gate_id text NOT NULL,
    day date NOT NULL,
    event_id uuid NOT NULL,
    seq bigint NOT NULL,
    hash text NOT NULL,
    at timestamptz NOT NULL,
    records bigint NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (committee_id, compound_id, gate_id, event_id),
    FOREIGN KEY (committee_id, compound_id, gate_id, day) REFERENCES audit_head
  );
`;

export const HUB_MIGRATIONS: readonly HubMigration[] = [
  { version: 1, name: '0001-initial', sql: M0001 },
  { version: 2, name: '0002-flow-event-kinds', sql: M0002 },
  { version: 3, name: '0003-audit-heads', sql: M0003 },
];

/**
 * Applies pending migrations, each in its own transaction under an advisory lock so two hub
 * processes starting together on one database do not race.
 */
export async function migrateHub(db: HubDb, migrations: readonly HubMigration[] = HUB_MIGRATIONS): Promise<number> {
  for (const m of migrations) {
    await db.tx(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock(727001)');
      await q.exec(`CREATE TABLE IF NOT EXISTS hub_migration (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = await q.query('SELECT 1 FROM hub_migration WHERE version = $1', [m.version]);
      if (done.rows.length > 0) return;
      await q.exec(m.sql);
      await q.query('INSERT INTO hub_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
    });
  }
  const r = await db.query<{ v: number | null }>('SELECT max(version)::int AS v FROM hub_migration');
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const current = r.rows[0]?.v ?? 0;
  if (current > latest) throw new Error(`hub database schema ${current} is newer than this build (${latest}); refusing to run`);
  return current;
}
