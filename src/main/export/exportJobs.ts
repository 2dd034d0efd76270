/**
 * Streaming exports as jobs the UI can follow and cancel across IPC or the WebSocket: `start`
 * answers at once with a job id, progress and the end arrive as events (ExportJobEvent), `cancel`
 * aborts. One export at a time: a gate box writing two million-row files at once would only make
 * both slower while the guard's screen waits for the CPU.
 */
import { GateError } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import type { ExportJobEvent } from '../../shared/exportJobs';
import { ExportError } from './fileSink';
import { exportEntryLog, type StreamExportOptions } from './streamExport';

export type ExportJobOptions = Omit<StreamExportOptions, 'signal' | 'onProgress'>;

export class ExportJobs {
  private readonly jobs = new Map<string, AbortController>();

  constructor(
    private readonly deps: {
      newId: IdGenerator;
      onEvent: (e: ExportJobEvent) => void;
      /** Injected for tests; the streaming export by default. */
      run?: typeof exportEntryLog;
    },
  ) {}

  /** Starts an export and returns its id; its events follow. Refused while another one runs. */
  start(opts: ExportJobOptions): string {
    if (this.jobs.size > 0) throw new GateError('conflict', 'an export is already running');
    const jobId = this.deps.newId();
    const abort = new AbortController();
    this.jobs.set(jobId, abort);
    const run = this.deps.run ?? exportEntryLog;
    run({
      ...opts,
      signal: abort.signal,
      onProgress: (p) => this.deps.onEvent({ jobId, state: 'running', ...p }),
    })
      .then((result) => this.deps.onEvent({ jobId, state: 'done', result }))
      .catch((err: unknown) => this.deps.onEvent(failure(jobId, err)))
      .finally(() => this.jobs.delete(jobId));
    return jobId;
  }

  /** True if the job was running; its `cancelled` event follows once the partial file is gone. */
  cancel(jobId: string): boolean {
    const abort = this.jobs.get(jobId);
    abort?.abort();
    return abort !== undefined;
  }

  running(): string[] {
    return [...this.jobs.keys()];
  }
}

function failure(jobId: string, err: unknown): ExportJobEvent {
  if (err instanceof ExportError && err.reason === 'cancelled') return { jobId, state: 'cancelled' };
  if (err instanceof ExportError)
    return { jobId, state: 'failed', code: err.code, message: err.message, reason: err.reason };
  if (err instanceof GateError)
    return { jobId, state: 'failed', code: err.code, message: err.message, reason: null };
  // Anything else is a bug or an I/O fault; the message may carry a path, which the manager needs.
  return {
    jobId,
    state: 'failed',
    code: 'internal',
    message: err instanceof Error ? err.message : String(err),
    reason: null,
  };
}
