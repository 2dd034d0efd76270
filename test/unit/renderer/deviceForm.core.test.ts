/**
 * The form's own checks mirror the core's DeviceConfig schema so staff see problems in their
 * language before saving. This holds the two together: for any form, the form finds no problem
 * exactly when the core accepts the entry it writes. The core module is loaded by a computed path
 * so the renderer's type check (browser libraries only) does not pull src/main in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formProblems,
  formToEntry,
  newForm,
  type DeviceForm,
  type ProtocolInfo,
} from '../../../src/renderer/src/devices/deviceForm';

type CoreModule = { parseDevices(raw: readonly unknown[]): { invalid: { message: string }[] } };
type RegistryModule = {
  PROTOCOL_IDS: string[];
  PROTOCOLS: Record<
    string,
    { kind: ProtocolInfo['kind']; transport: ProtocolInfo['transport']; defaultBaud?: number }
  >;
};

const load = async <T>(path: string): Promise<T> => (await import(/* @vite-ignore */ path)) as T;

describe('form checks against the core schema', () => {
  it('agree on every generated form', async () => {
    const core = await load<CoreModule>(
      ['..', '..', '..', 'src', 'main', 'devices', 'deviceConfig.ts'].join('/'),
    );
    const registry = await load<RegistryModule>(['..', '..', '..', 'drivers', 'registry.ts'].join('/'));
    const protocols: ProtocolInfo[] = registry.PROTOCOL_IDS.map((id) => {
      const p = registry.PROTOCOLS[id]!;
      return { id, kind: p.kind, transport: p.transport, defaultBaud: p.defaultBaud ?? null };
    });
    const num = (...picks: string[]) => fc.constantFrom(...picks);
    const arbForm: fc.Arbitrary<DeviceForm> = fc.record({
      id: fc.constantFrom('thermo-1', 'a', '0-x', '', 'Thermo', '-a', 'a'.repeat(40), 'a'.repeat(41), 'x y'),
      label: fc.constantFrom('', 'Gate', 'x'.repeat(60), 'x'.repeat(61)),
      protocol: fc.constantFrom(...protocols.map((p) => p.id), 'nope'),
      enabled: fc.boolean(),
      addressBy: fc.constantFrom('path' as const, 'usb' as const),
      path: fc.constantFrom('', '/dev/ttyUSB0', ' ', 'p'.repeat(257)),
      vendorId: fc.constantFrom('', '0c2e', '0C2E', 'c2e', 'zzzz', '12345'),
      productId: fc.constantFrom('', '0b61', 'xyz'),
      serialNumber: fc.constantFrom('', 'S1', 's'.repeat(129)),
      baudRate: num('', '9600', '115200', '1200', '14400', '9600.5', 'x'),
      pollMs: num('250', '50', '49', '10000', '10001', '', '250.5', 'x'),
      medianOf: num('3', '1', '0', '15', '16', ''),
      modbusSlave: num('1', '247', '0', '248', ''),
      modbusFn: fc.constantFrom('3' as const, '4' as const),
      lu90614Mode: fc.constantFrom('body' as const, 'object' as const),
      lane: fc.constantFrom('both' as const, 'in' as const, 'out' as const),
    });
    fc.assert(
      fc.property(arbForm, (form) => {
        const local = formProblems(form, protocols, []);
        const { invalid } = core.parseDevices([formToEntry(form, protocols)]);
        expect(local.length === 0, `local ${JSON.stringify(local)} core ${JSON.stringify(invalid)}`).toBe(
          invalid.length === 0,
        );
      }),
      { numRuns: 3000 },
    );
    // And a default new form is one field (the id and path) away from valid for every protocol.
    for (const p of protocols) {
      const entry = formToEntry({ ...newForm(p), id: 'x', path: '/dev/x' }, protocols);
      expect(core.parseDevices([entry]).invalid, p.id).toEqual([]);
    }
  });
});
