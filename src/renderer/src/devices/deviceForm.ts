/**
 * The device form and config.json's device entries, both ways. Staff never edit JSON: the form
 * holds text fields as typed, and `formToEntry` writes only the fields that mean something for
 * the chosen protocol. The core validates every entry again (src/main/devices/deviceConfig.ts);
 * `formProblems` mirrors its limits so the common mistakes are named in the staff's language
 * before anything is sent.
 */
import type { MethodOutput } from '../../../shared/contract';

export type ProtocolInfo = MethodOutput<'device:config'>['protocols'][number];
export type RawEntry = Record<string, unknown>;

export const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;
export const DEFAULT_POLL_MS = 250;
export const DEFAULT_MEDIAN_OF = 3;
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const HEX4 = /^[0-9a-fA-F]{4}$/;

export type Lane = 'both' | 'in' | 'out';

export type DeviceForm = {
  id: string;
  label: string;
  protocol: string;
  enabled: boolean;
  /** Find the device by its port path, or by USB identity (survives a re-plug that renames the port). */
  addressBy: 'path' | 'usb';
  path: string;
  vendorId: string;
  productId: string;
  serialNumber: string;
  baudRate: string;
  pollMs: string;
  medianOf: string;
  modbusSlave: string;
  modbusFn: '3' | '4';
  lu90614Mode: 'body' | 'object';
  lane: Lane;
};

export const findProtocol = (protocols: readonly ProtocolInfo[], id: string): ProtocolInfo | undefined =>
  protocols.find((p) => p.id === id);

const isObject = (v: unknown): v is RawEntry => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const defaultBaud = (p: ProtocolInfo | undefined): string =>
  p && p.transport === 'serial' && p.defaultBaud !== null ? String(p.defaultBaud) : '';

export function newForm(protocol: ProtocolInfo | undefined): DeviceForm {
  return {
    id: '',
    label: '',
    protocol: protocol?.id ?? '',
    enabled: true,
    addressBy: 'path',
    path: '',
    vendorId: '',
    productId: '',
    serialNumber: '',
    baudRate: defaultBaud(protocol),
    pollMs: String(DEFAULT_POLL_MS),
    medianOf: String(DEFAULT_MEDIAN_OF),
    modbusSlave: '1',
    modbusFn: '3',
    lu90614Mode: 'body',
    lane: 'both',
  };
}

/** Reads any entry, even a broken one, so that staff can fix it in the form. */
export function entryToForm(raw: RawEntry, protocols: readonly ProtocolInfo[]): DeviceForm {
  const protocol = text(raw.protocol);
  const base = newForm(findProtocol(protocols, protocol));
  const match = isObject(raw.match) ? raw.match : null;
  const modbus = isObject(raw.modbus) ? raw.modbus : null;
  return {
    ...base,
    id: text(raw.id),
    label: text(raw.label),
    protocol,
    enabled: raw.enabled !== false,
    addressBy: match ? 'usb' : 'path',
    path: text(raw.path),
    vendorId: text(match?.vendorId),
    productId: text(match?.productId),
    serialNumber: text(match?.serialNumber),
    baudRate: raw.baudRate === undefined ? base.baudRate : text(raw.baudRate),
    pollMs: raw.pollMs === undefined ? base.pollMs : text(raw.pollMs),
    medianOf: raw.medianOf === undefined ? base.medianOf : text(raw.medianOf),
    modbusSlave: modbus?.slave === undefined ? base.modbusSlave : text(modbus.slave),
    modbusFn: modbus?.fn === 4 ? '4' : '3',
    lu90614Mode: raw.lu90614Mode === 'object' ? 'object' : 'body',
    lane: raw.direction === 'in' || raw.direction === 'out' ? raw.direction : 'both',
  };
}

/** A number when the field holds one; otherwise the text, which the core then reports. */
function numberOrText(s: string): number | string {
  const trimmed = s.trim();
  const n = Number(trimmed);
  return trimmed !== '' && Number.isFinite(n) ? n : trimmed;
}

/**
 * The entry to save or test. `base` is the entry as loaded: only a Modbus register map (which the
 * form does not edit) is carried over from it; everything else comes from the form.
 */
export function formToEntry(form: DeviceForm, protocols: readonly ProtocolInfo[], base?: RawEntry): RawEntry {
  const p = findProtocol(protocols, form.protocol);
  const entry: RawEntry = { id: form.id.trim(), protocol: form.protocol };
  if (form.label.trim()) entry.label = form.label.trim();
  entry.enabled = form.enabled;
  if (form.path.trim()) entry.path = form.path.trim();
  if (form.addressBy === 'usb') {
    entry.match = {
      vendorId: form.vendorId.trim().toLowerCase(),
      ...(form.productId.trim() ? { productId: form.productId.trim().toLowerCase() } : {}),
      ...(form.serialNumber.trim() ? { serialNumber: form.serialNumber.trim() } : {}),
    };
  }
  if (p?.transport !== 'hid' && form.baudRate.trim()) entry.baudRate = numberOrText(form.baudRate);
  if (p?.kind !== 'scanner') {
    entry.pollMs = numberOrText(form.pollMs);
    entry.medianOf = numberOrText(form.medianOf);
  }
  if (form.protocol === 'modbus-rtu') {
    const map = isObject(base?.modbus) ? base.modbus.map : undefined;
    entry.modbus = {
      slave: numberOrText(form.modbusSlave),
      fn: form.modbusFn === '4' ? 4 : 3,
      ...(map === undefined ? {} : { map }),
    };
  }
  if (form.protocol === 'lu90614') entry.lu90614Mode = form.lu90614Mode;
  if (p?.kind === 'scanner' && form.lane !== 'both') entry.direction = form.lane;
  return entry;
}

/** A new protocol brings its own default baud rate, unless staff had picked another one. */
export function changeProtocol(
  form: DeviceForm,
  next: string,
  protocols: readonly ProtocolInfo[],
): DeviceForm {
  const before = defaultBaud(findProtocol(protocols, form.protocol));
  const after = findProtocol(protocols, next);
  const keepBaud = form.baudRate !== '' && form.baudRate !== before;
  return { ...form, protocol: next, baudRate: keepBaud ? form.baudRate : defaultBaud(after) };
}

export type ProblemField =
  | 'id'
  | 'label'
  | 'protocol'
  | 'path'
  | 'vendorId'
  | 'productId'
  | 'serialNumber'
  | 'baudRate'
  | 'pollMs'
  | 'medianOf'
  | 'modbusSlave';
export type ProblemCode =
  | 'id_format'
  | 'id_taken'
  | 'label_long'
  | 'protocol_unknown'
  | 'path_required'
  | 'path_long'
  | 'vendor_hex'
  | 'product_hex'
  | 'serial_long'
  | 'baud_unsupported'
  | 'poll_range'
  | 'median_range'
  | 'slave_range';
export type FormProblem = { field: ProblemField; code: ProblemCode };

const intIn = (s: string, min: number, max: number): boolean => {
  const n = Number(s.trim());
  return s.trim() !== '' && Number.isInteger(n) && n >= min && n <= max;
};

/** The same limits as the core's DeviceConfig schema; `otherIds` are the ids of the other entries. */
export function formProblems(
  form: DeviceForm,
  protocols: readonly ProtocolInfo[],
  otherIds: readonly string[],
): FormProblem[] {
  const out: FormProblem[] = [];
  const add = (field: ProblemField, code: ProblemCode): void => {
    out.push({ field, code });
  };
  const id = form.id.trim();
  if (!ID_PATTERN.test(id)) add('id', 'id_format');
  else if (otherIds.includes(id)) add('id', 'id_taken');
  if (form.label.trim().length > 60) add('label', 'label_long');
  const p = findProtocol(protocols, form.protocol);
  if (!p) add('protocol', 'protocol_unknown');
  const path = form.path.trim();
  if (form.addressBy === 'path' && path === '') add('path', 'path_required');
  if (path.length > 256) add('path', 'path_long');
  if (form.addressBy === 'usb') {
    if (!HEX4.test(form.vendorId.trim())) add('vendorId', 'vendor_hex');
    if (form.productId.trim() !== '' && !HEX4.test(form.productId.trim())) add('productId', 'product_hex');
    if (form.serialNumber.trim().length > 128) add('serialNumber', 'serial_long');
  }
  if (
    p?.transport !== 'hid' &&
    form.baudRate.trim() !== '' &&
    !(BAUD_RATES as readonly number[]).includes(Number(form.baudRate))
  ) {
    add('baudRate', 'baud_unsupported');
  }
  if (p?.kind !== 'scanner') {
    if (!intIn(form.pollMs, 50, 10_000)) add('pollMs', 'poll_range');
    if (!intIn(form.medianOf, 1, 15)) add('medianOf', 'median_range');
  }
  if (form.protocol === 'modbus-rtu' && !intIn(form.modbusSlave, 1, 247)) add('modbusSlave', 'slave_range');
  return out;
}

export type InvalidDevice = MethodOutput<'device:saveConfig'>['invalid'][number];

/**
 * The core reports a bad entry by its index (and id when it has one). The index is trusted when
 * the id agrees; otherwise the entry is found by id. Reports that fit no entry are returned apart.
 */
export function placeInvalid(
  entries: readonly RawEntry[],
  invalid: readonly InvalidDevice[],
): { byIndex: Map<number, string>; unplaced: InvalidDevice[] } {
  const byIndex = new Map<number, string>();
  const unplaced: InvalidDevice[] = [];
  for (const bad of invalid) {
    const atIndex = entries[bad.index];
    let index = -1;
    // The core names every entry that has a string id, so a null id cannot be one that has.
    const atId = typeof atIndex?.id === 'string' ? atIndex.id : null;
    if (atIndex && atId === bad.id) index = bad.index;
    else if (bad.id !== null) index = entries.findIndex((e) => e.id === bad.id);
    if (index < 0) unplaced.push(bad);
    else byIndex.set(index, byIndex.has(index) ? `${byIndex.get(index)}; ${bad.message}` : bad.message);
  }
  return { byIndex, unplaced };
}
