import { useSyncExternalStore } from 'react';
import type { ClockStatus } from '../../../shared/clock';
import { useGate } from '../hooks/gateContext';
import { useOnReconnect } from '../hooks/useReconnect';
import { clockStoreFor, type ClockSnapshot } from './clockStore';

/** The shared clock snapshot (status and the base the header counts from), refetched after a reconnect. */
export function useClockSnapshot(): ClockSnapshot {
  const { client } = useGate();
  const store = clockStoreFor(client);
  useOnReconnect(store.refresh);
  return useSyncExternalStore(store.subscribe, store.get);
}

export function useClockStatus(): ClockStatus | null {
  return useClockSnapshot().status;
}
