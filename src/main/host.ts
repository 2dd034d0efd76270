/**
 * Headless host: the gate core under plain Node, serving the built renderer and the gate contract
 * over a loopback WebSocket. Low-power gate boxes run Chromium in kiosk mode against it; the
 * end-to-end tests drive it the same way.
 *
 *   node out/main/host.js [--port 4780] [--data-dir DIR]
 */
import { startHostServer } from './api/wsHost';
import { ConfigError } from './config/config';
import { StoreError } from './store/db';
import { defaultDataDir, defaultResourcesDir, rendererDir } from './paths';
import { startGate } from './runtime/startGate';

const started = performance.now();

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dataDir = arg('data-dir') ?? defaultDataDir();
  const runtime = await startGate({ dataDir, resourcesDir: defaultResourcesDir(__dirname) });
  const portArg = arg('port') ?? process.env.GATEHOUSE_PORT;
  const port = portArg !== undefined ? Number(portArg) : runtime.config.host.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${portArg}`);
  const server = await startHostServer({
    dispatch: runtime.dispatch,
    events: runtime.events,
    rendererDir: rendererDir(__dirname),
    port,
    log: (m) => console.error(m),
  });
  const ms = Math.round(performance.now() - started);
  console.log(`Gatehouse headless host ready in ${ms} ms (data: ${dataDir})`);
  console.log(`GATEHOUSE_READY ${server.url}`);
  console.log(`Open ${server.url} in Chromium (kiosk: chromium --kiosk ${server.url})`);

  const shutdown = (): void => {
    void server
      .close()
      .then(() => runtime.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof StoreError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
