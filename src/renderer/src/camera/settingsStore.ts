import type { CameraSettings, GateClient } from '../../../shared/contract';

export type CameraSettingsSnapshot = {
  /** null until `camera:get` has answered once. */
  settings: CameraSettings | null;
  /** The last failed load, cleared by the next good load or save. */
  loadError: unknown;
};

const sameSettings = (a: CameraSettings | null, b: CameraSettings | null): boolean =>
  a === b || (!!a && !!b && a.enabled === b.enabled && a.deviceId === b.deviceId);

/**
 * The camera settings both screens share: the settings screen saves, the guard screen's camera
 * follows at once. The core pushes no event for them, so this store is the one place the renderer
 * keeps them; shaped for `useSyncExternalStore`.
 */
export class CameraSettingsStore {
  private snapshot: CameraSettingsSnapshot = { settings: null, loadError: null };
  private readonly listeners = new Set<() => void>();
  /** Bumped by every save, so a load that was already on its way cannot undo the save. */
  private writes = 0;

  constructor(private readonly client: Pick<GateClient, 'call'>) {}

  readonly get = (): CameraSettingsSnapshot => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly load = async (): Promise<void> => {
    const writes = this.writes;
    try {
      const settings = await this.client.call('camera:get', {});
      if (writes === this.writes) this.set({ settings, loadError: null });
    } catch (err) {
      if (writes === this.writes) this.set({ settings: this.snapshot.settings, loadError: err });
    }
  };

  /** Saves through the core (which persists to config.json); throws what the call threw. */
  readonly save = async (next: CameraSettings): Promise<CameraSettings> => {
    this.writes += 1;
    const saved = await this.client.call('camera:set', { enabled: next.enabled, deviceId: next.deviceId });
    this.set({ settings: saved, loadError: null });
    return saved;
  };

  private set(next: CameraSettingsSnapshot): void {
    const prev = this.snapshot;
    if (sameSettings(prev.settings, next.settings) && prev.loadError === next.loadError) return;
    // Keep the settings object when only the error changed, so its users do not re-run effects.
    this.snapshot = sameSettings(prev.settings, next.settings) ? { ...next, settings: prev.settings } : next;
    for (const listener of [...this.listeners]) listener();
  }
}

const stores = new WeakMap<Pick<GateClient, 'call'>, CameraSettingsStore>();

/** One store per client, i.e. one per app. */
export function cameraSettingsStore(client: Pick<GateClient, 'call'>): CameraSettingsStore {
  let store = stores.get(client);
  if (!store) {
    store = new CameraSettingsStore(client);
    stores.set(client, store);
  }
  return store;
}
