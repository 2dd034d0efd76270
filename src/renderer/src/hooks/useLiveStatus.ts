import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventPayload, MethodInput, MethodOutput } from '../../../shared/contract';
import { useGate } from './gateContext';
import { useOnReconnect } from './useReconnect';

/** Core states read with a method and kept current by an event of the same name and shape. */
export type LiveStatusName = 'config:status' | 'disk:status' | 'sync:status';

type Pairs = { [N in LiveStatusName]: EventPayload<N> };
// The pairing, checked at compile time: each method's answer and its event's payload are the same shape.
type Same<N extends LiveStatusName> = [MethodOutput<N>] extends [EventPayload<N>] ? ([EventPayload<N>] extends [MethodOutput<N>] ? true : false) : false;
const pairsMatch: { [N in LiveStatusName]: Same<N> } = { 'config:status': true, 'disk:status': true, 'sync:status': true };
void pairsMatch;

/**
 * A core status: fetched once (and after a reconnect, which may be a restarted core), then kept
 * current from the event the core pushes on every change. `null` until known; a failed fetch leaves
 * it null (a banner shows nothing rather than a guess).
 */
export function useLiveStatus<N extends LiveStatusName>(name: N): { status: Pairs[N] | null; refresh: () => void } {
  const { client } = useGate();
  const [status, setStatus] = useState<Pairs[N] | null>(null);
  // A fetched status older than an event already shown must not replace it.
  const events = useRef(0);
  const live = useRef(true);

  const refresh = useCallback(() => {
    const seen = events.current;
    client.call(name, {} as MethodInput<N>).then(
      (s) => {
        if (live.current && events.current === seen) setStatus(s as Pairs[N]);
      },
      () => undefined,
    );
  }, [client, name]);

  useEffect(() => {
    live.current = true;
    const off = client.on(name, (s) => {
      events.current += 1;
      setStatus(s as Pairs[N]);
    });
    refresh();
    return () => {
      live.current = false;
      off();
    };
  }, [client, name, refresh]);

  useOnReconnect(refresh);
  return { status, refresh };
}
