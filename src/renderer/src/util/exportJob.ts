/**
 * The entry-log export as the desk follows it: a pure state machine over the core's
 * `export:progress` events, so the screen logic is tested without a DOM or a core.
 */
import { ErrorCode } from '../../../shared/contract';
import { ExportFailure, type ExportJobEvent, type ExportResult } from '../../../shared/exportJobs';

export type ExportState =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'running'; jobId: string; written: number; total: number }
  | { phase: 'done'; jobId: string; result: ExportResult }
  | { phase: 'cancelled'; jobId: string }
  | { phase: 'failed'; code: ErrorCode; reason: ExportFailure | null; message: string };

export const IDLE: ExportState = { phase: 'idle' };

/** The state after one event; events of another job (another kiosk's export) change nothing. */
export function applyExportEvent(state: ExportState, e: ExportJobEvent): ExportState {
  if (state.phase !== 'running' || e.jobId !== state.jobId) return state;
  switch (e.state) {
    case 'running':
      return { phase: 'running', jobId: e.jobId, written: e.written, total: e.total };
    case 'done':
      return { phase: 'done', jobId: e.jobId, result: e.result };
    case 'cancelled':
      return { phase: 'cancelled', jobId: e.jobId };
    case 'failed':
      return { phase: 'failed', code: toErrorCode(e.code), reason: e.reason, message: e.message };
  }
}

/** The state once `export:start` answers, replaying any events that overtook the answer. */
export function startedState(jobId: string, early: readonly ExportJobEvent[]): ExportState {
  return early.reduce(applyExportEvent, { phase: 'running', jobId, written: 0, total: 0 } as ExportState);
}

function toErrorCode(code: unknown): ErrorCode {
  const parsed = ErrorCode.safeParse(code);
  return parsed.success ? parsed.data : 'internal';
}

/** A refused `export:start` (a second export, a bad folder) as a failed state with its reason. */
export function failedState(err: unknown): ExportState {
  const e = err as { code?: unknown; details?: unknown; message?: unknown } | null;
  const reason = ExportFailure.safeParse((e?.details as { reason?: unknown } | undefined)?.reason);
  return {
    phase: 'failed',
    code: toErrorCode(e?.code),
    reason: reason.success ? reason.data : null,
    message: typeof e?.message === 'string' ? e.message : String(err),
  };
}

/** Whole percent written, or null while the total is not known yet (an indeterminate bar). */
export function progressPercent(written: number, total: number): number | null {
  if (!(total > 0)) return null;
  return Math.min(100, Math.max(0, Math.floor((written / total) * 100)));
}
