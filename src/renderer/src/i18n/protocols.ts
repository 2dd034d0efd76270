import type { TFunction } from 'i18next';

/** Protocols the catalogue has words for; one the core adds later is shown by its id. */
export const KNOWN_PROTOCOLS = ['modbus-rtu', 'lu90614', 'gy-mcu90614', 'serial-line', 'hid-pos'] as const;
type KnownProtocol = (typeof KNOWN_PROTOCOLS)[number];

const isKnown = (id: string): id is KnownProtocol => (KNOWN_PROTOCOLS as readonly string[]).includes(id);

export function protocolLabel(t: TFunction, id: string): string {
  return isKnown(id) ? t(`protocol.${id}`) : id;
}
