/**
 * The device list as staff edit it before saving. Entries nobody opened are sent back exactly as
 * they were loaded; an opened entry is rebuilt from its form only if the form was changed, so
 * looking at a device never rewrites it.
 */
import type { DeviceHealth } from '../../../shared/contract';
import {
  entryToForm,
  formProblems,
  formToEntry,
  placeInvalid,
  type DeviceForm,
  type FormProblem,
  type InvalidDevice,
  type ProtocolInfo,
  type RawEntry,
} from './deviceForm';

export type DraftItem = {
  /** Stable React key; entries may have no id, or a duplicate one, while being fixed. */
  key: string;
  /** As loaded from the core; null for a device added on this screen. */
  raw: RawEntry | null;
  /** Position in the saved config, which is how the core names an entry without an id. */
  savedIndex: number | null;
  form: DeviceForm | null;
  /** What the core said is wrong with this entry, when it was loaded or last saved. */
  error: string | null;
  /** Set by a save or test attempt: from then on the form marks its problem fields. */
  checked: boolean;
};

let keySeq = 0;
export const nextKey = (): string => `d${++keySeq}`;

export function draftFromConfig(
  devices: readonly RawEntry[],
  invalid: readonly InvalidDevice[],
): { items: DraftItem[]; unplaced: InvalidDevice[] } {
  const { byIndex, unplaced } = placeInvalid(devices, invalid);
  const items = devices.map((raw, i): DraftItem => {
    const message = byIndex.get(i);
    return {
      key: nextKey(),
      raw,
      savedIndex: i,
      form: null,
      error: message ?? null,
      checked: false,
    };
  });
  return { items, unplaced };
}

function sameForm(a: DeviceForm, b: DeviceForm): boolean {
  return (Object.keys(a) as (keyof DeviceForm)[]).every((k) => a[k] === b[k]);
}

/** True when the form differs from the entry it was opened from (or the entry is new). */
export function isEdited(item: DraftItem, protocols: readonly ProtocolInfo[]): boolean {
  if (!item.raw) return true;
  return item.form !== null && !sameForm(item.form, entryToForm(item.raw, protocols));
}

/** The entry as it will be saved. */
export function entryOf(item: DraftItem, protocols: readonly ProtocolInfo[]): RawEntry {
  if (item.form && isEdited(item, protocols)) return formToEntry(item.form, protocols, item.raw ?? undefined);
  return item.raw ?? {};
}

/** Something differs from what the core has: an added, removed or changed entry. */
export function isDirty(
  items: readonly DraftItem[],
  savedCount: number,
  protocols: readonly ProtocolInfo[],
): boolean {
  return items.length !== savedCount || items.some((it, i) => it.savedIndex !== i || isEdited(it, protocols));
}

/** An open form's problems (a loaded entry's too: it may be one the core rejected), other ids taken. */
export function itemProblems(
  items: readonly DraftItem[],
  index: number,
  protocols: readonly ProtocolInfo[],
): FormProblem[] {
  const item = items[index];
  if (!item?.form) return [];
  const otherIds = items
    .filter((_, i) => i !== index)
    .map((it) => entryOf(it, protocols).id)
    .filter((id): id is string => typeof id === 'string');
  return formProblems(item.form, protocols, otherIds);
}

/** The health the core reports for a saved entry, if it is running or known to be invalid. */
export function healthOf(item: DraftItem, health: readonly DeviceHealth[] | null): DeviceHealth | null {
  if (!health || !item.raw || item.savedIndex === null) return null;
  const id = typeof item.raw.id === 'string' ? item.raw.id : `#${item.savedIndex + 1}`;
  const candidates = health.filter((h) => h.id === id);
  // A duplicate of a running device's id is reported as invalid under that same id.
  const wantInvalid = item.error !== null;
  return candidates.find((h) => (h.state === 'invalid') === wantInvalid) ?? candidates[0] ?? null;
}
