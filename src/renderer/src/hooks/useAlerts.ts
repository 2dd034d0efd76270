import { useCallback, useEffect, useState } from 'react';
import type { Alert, GateClient } from '../../../shared/contract';
import { useOnReconnect } from './useReconnect';

/** Open alerts, newest first: loaded once, then kept current from `alert:raised` and `alert:acknowledged`. */
export function useAlerts(client: GateClient, onError: (err: unknown) => void) {
  const [alerts, setAlerts] = useState<Alert[]>([]);

  useEffect(() => {
    let live = true;
    const offRaised = client.on('alert:raised', (alert) => {
      setAlerts((prev) => [alert, ...prev.filter((a) => a.id !== alert.id)]);
    });
    // Handled at another screen of this gate (a second kiosk window): stop the alarm here too.
    const offAcked = client.on('alert:acknowledged', (alert) => {
      setAlerts((prev) => prev.map((a) => (a.id === alert.id ? alert : a)));
    });
    const off = () => {
      offRaised();
      offAcked();
    };
    client
      .call('alert:list', {})
      .then((list) => {
        if (!live) return;
        setAlerts((prev) => {
          const byId = new Map(list.map((a) => [a.id, a] as const));
          for (const a of prev) byId.set(a.id, a);
          return [...byId.values()].sort((x, y) => Date.parse(y.raisedAt) - Date.parse(x.raisedAt));
        });
      })
      .catch(onError);
    return () => {
      live = false;
      off();
    };
  }, [client, onError]);

  // Back after a drop or a core restart: alerts raised or handled at another screen meanwhile were
  // pushed to nobody here. Handling only goes one way, so an alert is handled if either side says so.
  useOnReconnect(
    useCallback(() => {
      client
        .call('alert:list', {})
        .then((list) =>
          setAlerts((prev) => {
            const byId = new Map(prev.map((a) => [a.id, a] as const));
            for (const a of list) {
              const mine = byId.get(a.id);
              byId.set(a.id, mine && mine.acknowledgedAt !== null && a.acknowledgedAt === null ? mine : a);
            }
            return [...byId.values()].sort((x, y) => Date.parse(y.raisedAt) - Date.parse(x.raisedAt));
          }),
        )
        .catch(onError);
    }, [client, onError]),
  );

  const acknowledge = useCallback(
    async (id: string) => {
      try {
        const acked = await client.call('alert:ack', { id });
        setAlerts((prev) => prev.map((a) => (a.id === id ? acked : a)));
      } catch (err) {
        onError(err);
      }
    },
    [client, onError],
  );

  const open = alerts.filter((a) => a.acknowledgedAt === null);
  return { open, acknowledge };
}
