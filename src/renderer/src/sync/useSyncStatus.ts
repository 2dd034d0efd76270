import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncStatusView } from '../../../shared/sync';
import { useGate } from '../hooks/gateContext';
import { useOnReconnect } from '../hooks/useReconnect';

/**
 * The gate's sync status: fetched once (and after a reconnect), then kept current from the
 * `sync:status` event. `null` until known; a failed fetch leaves it null (the strip shows nothing
 * rather than a guess).
 */
export function useSyncStatus(): { status: SyncStatusView | null; refresh: () => void } {
  const { client } = useGate();
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  // A fetched status older than an event already shown must not replace it.
  const events = useRef(0);
  const live = useRef(true);

  const refresh = useCallback(() => {
    const seen = events.current;
    client.call('sync:status', {}).then(
      (s) => {
        if (live.current && events.current === seen) setStatus(s);
      },
      () => undefined,
    );
  }, [client]);

  useEffect(() => {
    live.current = true;
    const off = client.on('sync:status', (s) => {
      events.current += 1;
      setStatus(s);
    });
    refresh();
    return () => {
      live.current = false;
      off();
    };
  }, [client, refresh]);

  useOnReconnect(refresh);
  return { status, refresh };
}
