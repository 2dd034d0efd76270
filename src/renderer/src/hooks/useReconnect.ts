import { useEffect, useRef } from 'react';
import { useGate } from './gateContext';

/**
 * Calls `onReconnect` each time the link to the core comes back after a drop. Events pushed while
 * it was down are lost, and a restarted core has forgotten what the screen set, so state that
 * follows events must be fetched (or pushed) again. Over IPC the link never drops.
 */
export function useOnReconnect(onReconnect: () => void): void {
  const { connection } = useGate();
  const callback = useRef(onReconnect);
  useEffect(() => {
    callback.current = onReconnect;
  }, [onReconnect]);

  useEffect(() => {
    let last = connection.get();
    return connection.subscribe(() => {
      const now = connection.get();
      if (now === 'connected' && last !== 'connected') callback.current();
      last = now;
    });
  }, [connection]);
}
