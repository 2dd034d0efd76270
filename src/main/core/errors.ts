import type { ErrorCode } from '../../shared/contract';

/** An error the UI may show: it carries a contract error code and a message safe to display. */
export class GateError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'GateError';
  }
}
