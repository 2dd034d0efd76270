/**
 * Headless host: the gate core under plain Node, serving the built renderer and the gate contract
 * over a loopback WebSocket. Low-power gate boxes run Chromium in kiosk mode against it; the
 * end-to-end tests drive it the same way.
 *
 *   node out/main/host.js [--port 4780] [--data-dir DIR] [--no-supervise]
 *                         [--core-hang-seconds 30]
 *                         [--kiosk-browser [--kiosk-browser-path P] [--kiosk-hang-seconds N] [--kiosk-browser-args "…"]]
 *
 * By default this process is only a supervisor (supervisor.ts): it runs the core in a forked
 * worker (this same file with --worker) and restarts it when it crashes. `--no-supervise` runs the
 * core in this process, for a service manager that restarts it itself.
 *
 * `--kiosk-browser` also launches Chromium in kiosk mode on the host's URL and keeps it alive
 * (runtime/kioskBrowser.ts): relaunched when it exits, killed and relaunched when its page stops
 * sending heartbeats. It lives in the supervisor, so it outlasts a core restart.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { startHostServer } from './api/wsHost';
import { ConfigError } from './config/config';
import { StoreError } from './store/db';
import { DbKeyError } from './privacy/dbKey';
import { defaultDataDir, defaultResourcesDir, rendererDir } from './paths';
import { startGate } from './runtime/startGate';
import { alivePeriodMs, DEFAULT_RESTART, Supervisor, WORKER_ALIVE, type WorkerReady } from './supervisor';
import { DEFAULT_HANG_AFTER_MS, findBrowser, KioskBrowser } from './runtime/kioskBrowser';
import { startSystemdWatchdog } from './systemdNotify';

const started = performance.now();

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const HEARTBEAT_MESSAGE = 'gatehouse-heartbeat';
const kioskRequested = (): boolean => process.argv.includes('--kiosk-browser') || Boolean(process.env.GATEHOUSE_KIOSK_BROWSER);

/** The kiosk browser watcher the flags ask for, or null; a bad flag stops the host with a clear message. */
/** `--core-hang-seconds N`: how long the supervisor lets a listening core stay silent (default 30). */
function coreHangAfterMs(): number {
  const raw = arg('core-hang-seconds');
  const ms = raw === undefined ? DEFAULT_RESTART.hangAfterMs : Number(raw) * 1000;
  if (!Number.isFinite(ms) || ms < 1000) throw new Error(`invalid --core-hang-seconds: ${raw}`);
  return ms;
}

function kioskBrowserFromArgs(dataDir: string): KioskBrowser | null {
  if (!kioskRequested()) return null;
  const executable = arg('kiosk-browser-path') ?? process.env.GATEHOUSE_KIOSK_BROWSER ?? findBrowser();
  if (!executable) throw new Error('--kiosk-browser: no Chromium found; name it with --kiosk-browser-path');
  const hangArg = arg('kiosk-hang-seconds');
  const hangAfterMs = hangArg === undefined ? DEFAULT_HANG_AFTER_MS : Number(hangArg) * 1000;
  if (!Number.isFinite(hangAfterMs) || hangAfterMs < 1000) throw new Error(`invalid --kiosk-hang-seconds: ${hangArg}`);
  return new KioskBrowser({
    executable,
    userDataDir: join(dataDir, 'kiosk-browser'),
    extraArgs: (arg('kiosk-browser-args') ?? '').split(/\s+/).filter(Boolean),
    hangAfterMs,
    log: (m) => console.error(m),
  });
}

async function main(): Promise<void> {
  const dataDir = arg('data-dir') ?? defaultDataDir();
  // Without a supervisor process this process watches the browser; a worker only passes the page's heartbeats up.
  const kiosk = process.send ? null : kioskBrowserFromArgs(dataDir);
  const sendBeat = (): void => {
    process.send?.({ kind: HEARTBEAT_MESSAGE });
  };
  const onHeartbeat = kiosk ? () => kiosk.onHeartbeat() : process.send && kioskRequested() ? sendBeat : undefined;
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
    onHeartbeat,
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
    // From this loop, so a hung core goes quiet and the supervisor restarts it (supervisor.ts).
    setInterval(() => process.send?.(WORKER_ALIVE), alivePeriodMs(coreHangAfterMs())).unref();
    // The supervisor is gone (killed outright): a worker nobody restarts or stops must not linger.
    process.on('disconnect', () => shutdown());
  }

  kiosk?.onHostReady(server.url);

  const shutdown = (): void => {
    stopWatchdog();
    void (kiosk?.stop() ?? Promise.resolve())
      .then(() => server.close())
      .then(() => runtime.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function supervise(): void {
  const args = process.argv.slice(2);
  const kiosk = kioskBrowserFromArgs(arg('data-dir') ?? defaultDataDir());
  const supervisor = new Supervisor({
    policy: { ...DEFAULT_RESTART, hangAfterMs: coreHangAfterMs() },
    // After the first start the worker keeps the port it got (even one chosen with --port 0), so
    // the page's reconnect finds it again.
    start: (port) => fork(__filename, [...withPort(args, port), '--worker'], { stdio: 'inherit' }),
    log: (m) => console.error(m),
    onReady: (ready) => kiosk?.onHostReady(ready.url),
    onExit: () => kiosk?.onHostDown(),
    onMessage: (m) => {
      if (typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === HEARTBEAT_MESSAGE) kiosk?.onHeartbeat();
    },
  });
  // Both at once: a Ctrl+C reaches the worker too, and it must not be restarted meanwhile.
  const stop = (): void => {
    void kiosk?.stop();
    supervisor.stop();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  void supervisor.run().then(async (code) => {
    await kiosk?.stop();
    process.exit(code);
  });
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
  try {
    supervise();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
