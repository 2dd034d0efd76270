import { useCallback, useEffect, useRef, useState } from 'react';
import type { StatusMap } from '../../../shared/passes';
import { useGate, useReportError } from '../hooks/gateContext';

/** Coalesces a burst of gate events (a queue at the gate) into one reload. */
const RELOAD_DELAY_MS = 300;

/**
 * The status map, kept live: a committee change (`household:changed`) or a check at the gate
 * (`log:appended`) reloads it, so several screens see the same map at once.
 */
export function useStatusMap(scheme: string | null): { map: StatusMap | null; reload: () => void } {
  const { client } = useGate();
  const reportError = useReportError();
  const [map, setMap] = useState<StatusMap | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(async () => {
    try {
      setMap(await client.call('statusMap:get', scheme ? { scheme } : {}));
    } catch (err) {
      reportError(err);
    }
  }, [client, scheme, reportError]);

  useEffect(() => {
    let live = true;
    client.call('statusMap:get', scheme ? { scheme } : {}).then((m) => live && setMap(m), reportError);
    const soon = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void load(), RELOAD_DELAY_MS);
    };
    const offs = [client.on('household:changed', soon), client.on('log:appended', soon)];
    return () => {
      live = false;
      offs.forEach((off) => off());
      if (timer.current) clearTimeout(timer.current);
    };
  }, [client, scheme, load, reportError]);

  return { map, reload: () => void load() };
}
