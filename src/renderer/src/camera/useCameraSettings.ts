import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useGate } from '../hooks/gateContext';
import { useOnReconnect } from '../hooks/useReconnect';
import { cameraSettingsStore, type CameraSettingsStore, type CameraSettingsSnapshot } from './settingsStore';

export type UseCameraSettings = CameraSettingsSnapshot & {
  reload: () => void;
  save: CameraSettingsStore['save'];
};

/** The shared camera settings: fetched on mount and after a reconnect, saved through the core. */
export function useCameraSettings(): UseCameraSettings {
  const { client } = useGate();
  const store = cameraSettingsStore(client);
  const snapshot = useSyncExternalStore(store.subscribe, store.get);
  const reload = useCallback(() => void store.load(), [store]);

  useEffect(() => {
    reload();
  }, [reload]);
  useOnReconnect(reload);

  return { ...snapshot, reload, save: store.save };
}
