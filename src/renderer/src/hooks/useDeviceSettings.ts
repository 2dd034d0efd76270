import { useCallback, useEffect, useMemo, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import {
  entryToForm,
  newForm,
  placeInvalid,
  type DeviceForm,
  type InvalidDevice,
  type ProtocolInfo,
} from '../devices/deviceForm';
import { applyPort, type DetectedPort } from '../devices/ports';
import { draftFromConfig, entryOf, isDirty, nextKey, type DraftItem } from '../devices/draft';
import { toShownError, useGate, type ShownError } from './gateContext';

type Phase = 'loading' | 'ready' | 'failed' | 'saving';
export type SaveOutcome = 'saved' | 'rejected' | null;

/** The device list being edited on the settings screen: load, add, edit, remove, save. */
export function useDeviceSettings() {
  const { client, refreshInfo } = useGate();
  const [phase, setPhase] = useState<Phase>('loading');
  const [protocols, setProtocols] = useState<ProtocolInfo[]>([]);
  const [items, setItems] = useState<DraftItem[]>([]);
  const [savedCount, setSavedCount] = useState(0);
  const [unplaced, setUnplaced] = useState<InvalidDevice[]>([]);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<SaveOutcome>(null);
  const [error, setError] = useState<ShownError | null>(null);

  const apply = useCallback((config: MethodOutput<'device:config'>) => {
    const draft = draftFromConfig(config.devices, config.invalid);
    setProtocols(config.protocols);
    setItems(draft.items);
    setSavedCount(config.devices.length);
    setUnplaced(draft.unplaced);
    setOpenKey(null);
    setError(null);
    setPhase('ready');
  }, []);
  const fail = useCallback((err: unknown) => {
    setError(toShownError(err, Date.now()));
    setPhase('failed');
  }, []);

  useEffect(() => {
    client.call('device:config', {}).then(apply, fail);
  }, [apply, client, fail]);

  const load = useCallback(async (): Promise<void> => {
    try {
      apply(await client.call('device:config', {}));
    } catch (err) {
      fail(err);
    }
  }, [apply, client, fail]);

  const update = useCallback((key: string, change: (item: DraftItem) => DraftItem) => {
    setOutcome(null);
    setItems((prev) => prev.map((it) => (it.key === key ? change(it) : it)));
  }, []);

  /** Opens an entry's form (closing any other); its edits stay in the draft when it closes. */
  const toggle = useCallback(
    (key: string) => {
      setOpenKey((open) => (open === key ? null : key));
      setItems((prev) =>
        prev.map((it) =>
          it.key === key && !it.form && it.raw ? { ...it, form: entryToForm(it.raw, protocols) } : it,
        ),
      );
    },
    [protocols],
  );

  const add = useCallback(
    (port?: DetectedPort, allPorts?: readonly DetectedPort[]) => {
      const first = port ? protocols.find((p) => p.transport === port.kind) : protocols[0];
      let form = newForm(first);
      if (port) form = applyPort(form, port, protocols, allPorts);
      const item: DraftItem = {
        key: nextKey(),
        raw: null,
        savedIndex: null,
        form,
        error: null,
        checked: false,
      };
      setOutcome(null);
      setItems((prev) => [...prev, item]);
      setOpenKey(item.key);
    },
    [protocols],
  );

  const remove = useCallback((key: string) => {
    setOutcome(null);
    setItems((prev) => prev.filter((it) => it.key !== key));
    setOpenKey((open) => (open === key ? null : open));
  }, []);

  const setForm = useCallback(
    (key: string, form: DeviceForm) => update(key, (it) => ({ ...it, form })),
    [update],
  );
  const markChecked = useCallback((key: string) => update(key, (it) => ({ ...it, checked: true })), [update]);

  /** "Use this device" goes into the open form, or starts a new device. */
  const takePort = useCallback(
    (port: DetectedPort, allPorts: readonly DetectedPort[]) => {
      const open = items.find((it) => it.key === openKey && it.form);
      if (open?.form) setForm(open.key, applyPort(open.form, port, protocols, allPorts));
      else add(port, allPorts);
    },
    [add, items, openKey, protocols, setForm],
  );

  const save = useCallback(async () => {
    setError(null);
    // The core checks every entry and names what is wrong; the open forms mark their fields.
    setItems((prev) => prev.map((it) => (it.form ? { ...it, checked: true } : it)));
    const devices = items.map((it) => entryOf(it, protocols));
    setPhase('saving');
    try {
      const result = await client.call('device:saveConfig', { devices });
      if (result.saved) {
        await load();
        setOutcome('saved');
        // A thermometer added or removed changes gate:info (the simulated one comes and goes).
        refreshInfo();
        return;
      }
      const placed = placeInvalid(devices, result.invalid);
      const firstBad = items[Math.min(...placed.byIndex.keys())];
      setItems((prev) =>
        prev.map((it, i) => ({
          ...it,
          form: it === firstBad && !it.form && it.raw ? entryToForm(it.raw, protocols) : it.form,
          error: placed.byIndex.get(i) ?? null,
        })),
      );
      // Straight to the first bad entry, unless staff already have one of them open.
      setOpenKey((open) =>
        items.some((it, i) => it.key === open && placed.byIndex.has(i)) ? open : (firstBad?.key ?? open),
      );
      setUnplaced(placed.unplaced);
      setOutcome('rejected');
      setPhase('ready');
    } catch (err) {
      setError(toShownError(err, Date.now()));
      setPhase('ready');
    }
  }, [client, items, load, protocols, refreshInfo]);

  const reload = useCallback(() => {
    setPhase('loading');
    void load();
  }, [load]);

  const dirty = useMemo(() => isDirty(items, savedCount, protocols), [items, savedCount, protocols]);

  return {
    phase,
    protocols,
    items,
    unplaced,
    openKey,
    outcome,
    error,
    dirty,
    reload,
    toggle,
    add,
    remove,
    setForm,
    markChecked,
    takePort,
    save,
  };
}
