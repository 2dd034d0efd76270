import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceHealth } from '../../../shared/contract';
import { useGate, useReportError } from './gateContext';
import { useOnReconnect } from './useReconnect';

/**
 * Health of every configured device: fetched once (and again after a reconnect), then kept current
 * from the `device:status` event, which always carries the whole list. `null` until known.
 */
export function useDeviceHealth(): DeviceHealth[] | null {
  const { client } = useGate();
  const reportError = useReportError();
  const [health, setHealth] = useState<DeviceHealth[] | null>(null);
  // A fetched list older than an event already shown must not replace it.
  const events = useRef(0);
  const live = useRef(true);

  const load = useCallback(() => {
    const seen = events.current;
    client.call('device:status', {}).then(
      (list) => {
        if (live.current && events.current === seen) setHealth(list);
      },
      (err: unknown) => {
        if (live.current) reportError(err);
      },
    );
  }, [client, reportError]);

  useEffect(() => {
    live.current = true;
    const off = client.on('device:status', (list) => {
      events.current += 1;
      setHealth(list);
    });
    load();
    return () => {
      live.current = false;
      off();
    };
  }, [client, load]);

  useOnReconnect(load);
  return health;
}
