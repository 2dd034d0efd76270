import { useCallback, useEffect, useRef, useState } from 'react';
import type { DiskStatus } from '../../../shared/disk';
import { useGate } from '../hooks/gateContext';
import { useOnReconnect } from '../hooks/useReconnect';

/**
 * The data disk's status: fetched once (and after a reconnect), then kept current from the
 * `disk:status` event the core pushes on every change. `null` until known.
 */
export function useDiskStatus(): DiskStatus | null {
  const { client } = useGate();
  const [status, setStatus] = useState<DiskStatus | null>(null);
  // A fetched status older than an event already shown must not replace it.
  const events = useRef(0);
  const live = useRef(true);

  const refresh = useCallback(() => {
    const seen = events.current;
    client.call('disk:status', {}).then(
      (s) => {
        if (live.current && events.current === seen) setStatus(s);
      },
      () => undefined,
    );
  }, [client]);

  useEffect(() => {
    live.current = true;
    const off = client.on('disk:status', (s) => {
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
  return status;
}
