/**
 * The protocols the device manager can run, as data, so it stays generic: open the transport,
 * send initCommands once, then either poll with pollCommand (request/response) or just read, and
 * feed everything to createDecoder's decoder.
 */
import { createHidPosDecoder, HID_POS_LAYOUTS, type HidPosLayout } from './scanner/hidPos';
import { createSerialLineDecoder } from './scanner/serialLine';
import { createGyMcu90614Decoder, encodeGyMcu90614Command } from './thermometer/gyMcu90614';
import { createLu90614Decoder, encodeLu90614Command, type Lu90614Mode } from './thermometer/lu90614';
import {
  CALEX_REGISTER_MAP,
  createModbusDecoder,
  encodeReadRequest,
  requestForMap,
  type ModbusRegisterMap,
} from './thermometer/modbusRtu';
import type { ScanReading, StreamDecoder, TemperatureReading } from './types';

export type ProtocolId = 'modbus-rtu' | 'lu90614' | 'gy-mcu90614' | 'serial-line' | 'hid-pos';

export type ProtocolOptions = {
  'modbus-rtu': { deviceId: string; slave?: number; fn?: 3 | 4; map?: ModbusRegisterMap };
  lu90614: { deviceId: string; mode?: Lu90614Mode };
  'gy-mcu90614': { deviceId: string };
  'serial-line': { deviceId: string; maxLineBytes?: number };
  'hid-pos': { deviceId: string; layout?: HidPosLayout };
};

export type ProtocolKind = {
  'modbus-rtu': 'thermometer';
  lu90614: 'thermometer';
  'gy-mcu90614': 'thermometer';
  'serial-line': 'scanner';
  'hid-pos': 'scanner';
};

type ReadingOf = { thermometer: TemperatureReading; scanner: ScanReading };

export type ProtocolEntry<Id extends ProtocolId, Kind extends ProtocolKind[Id] = ProtocolKind[Id]> = {
  id: Id;
  kind: Kind;
  transport: 'serial' | 'hid';
  defaultBaud?: number;
  /** True when the device only speaks when asked: the manager sends pollCommand and awaits a reply. */
  requestResponse: boolean;
  createDecoder(opts: ProtocolOptions[Id]): StreamDecoder<ReadingOf[Kind]>;
  pollCommand?(opts: ProtocolOptions[Id]): Uint8Array;
  /** Sent once after opening (e.g. selecting the LU90614's body mode, which it keeps anyway). */
  initCommands?(opts: ProtocolOptions[Id]): Uint8Array[];
};

const modbusRequest = (o: ProtocolOptions['modbus-rtu']) =>
  requestForMap(o.map ?? CALEX_REGISTER_MAP, o.slave ?? 1, o.fn ?? 3);

export const PROTOCOLS: { readonly [Id in ProtocolId]: ProtocolEntry<Id> } = {
  'modbus-rtu': {
    id: 'modbus-rtu',
    kind: 'thermometer',
    transport: 'serial',
    defaultBaud: 9600,
    requestResponse: true,
    createDecoder: (o) =>
      createModbusDecoder({
        deviceId: o.deviceId,
        request: modbusRequest(o),
        map: o.map ?? CALEX_REGISTER_MAP,
      }),
    pollCommand: (o) => encodeReadRequest(modbusRequest(o)),
  },
  lu90614: {
    id: 'lu90614',
    kind: 'thermometer',
    transport: 'serial',
    defaultBaud: 9600,
    requestResponse: true,
    createDecoder: (o) => createLu90614Decoder({ deviceId: o.deviceId }),
    pollCommand: () => encodeLu90614Command('measure'),
    initCommands: (o) => [encodeLu90614Command((o.mode ?? 'body') === 'body' ? 'bodyMode' : 'objectMode')],
  },
  'gy-mcu90614': {
    id: 'gy-mcu90614',
    kind: 'thermometer',
    transport: 'serial',
    // Listings disagree (9600 BAA/BCC, 115200 MCU90615): the manager should probe both.
    defaultBaud: 9600,
    // Polled with "query once"; the module can also stream (encodeGyMcu90614Command('stream')).
    requestResponse: true,
    createDecoder: (o) => createGyMcu90614Decoder({ deviceId: o.deviceId }),
    pollCommand: () => encodeGyMcu90614Command('query'),
  },
  'serial-line': {
    id: 'serial-line',
    kind: 'scanner',
    transport: 'serial',
    // USB-CDC ignores the rate; TTL scan engines (GM65/GM812) default to 9600.
    defaultBaud: 9600,
    requestResponse: false,
    createDecoder: (o) => createSerialLineDecoder(o),
  },
  'hid-pos': {
    id: 'hid-pos',
    kind: 'scanner',
    transport: 'hid',
    requestResponse: false,
    createDecoder: (o) =>
      createHidPosDecoder({ deviceId: o.deviceId, layout: o.layout ?? HID_POS_LAYOUTS.honeywell }),
  },
};

export const PROTOCOL_IDS = Object.keys(PROTOCOLS) as ProtocolId[];

export const isProtocolId = (s: string): s is ProtocolId => Object.hasOwn(PROTOCOLS, s);

/**
 * Known USB vendors (hardware.md §3.2 names vendor IDs only, no product IDs, and no USB-serial
 * adapters): match on vendorId; productId undefined means any product of that vendor.
 */
export type UsbAllowEntry = {
  vendorId: number;
  productId?: number;
  vendor: string;
  kind: 'scanner';
  hidLayout: HidPosLayout;
  /** Feature report WebHidBarcodeScanner sends on open "to enable HID mode"; purpose undocumented. */
  enableFeatureReport?: readonly number[];
};

export const USB_ALLOW_LIST: readonly UsbAllowEntry[] = [
  {
    vendorId: 0x0c2e,
    vendor: 'Honeywell (Hand Held Products)',
    kind: 'scanner',
    hidLayout: HID_POS_LAYOUTS.honeywell,
    enableFeatureReport: [0xfe, 0x01],
  },
  { vendorId: 0x05e0, vendor: 'Symbol / Zebra', kind: 'scanner', hidLayout: HID_POS_LAYOUTS.honeywell },
  { vendorId: 0x05f9, vendor: 'Datalogic', kind: 'scanner', hidLayout: HID_POS_LAYOUTS.honeywell },
  {
    vendorId: 0x23d0,
    vendor: 'Youjie',
    kind: 'scanner',
    hidLayout: HID_POS_LAYOUTS.honeywell,
    enableFeatureReport: [0xfe, 0x01],
  },
];

/** The allow-list entry for a device, accepting serialport's hex-string IDs as well as numbers. */
export function findAllowed(ids: {
  vendorId?: number | string;
  productId?: number | string;
}): UsbAllowEntry | undefined {
  const num = (v: number | string | undefined): number | undefined =>
    typeof v === 'string' ? Number.parseInt(v, 16) : v;
  const vid = num(ids.vendorId);
  const pid = num(ids.productId);
  return USB_ALLOW_LIST.find((e) => e.vendorId === vid && (e.productId === undefined || e.productId === pid));
}
