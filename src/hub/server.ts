/**
 * The committee hub: a Fastify server over PostgreSQL (or embedded PGlite) that gates push their
 * entry log to and pull roster, status and revocation changes from. `buildHub` wires it up and
 * returns it unstarted, so tests run it in-process and `main.ts` adds only the environment.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { Auth, resolveAdminToken } from './auth';
import { openHubDb, type HubDb } from './db';
import { clientError, frameworkError, installErrorHandlers, refuseExpectation } from './errors';
import { migrateHub } from './migrations';
import { adminRoutes } from './routes/admin';
import { adminRosterRoutes } from './routes/adminRoster';
import type { HubContext } from './routes/context';
import { gateRoutes } from './routes/gate';
import { PostProcessor } from './store/post';

export type HubOptions = {
  /** An open database; otherwise one is opened from databaseUrl, or PGlite in dataDir. */
  db?: HubDb;
  databaseUrl?: string;
  dataDir?: string;
  schema?: string;
  /** HUB_ADMIN_TOKEN; without it a stored token is used, or a new one generated and returned once. */
  adminToken?: string;
  publicUrl?: string;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Behind nginx/Caddy: trust X-Forwarded-* from the proxy for the scheme and host. */
  trustProxy?: boolean;
  now?: () => Date;
  log?: (msg: string) => void;
  /** Fastify's request logger (off by default: requests can carry tokens in headers). */
  logger?: boolean;
};

export type Hub = {
  app: FastifyInstance;
  db: HubDb;
  /** The admin token's plain text when this start generated it (print it once), else null. */
  generatedAdminToken: string | null;
  listen(port: number, host?: string): Promise<string>;
  /** Resolves when presence and reviews have caught up with every push committed so far. */
  settle(): Promise<void>;
  /** Stops taking requests, then closes the database (unless it was passed in). */
  close(): Promise<void>;
};

export async function buildHub(opts: HubOptions = {}): Promise<Hub> {
  const log = opts.log ?? ((msg: string) => console.error(msg));
  const ownDb = !opts.db;
  const db = opts.db ?? (await openHubDb({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir ?? './.hub-data', schema: opts.schema }));
  try {
    await migrateHub(db);
    const admin = await resolveAdminToken(db, opts.adminToken);
    const app = Fastify({
      logger: opts.logger ?? false,
      trustProxy: opts.trustProxy ?? false,
      frameworkErrors: frameworkError,
      clientErrorHandler: clientError,
      ...(opts.tls ? { https: { cert: opts.tls.cert, key: opts.tls.key } } : {}),
    }) as unknown as FastifyInstance;
    const now = opts.now ?? (() => new Date());
    const post = new PostProcessor(db, now, log);
    const ctx: HubContext = { db, auth: new Auth(db, admin.hash), now, publicUrl: opts.publicUrl, log, post };
    installErrorHandlers(app, log);
    app.server.on('checkExpectation', refuseExpectation);
    gateRoutes(app, ctx);
    adminRoutes(app, ctx);
    adminRosterRoutes(app, ctx);
    return {
      app,
      db,
      generatedAdminToken: admin.generated,
      listen: async (port, host = '127.0.0.1') => {
        const url = await app.listen({ port, host });
        post.kick(); // passages pushed before a restart and not yet processed
        return url;
      },
      settle: () => post.drain(),
      async close() {
        await app.close();
        await post.drain();
        if (ownDb) await db.close();
      },
    };
  } catch (err) {
    if (ownDb) await db.close();
    throw err;
  }
}
