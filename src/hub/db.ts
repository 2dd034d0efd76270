/**
 * One query interface over two engines: a real PostgreSQL through `pg` (DATABASE_URL), or an
 * embedded PGlite in a data folder for a street office with no database server. Everything above
 * this file speaks `query(text, params)` and `tx(fn)`, so one code path and one set of migrations
 * serve both.
 *
 * The two drivers disagree on int8 (pg: string, PGlite: number); SQL in the hub therefore casts
 * bigints to text or int explicitly and converts with Number()/String() at the edge.
 */
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

export type Row = Record<string, unknown>;
export type QueryResult<R extends Row = Row> = { rows: R[]; rowCount: number };

export type Queryable = {
  query<R extends Row = Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
};

export type HubDb = Queryable & {
  readonly kind: 'pg' | 'pglite';
  /** Runs fn in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type OpenOptions = {
  /** postgres://… ; when absent, PGlite in dataDir. */
  databaseUrl?: string;
  dataDir?: string;
  /** A schema to create and use (tests give each run its own). */
  schema?: string;
  poolSize?: number;
};

export async function openHubDb(opts: OpenOptions): Promise<HubDb> {
  if (opts.databaseUrl) return openPg(opts.databaseUrl, opts.schema, opts.poolSize ?? 10);
  return openPglite(opts.dataDir, opts.schema);
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid schema name ${name}`);
  return `"${name}"`;
}

async function openPg(url: string, schema: string | undefined, max: number): Promise<HubDb> {
  if (schema) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    } finally {
      await c.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // The schema is set per connection so every pooled client sees the same tables.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its server (restart, network) must not crash the hub process.
  pool.on('error', () => {});
  const query = async <R extends Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const r = await pool.query<R>(text, params as unknown[] | undefined);
    return { rows: r.rows, rowCount: r.rowCount ?? 0 };
  };
  return {
    kind: 'pg',
    query,
    exec: async (sql) => {
      await pool.query(sql);
    },
    async tx(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const q: Queryable = {
          query: async <R extends Row>(text: string, params?: readonly unknown[]) => {
            const r = await client.query<R>(text, params as unknown[] | undefined);
            return { rows: r.rows, rowCount: r.rowCount ?? 0 };
          },
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        const out = await fn(q);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          // The connection is gone; the server rolls back on its own. Do not return it to the pool.
          broken = rollbackErr as Error;
        }
        throw err;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string | undefined, schema: string | undefined): Promise<HubDb> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  if (schema) {
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}; SET search_path TO ${quoteIdent(schema)}`);
  }
  const wrap = (q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable => ({
    query: async <R extends Row>(text: string, params?: readonly unknown[]) => {
      const r = await q.query<R>(text, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    exec: async (sql) => {
      await q.exec(sql);
    },
  });
  const top = wrap(db);
  return {
    kind: 'pglite',
    query: top.query,
    exec: top.exec,
    tx: (fn) => db.transaction((t) => fn(wrap(t))),
    close: () => db.close(),
  };
}
