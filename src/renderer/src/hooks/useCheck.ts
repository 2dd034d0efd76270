import { useCallback, useEffect, useState } from 'react';
import type { CheckView, GateClient } from '../../../shared/contract';
import type { CheckStage } from '../../../shared/domain';

const FINAL: ReadonlySet<CheckStage> = new Set(['admit', 'deny', 'refer']);
export const FINAL_DISPLAY_MS = 6000;

export function isFinalStage(stage: CheckStage): boolean {
  return FINAL.has(stage);
}

const keyOf = (c: CheckView): string => `${c.checkId}:${c.stage}`;

/**
 * The check the guard screen shows. Final decisions stay up for six seconds and then the screen
 * goes back to idle; the core has already logged them, so hiding is local only.
 */
export function useCheck(client: GateClient, onError: (err: unknown) => void) {
  const [check, setCheck] = useState<CheckView | null>(null);
  const [hiddenKey, setHiddenKey] = useState<string | null>(null);

  useEffect(() => client.on('check:updated', (view) => setCheck(view)), [client]);

  useEffect(() => {
    let live = true;
    client
      .call('check:current', {})
      // A final decision found at start-up belongs to someone long gone.
      .then((view) => {
        if (live && view && !isFinalStage(view.stage)) setCheck((prev) => prev ?? view);
      })
      .catch(onError);
    return () => {
      live = false;
    };
  }, [client, onError]);

  const key = check ? keyOf(check) : null;
  const final = check ? isFinalStage(check.stage) : false;
  useEffect(() => {
    if (!key || !final) return undefined;
    const id = setTimeout(() => setHiddenKey(key), FINAL_DISPLAY_MS);
    return () => clearTimeout(id);
  }, [key, final]);

  const visible = check && key !== hiddenKey ? check : null;
  const hide = useCallback(() => setHiddenKey(key), [key]);

  return { check: visible, setCheck, hide };
}
