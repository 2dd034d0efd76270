/** A hub child process (hubProcess.ts) on a database of its own: a fresh PostgreSQL schema, dropped at cleanup, or PGlite in `dir`. */
import { ADMIN, dropSchema, newSchema, PG_URL } from '../../hub/helpers';
import { freePort, spawnHub, type HubProcess } from './hubProcess';

export async function spawnIsolatedHub(o: { postgres: boolean; dir: string; onCleanup: (fn: () => Promise<void>) => void }): Promise<HubProcess> {
  let databaseUrl: string | undefined;
  if (o.postgres) {
    const schema = newSchema();
    const pg = await import('pg');
    const c = new pg.default.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`CREATE SCHEMA "${schema}"`);
    await c.end();
    o.onCleanup(() => dropSchema(schema));
    databaseUrl = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  }
  const hub = await spawnHub({ databaseUrl, dataDir: o.postgres ? undefined : o.dir, adminToken: ADMIN, port: await freePort() });
  o.onCleanup(() => hub.stop());
  return hub;
}
