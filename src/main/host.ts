/**
 * Headless host: the gate core under plain Node, serving the built renderer and the gate contract
 * over a loopback WebSocket. Low-power gate boxes run Chromium in kiosk mode against it; the
 * end-to-end tests drive it the same way.
 *
 *   node out/main/host.js [--port 4780] [--data-dir DIR] [--no-supervise]
 *
 * By default this process is only a supervisor (supervisor.ts): it runs the core in a forked
 * worker (this same file with --worker) and restarts it when it crashes. `--no-supervise` runs the
 * core in this process, for a service manager that restarts it itself.
 */
import { fork } from 'node:child_process';
import { startHostServer } from './api/wsHost';
import { ConfigError } from './config/config';
import { StoreError } from './store/db';
import { DbKeyError } from './privacy/dbKey';
import { defaultDataDir, defaultResourcesDir, rendererDir } from './paths';
import { startGate } from './runtime/startGate';
import { Supervisor, type WorkerReady } from './supervisor';
import { startSystemdWatchdog } from './systemdNotify';

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
  // Under systemd (Type=notify, WatchdogSec=) the core's own event loop keeps the service alive.
  const stopWatchdog = startSystemdWatchdog(process.env, process.send ? process.ppid : process.pid);
  if (process.send) {
    const ready: WorkerReady = { kind: 'gatehouse-ready', url: server.url, port: server.port };
    process.send(ready);
    // The supervisor is gone (killed outright): a worker nobody restarts or stops must not linger.
    process.on('disconnect', () => shutdown());
  }

  const shutdown = (): void => {
    stopWatchdog();
    void server
      .close()
      .then(() => runtime.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function supervise(): void {
  const args = process.argv.slice(2);
  const supervisor = new Supervisor({
    // After the first start the worker keeps the port it got (even one chosen with --port 0), so
    // the page's reconnect finds it again.
    start: (port) => fork(__filename, [...withPort(args, port), '--worker'], { stdio: 'inherit' }),
    log: (m) => console.error(m),
  });
  const stop = (): void => supervisor.stop();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  void supervisor.run().then((code) => process.exit(code));
}

function withPort(args: string[], port: number | null): string[] {
  if (port === null) return args;
  const i = args.indexOf('--port');
  return i >= 0 ? [...args.slice(0, i), '--port', String(port), ...args.slice(i + 2)] : [...args, '--port', String(port)];
}

if (process.argv.includes('--worker') || process.argv.includes('--no-supervise')) {
  main().catch((err: unknown) => {
    if (err instanceof ConfigError || err instanceof StoreError || err instanceof DbKeyError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  });
} else {
  supervise();
}
