import { createContext, useContext } from 'react';
import type { GateClient, GateInfo } from '../../../shared/contract';
import { GateCallError, ErrorCode } from '../../../shared/contract';
import type { ConnectionSource } from '../api/client';
import type { Lang } from '../i18n/setup';

export type GateContextValue = {
  client: GateClient;
  info: GateInfo;
  lang: Lang;
  refreshInfo: () => void;
  /** The link to the core, for hooks that must catch up on events missed while it was down. */
  connection: ConnectionSource;
};

export const GateContext = createContext<GateContextValue | null>(null);

export function useGate(): GateContextValue {
  const value = useContext(GateContext);
  if (!value) throw new Error('useGate outside GateContext');
  return value;
}

export type ShownError = { id: number; code: ErrorCode; message: string };

/** Anything thrown by a call, narrowed to a code the catalogue has words for. */
export function toShownError(err: unknown, id: number): ShownError {
  if (err instanceof GateCallError) return { id, code: err.code, message: err.message };
  const parsed = ErrorCode.safeParse((err as { code?: unknown } | null)?.code);
  const message = err instanceof Error ? err.message : String(err);
  return { id, code: parsed.success ? parsed.data : 'internal', message };
}

export const ReportErrorContext = createContext<(err: unknown) => void>((err) => console.error(err));

export function useReportError(): (err: unknown) => void {
  return useContext(ReportErrorContext);
}
