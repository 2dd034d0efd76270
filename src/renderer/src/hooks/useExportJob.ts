import { useCallback, useEffect, useRef, useState } from 'react';
import type { EntryExportInput, ExportJobEvent } from '../../../shared/exportJobs';
import { applyExportEvent, failedState, IDLE, startedState, type ExportState } from '../util/exportJob';
import { useGate, useReportError } from './gateContext';

/**
 * Starts, follows and cancels one entry-log export. Events are collected while `export:start` is
 * on its way back, since the first progress event can overtake the answer carrying the job id.
 */
export function useExportJob() {
  const { client } = useGate();
  const reportError = useReportError();
  const [state, setState] = useState<ExportState>(IDLE);
  const early = useRef<ExportJobEvent[] | null>(null);

  useEffect(
    () =>
      client.on('export:progress', (e) => {
        if (early.current) early.current.push(e);
        else setState((s) => applyExportEvent(s, e));
      }),
    [client],
  );

  const start = useCallback(
    async (input: EntryExportInput) => {
      early.current = [];
      setState({ phase: 'starting' });
      try {
        const { jobId } = await client.call('export:start', input);
        const caught = early.current ?? [];
        early.current = null;
        setState(startedState(jobId, caught));
      } catch (err) {
        early.current = null;
        setState(failedState(err));
      }
    },
    [client],
  );

  const cancel = useCallback(async () => {
    if (state.phase !== 'running') return;
    try {
      await client.call('export:cancel', { jobId: state.jobId });
    } catch (err) {
      reportError(err);
    }
  }, [client, reportError, state]);

  return { state, start, cancel };
}
