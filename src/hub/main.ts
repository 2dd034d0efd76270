/**
 * `npm run hub` — the committee hub as a process. Configuration is the environment only (what a
 * systemd unit or a container sets):
 *   DATABASE_URL      postgres://… ; unset → embedded PGlite in HUB_DATA_DIR (default ./.hub-data)
 *   HUB_ADMIN_TOKEN   committee token; unset → generated at first start and printed once
 *   HUB_HOST/HUB_PORT listen address (default 127.0.0.1:8787; put a TLS proxy in front, or:)
 *   HUB_TLS_CERT/HUB_TLS_KEY  PEM files: serve HTTPS directly
 *   HUB_PUBLIC_URL    the address gates use (goes into enrolment QR codes)
 *   HUB_TRUST_PROXY=1 behind nginx/Caddy: take scheme and host from X-Forwarded-*
 * Prints `HUB_READY <url>` once listening, so scripts and tests can wait for it.
 */
import { readFileSync } from 'node:fs';
import { buildHub } from './server';

async function main(): Promise<void> {
  const env = process.env;
  const tls = env.HUB_TLS_CERT && env.HUB_TLS_KEY ? { cert: readFileSync(env.HUB_TLS_CERT), key: readFileSync(env.HUB_TLS_KEY) } : undefined;
  if (Boolean(env.HUB_TLS_CERT) !== Boolean(env.HUB_TLS_KEY)) throw new Error('set both HUB_TLS_CERT and HUB_TLS_KEY, or neither');
  const hub = await buildHub({
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.HUB_DATA_DIR || './.hub-data',
    adminToken: env.HUB_ADMIN_TOKEN || undefined,
    publicUrl: env.HUB_PUBLIC_URL || undefined,
    trustProxy: env.HUB_TRUST_PROXY === '1',
    tls,
    logger: env.HUB_LOG === '1',
    log: (msg) => console.error(msg),
  });
  if (hub.generatedAdminToken) {
    console.log(`Admin token (generated now, shown only this once; keep it safe or set HUB_ADMIN_TOKEN):\n  ${hub.generatedAdminToken}`);
  }
  const port = Number(env.HUB_PORT ?? 8787);
  const url = await hub.listen(port, env.HUB_HOST ?? '127.0.0.1');
  console.log(`committee hub on ${url} (${hub.db.kind === 'pg' ? 'PostgreSQL' : `PGlite in ${env.HUB_DATA_DIR || './.hub-data'}`})`);
  console.log(`HUB_READY ${url}`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    hub.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
