import { useCallback, useEffect, useState } from 'react';
import type { CheckView, GateClient } from '../../../shared/contract';
import type { CheckStage } from '../../../shared/domain';
import { useOnReconnect } from './useReconnect';

const FINAL: ReadonlySet<CheckStage> = new Set(['admit', 'deny', 'refer']);
export const FINAL_DISPLAY_MS = 6000;

export function isFinalStage(stage: CheckStage): boolean {
  return FINAL.has(stage);
}

const keyOf = (c: CheckView): string => `${c.checkId}:${c.stage}`;

/**
 * IPC results and pushed events travel on different channels, so a call's answer can arrive after
 * a newer event for the same check. A check only moves forward (more readings, then a final
 * stage), which is enough to drop the stale one.
 */
export function newerCheck(prev: CheckView | null, next: CheckView | null): CheckView | null {
  if (!prev || !next || prev.checkId !== next.checkId) return next;
  if (isFinalStage(prev.stage) && !isFinalStage(next.stage)) return prev;
  if (next.readings.length < prev.readings.length) return prev;
  return next;
}

/**
 * The check the guard screen shows. Final decisions stay up for six seconds and then the screen
 * goes back to idle; the core has already logged them, so hiding is local only.
 */
export function useCheck(client: GateClient, onError: (err: unknown) => void) {
  const [check, setRawCheck] = useState<CheckView | null>(null);
  const setCheck = useCallback((next: CheckView | null) => setRawCheck((prev) => newerCheck(prev, next)), []);
  const [hiddenKey, setHiddenKey] = useState<string | null>(null);

  useEffect(() => client.on('check:updated', (view) => setCheck(view)), [client, setCheck]);

  useEffect(() => {
    let live = true;
    client
      .call('check:current', {})
      // A final decision found at start-up belongs to someone long gone.
      .then((view) => {
        if (live && view && !isFinalStage(view.stage)) setRawCheck((prev) => prev ?? view);
      })
      .catch(onError);
    return () => {
      live = false;
    };
  }, [client, onError]);

  // A restarted core has forgotten the check on screen (a "waiting for temperature" the guard can
  // no longer finish): show what the core holds now. A final decision still on show stays its time.
  useOnReconnect(
    useCallback(() => {
      client
        .call('check:current', {})
        .then((view) => setRawCheck((prev) => (view && !isFinalStage(view.stage) ? newerCheck(prev, view) : prev && isFinalStage(prev.stage) ? prev : null)))
        .catch(onError);
    }, [client, onError]),
  );

  const key = check ? keyOf(check) : null;
  const final = check ? isFinalStage(check.stage) : false;
  useEffect(() => {
    if (!key || !final) return undefined;
    const id = setTimeout(() => setHiddenKey(key), FINAL_DISPLAY_MS);
    return () => clearTimeout(id);
  }, [key, final]);

  const visible = check && key !== hiddenKey ? check : null;
  /** Back to idle now, for the shown check or for a specific (e.g. just-abandoned) one. */
  const hide = useCallback((view?: CheckView) => setHiddenKey(view ? keyOf(view) : key), [key]);

  return { check: visible, setCheck, hide };
}
