/**
 * The headless host's own supervisor: the host process runs the gate core in a child process and
 * starts it again when it dies, so a crash in the core (a native module fault, an out-of-memory
 * kill) costs a guard a few seconds of "reconnecting" instead of a dead gate at 3 a.m. The page
 * reconnects by itself (renderer api/wsBridge.ts); the restarted worker keeps the same port.
 *
 * Back-off doubles while the worker keeps dying young and resets once it has stayed up, so a crash
 * loop (a full disk) does not spin the CPU. A first worker that dies before it ever listened (an
 * invalid config.json, a database from a newer version) is not restarted: that needs a person, and
 * its message is on the console. No electron import: plain Node.
 *
 * A worker that hangs (a loop that never yields, a blocked disk) does not exit, so the worker also
 * says it is alive over IPC from its event loop; one silent for `hangAfterMs` once it listened is
 * killed and restarted like a crashed one. Under systemd the unit's WatchdogSec= does the same job.
 */
import type { ChildProcess } from 'node:child_process';

export type RestartPolicy = {
  /** First delay after a crash. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A worker that ran at least this long counts as healthy: the next crash starts from the first delay. */
  healthyAfterMs: number;
  /** A listening worker that sends nothing for this long is hung: killed and restarted. */
  hangAfterMs: number;
};

export const DEFAULT_RESTART: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 30_000, healthyAfterMs: 60_000, hangAfterMs: 30_000 };

/** How often the worker says it is alive: several times within the hang limit, so one late tick is no kill. */
export function alivePeriodMs(hangAfterMs: number): number {
  return Math.max(100, Math.min(5_000, Math.floor(hangAfterMs / 6)));
}

/** The worker's "my event loop still runs" message. */
export const WORKER_ALIVE = { kind: 'gatehouse-alive' } as const;

/** Delay before restart number `attempt` (1-based) of a worker that keeps dying young. */
export function restartDelay(attempt: number, p: RestartPolicy = DEFAULT_RESTART): number {
  return Math.min(p.maxDelayMs, p.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** What the worker tells the supervisor over IPC once it listens. */
export type WorkerReady = { kind: 'gatehouse-ready'; url: string; port: number };

export function isWorkerReady(m: unknown): m is WorkerReady {
  return typeof m === 'object' && m !== null && (m as WorkerReady).kind === 'gatehouse-ready' && typeof (m as WorkerReady).port === 'number';
}

export type SupervisorOptions = {
  /** Starts a worker; `port` is the port the previous worker listened on (null before the first). */
  start: (port: number | null) => ChildProcess;
  policy?: RestartPolicy;
  log?: (msg: string) => void;
  now?: () => number;
  /** The worker listens (first start and each restart); the kiosk browser watcher follows these. */
  onReady?: (ready: WorkerReady) => void;
  /** The worker is gone (before any restart). */
  onExit?: () => void;
  /** Any other IPC message of the worker (the kiosk page's heartbeats). */
  onMessage?: (m: unknown) => void;
};

export class Supervisor {
  private child: ChildProcess | null = null;
  private port: number | null = null;
  private attempt = 0;
  private stopping = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private startedAt = 0;
  private everReady = false;
  private lastHeard = 0;
  private listening = false;
  private watch: ReturnType<typeof setInterval> | null = null;
  /** Workers killed because they stopped answering. */
  hangs = 0;
  restarts = 0;
  private readonly done: Promise<number>;
  private resolveDone!: (code: number) => void;

  constructor(private readonly o: SupervisorOptions) {
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  /** Starts the first worker; the promise settles with the exit code once `stop()` has finished. */
  run(): Promise<number> {
    this.spawn();
    const hangAfterMs = (this.o.policy ?? DEFAULT_RESTART).hangAfterMs;
    this.watch = setInterval(() => this.checkHang(hangAfterMs), Math.max(50, Math.floor(hangAfterMs / 4)));
    this.watch.unref();
    void this.done.then(() => {
      if (this.watch) clearInterval(this.watch);
    });
    return this.done;
  }

  /** Stops restarting and asks the worker to shut down cleanly (SIGTERM). */
  stop(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.stopping = true;
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    else this.resolveDone(0);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The current worker has said it listens (and has not exited or been found hung since). */
  get isListening(): boolean {
    return this.listening;
  }

  private spawn(): void {
    const now = this.o.now ?? Date.now;
    const child = this.o.start(this.port);
    this.child = child;
    this.startedAt = now();
    this.listening = false;
    child.on('message', (m: unknown) => {
      this.lastHeard = now();
      if (isAlive(m)) return;
      if (!isWorkerReady(m)) {
        this.o.onMessage?.(m);
        return;
      }
      this.port = m.port;
      this.everReady = true;
      this.listening = true;
      this.o.onReady?.(m);
    });
    child.once('exit', (code, signal) => {
      this.listening = false;
      this.o.onExit?.();
      if (this.stopping) {
        this.resolveDone(code ?? 0);
        return;
      }
      if (!this.everReady) {
        this.o.log?.(`gate worker failed to start (${signal ?? `code ${code}`}); not restarting`);
        this.resolveDone(code ?? 1);
        return;
      }
      const policy = this.o.policy ?? DEFAULT_RESTART;
      this.attempt = now() - this.startedAt >= policy.healthyAfterMs ? 1 : this.attempt + 1;
      const delay = restartDelay(this.attempt, policy);
      this.o.log?.(`gate worker exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.restarts += 1;
        this.spawn();
      }, delay);
    });
  }

  private checkHang(hangAfterMs: number): void {
    const child = this.child;
    if (!child || !this.listening || this.stopping || child.exitCode !== null || child.signalCode !== null) return;
    const silent = (this.o.now ?? Date.now)() - this.lastHeard;
    if (silent < hangAfterMs) return;
    this.hangs += 1;
    this.listening = false; // one kill per hang; the exit handler restarts it
    this.o.log?.(`gate worker sent nothing for ${silent} ms (hung); killing it`);
    child.kill('SIGKILL');
  }
}

function isAlive(m: unknown): boolean {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === WORKER_ALIVE.kind;
}
