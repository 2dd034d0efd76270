/**
 * One entry of `devices` in config.json. Entries are validated one by one: a malformed device is
 * reported (on the settings screen and in device status) and skipped, and the kiosk keeps running
 * with the others. A broken thermometer entry must not take the scanner down with it.
 */
import { z } from 'zod';
import { PROTOCOL_IDS, type ProtocolId } from '../../../drivers/registry';

const Range = z.object({ minC: z.number(), maxC: z.number() }).strict();

/** A vendor's register layout (drivers/thermometer/modbusRtu.ts ModbusRegisterMap); Calex if omitted. */
const RegisterMap = z
  .object({
    object: z.number().int().min(0).max(0xffff),
    ambient: z.number().int().min(0).max(0xffff).optional(),
    status: z.number().int().min(0).max(0xffff).optional(),
    divisor: z.number().positive(),
    signed: z.boolean(),
    statusErrorMask: z.number().int().min(0).max(0xffff),
    objectRangeC: Range,
    ambientRangeC: Range,
  })
  .strict();

const UsbMatch = z
  .object({
    vendorId: z.string().regex(/^[0-9a-fA-F]{4}$/, 'four hex digits, e.g. 0c2e'),
    productId: z.string().regex(/^[0-9a-fA-F]{4}$/, 'four hex digits').optional(),
    serialNumber: z.string().max(128).optional(),
  })
  .strict();

export const DeviceConfig = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes'),
    label: z.string().max(60).optional(),
    protocol: z.enum(PROTOCOL_IDS as [ProtocolId, ...ProtocolId[]]),
    enabled: z.boolean().default(true),
    /** Serial path (/dev/ttyUSB0, COM3) or HID path; may change on re-plug, see `match`. */
    path: z.string().min(1).max(256).optional(),
    /** Finds the device again by USB identity when its path changes after an unplug. */
    match: UsbMatch.optional(),
    baudRate: z.number().int().refine((b) => [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200].includes(b), 'unsupported baud rate').optional(),
    pollMs: z.number().int().min(50).max(10_000).default(250),
    /** Temperature: median of this many readings per person. */
    medianOf: z.number().int().min(1).max(15).default(3),
    modbus: z
      .object({ slave: z.number().int().min(1).max(247).default(1), fn: z.union([z.literal(3), z.literal(4)]).default(3), map: RegisterMap.optional() })
      .strict()
      .optional(),
    lu90614Mode: z.enum(['body', 'object']).optional(),
    /** A scanner dedicated to one lane; otherwise scans take the direction chosen on the screen. */
    direction: z.enum(['in', 'out']).optional(),
  })
  .strict()
  .refine((d) => d.path !== undefined || d.match !== undefined, { message: 'give a path or a USB match (vendorId/productId)' });
export type DeviceConfig = z.infer<typeof DeviceConfig>;

export type InvalidDevice = { index: number; id: string | null; message: string };

export function parseDevices(raw: readonly unknown[]): { devices: DeviceConfig[]; invalid: InvalidDevice[] } {
  const devices: DeviceConfig[] = [];
  const invalid: InvalidDevice[] = [];
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    const id = typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string' ? (entry as { id: string }).id : null;
    const parsed = DeviceConfig.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      invalid.push({ index, id, message: `${issue?.path.join('.') || 'device'}: ${issue?.message ?? 'invalid'}` });
    } else if (seen.has(parsed.data.id)) {
      invalid.push({ index, id, message: `duplicate device id ${parsed.data.id}` });
    } else {
      seen.add(parsed.data.id);
      devices.push(parsed.data);
    }
  });
  return { devices, invalid };
}
