/** Detected serial ports and HID devices, and what "use this device" takes from one. */
import type { PortListing } from '../../../shared/contract';
import { changeProtocol, findProtocol, HEX4, type DeviceForm, type ProtocolInfo } from './deviceForm';

export type DetectedPort =
  ({ kind: 'serial' } & PortListing['serial'][number]) | ({ kind: 'hid' } & PortListing['hid'][number]);

/**
 * Would a USB match on this port's vendor/product find another device too? Two identical adapters
 * without serial numbers (CH340s usually have none) cannot be told apart by USB identity.
 */
export function isAmbiguous(port: DetectedPort, all: readonly DetectedPort[]): boolean {
  if (port.serialNumber) return false;
  const same = (p: DetectedPort): boolean =>
    p.kind === port.kind &&
    p.vendorId?.toLowerCase() === port.vendorId?.toLowerCase() &&
    p.productId?.toLowerCase() === port.productId?.toLowerCase() &&
    // One HID scanner shows up once per interface; only its barcode interfaces count.
    (p.kind !== 'hid' || p.isBarcodeScanner);
  return all.filter(same).length > 1;
}

/**
 * "Use this device": the port's path, and its USB identity when it has one and it is unambiguous
 * (a USB-serial adapter or an HID scanner may come back under another path after a re-plug).
 * A port of the other transport switches the protocol to one of the same kind that speaks it.
 */
export function applyPort(
  form: DeviceForm,
  port: DetectedPort,
  protocols: readonly ProtocolInfo[],
  all: readonly DetectedPort[] = [port],
): DeviceForm {
  let next: DeviceForm = { ...form, path: port.path };
  const current = findProtocol(protocols, form.protocol);
  if (current?.transport !== port.kind) {
    const sameKind = protocols.find((p) => p.transport === port.kind && p.kind === current?.kind);
    const any = sameKind ?? protocols.find((p) => p.transport === port.kind);
    if (any) next = changeProtocol(next, any.id, protocols);
  }
  if (port.vendorId && HEX4.test(port.vendorId) && !isAmbiguous(port, all)) {
    return {
      ...next,
      addressBy: 'usb',
      vendorId: port.vendorId.toLowerCase(),
      productId: port.productId && HEX4.test(port.productId) ? port.productId.toLowerCase() : '',
      serialNumber: port.serialNumber ?? '',
    };
  }
  return { ...next, addressBy: 'path', vendorId: '', productId: '', serialNumber: '' };
}

/** Every detected port as one list, barcode scanners first among the HID devices. */
export function detectedPorts(listing: PortListing | null): DetectedPort[] {
  if (!listing) return [];
  const hid = [...listing.hid].sort((a, b) => Number(b.isBarcodeScanner) - Number(a.isBarcodeScanner));
  return [
    ...listing.serial.map((p) => ({ kind: 'serial' as const, ...p })),
    ...hid.map((p) => ({ kind: 'hid' as const, ...p })),
  ];
}
