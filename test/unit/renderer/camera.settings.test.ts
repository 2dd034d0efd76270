import { describe, expect, it } from 'vitest';
import type { CameraSettings, GateClient } from '../../../src/shared/contract';
import { cameraChoices, deviceIdOf, selectValue } from '../../../src/renderer/src/camera/devices';
import { CameraSettingsStore, cameraSettingsStore } from '../../../src/renderer/src/camera/settingsStore';

type Call = GateClient['call'];

/** A core with camera:get/camera:set whose answers the test releases one by one. */
function fakeCore(initial: CameraSettings) {
  let stored = initial;
  const pending: Array<() => void> = [];
  const call = ((method: string, input: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      // What the core holds when the call arrives; the answer may travel back much later.
      const atCall = stored;
      pending.push(() => {
        if (method === 'camera:get') resolve(atCall);
        else if (method === 'camera:set') resolve((stored = input as CameraSettings));
        else reject(new Error(`unexpected ${method}`));
      });
    })) as Call;
  const flush = async (): Promise<void> => {
    while (pending.length) pending.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return {
    client: { call },
    flush,
    pending,
    get stored() {
      return stored;
    },
  };
}

describe('CameraSettingsStore', () => {
  it('loads, notifies, and keeps the same object when nothing changed', async () => {
    const core = fakeCore({ enabled: true, deviceId: null });
    const store = new CameraSettingsStore(core.client);
    let notified = 0;
    store.subscribe(() => (notified += 1));
    expect(store.get().settings).toBeNull();
    const loading = store.load();
    await core.flush();
    await loading;
    expect(store.get().settings).toEqual({ enabled: true, deviceId: null });
    const first = store.get();
    void store.load();
    await core.flush();
    expect(store.get()).toBe(first);
    expect(notified).toBe(1);
  });

  it('a save reaches every subscriber, and a load already under way cannot undo it', async () => {
    const core = fakeCore({ enabled: false, deviceId: null });
    const store = new CameraSettingsStore(core.client);
    const seen: Array<CameraSettings | null> = [];
    store.subscribe(() => seen.push(store.get().settings));
    const staleLoad = store.load(); // answered after the save below, with the old value
    const pendingLoad = core.pending.shift()!;
    const saving = store.save({ enabled: true, deviceId: 'cam-2' });
    await core.flush();
    expect(await saving).toEqual({ enabled: true, deviceId: 'cam-2' });
    // Answer the old load with what the core held before the save.
    pendingLoad();
    await staleLoad;
    expect(store.get().settings).toEqual({ enabled: true, deviceId: 'cam-2' });
    expect(seen).toEqual([{ enabled: true, deviceId: 'cam-2' }]);
    expect(core.stored).toEqual({ enabled: true, deviceId: 'cam-2' });
  });

  it('keeps the last good settings when a reload fails, and reports the failure', async () => {
    let fail = false;
    const call = (async () => {
      if (fail) throw Object.assign(new Error('down'), { code: 'unavailable' });
      return { enabled: true, deviceId: null };
    }) as unknown as Call;
    const store = new CameraSettingsStore({ call });
    await store.load();
    fail = true;
    await store.load();
    expect(store.get().settings).toEqual({ enabled: true, deviceId: null });
    expect((store.get().loadError as Error).message).toBe('down');
  });

  it('is one store per client', () => {
    const a = { call: (() => Promise.reject(new Error('x'))) as Call };
    expect(cameraSettingsStore(a)).toBe(cameraSettingsStore(a));
    expect(cameraSettingsStore(a)).not.toBe(cameraSettingsStore({ call: a.call }));
  });
});

describe('camera choices', () => {
  const cam = (deviceId: string, label = '') => ({ kind: 'videoinput', deviceId, label });

  it('lists video inputs only, numbered in the browser order', () => {
    const list = cameraChoices(
      [cam('a', 'USB Camera'), { kind: 'audioinput', deviceId: 'm', label: 'Mic' }, cam('b', 'Built-in')],
      null,
    );
    expect(list).toEqual({
      hidden: false,
      choices: [
        { kind: 'present', deviceId: 'a', label: 'USB Camera', n: 1 },
        { kind: 'present', deviceId: 'b', label: 'Built-in', n: 2 },
      ],
    });
  });

  it('keeps a configured camera that is not plugged in, so saving does not drop it', () => {
    expect(cameraChoices([cam('a', 'USB')], 'gone').choices.at(-1)).toEqual({
      kind: 'missing',
      deviceId: 'gone',
    });
    expect(cameraChoices([cam('a', 'USB')], 'a').choices).toHaveLength(1);
  });

  it('says when the browser hides cameras until one has been allowed', () => {
    const list = cameraChoices([cam('')], null);
    expect(list).toEqual({ hidden: true, choices: [] });
    expect(cameraChoices([], null)).toEqual({ hidden: false, choices: [] });
  });

  it("maps the default camera to the select's empty value and back", () => {
    expect(selectValue(null)).toBe('');
    expect(deviceIdOf('')).toBeNull();
    expect(deviceIdOf(selectValue('cam-1'))).toBe('cam-1');
  });
});
