import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConfigStatus } from '../../../shared/configStatus';
import { useGate } from '../hooks/gateContext';
import { useOnReconnect } from '../hooks/useReconnect';

/**
 * Whether the gate runs on its last good config: fetched once (and after a reconnect, which may be
 * a restarted core), then kept current from the `config:status` event a settings save pushes.
 * `null` until known.
 */
export function useConfigStatus(): ConfigStatus | null {
  const { client } = useGate();
  const [status, setStatus] = useState<ConfigStatus | null>(null);
  // A fetched status older than an event already shown must not replace it.
  const events = useRef(0);
  const live = useRef(true);

  const refresh = useCallback(() => {
    const seen = events.current;
    client.call('config:status', {}).then(
      (s) => {
        if (live.current && events.current === seen) setStatus(s);
      },
      () => undefined,
    );
  }, [client]);

  useEffect(() => {
    live.current = true;
    const off = client.on('config:status', (s) => {
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
