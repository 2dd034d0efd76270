import { afterEach, describe, expect, it } from 'vitest';
import type { CheckView } from '../../../src/shared/contract';
import { makeGate, type TestGate } from '../../helpers/gate';
import { mockSerial, waitFor } from '../../helpers/mockSerial';

let gate: TestGate | null = null;
const serial = mockSerial();
afterEach(async () => {
  await gate?.cleanup();
  gate = null;
  serial.reset();
});

describe('the gate with real device paths (binding-mock)', () => {
  it('a thermometer measurement and a serial scan make one logged check with the device named', async () => {
    serial.plug('/dev/ttyTHERMO', { protocol: 'lu90614', temperatureC: 36.7 });
    const scanner = serial.plug('/dev/ttySCAN', { protocol: 'serial-line' });
    gate = await makeGate({
      serial: serial.backend,
      config: {
        devices: [
          { id: 'thermo', protocol: 'lu90614', path: '/dev/ttyTHERMO', pollMs: 50, medianOf: 3 },
          { id: 'scanner', protocol: 'serial-line', path: '/dev/ttySCAN' },
        ],
      },
    });
    const info = await gate.dispatch('gate:info', {});
    expect(info).toMatchObject({ ok: true, value: { thermometer: { kind: 'device' } } });
    // With a real thermometer configured, the simulator control is refused.
    expect(await gate.dispatch('device:simulateReading', { celsius: 36.5 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const updates: CheckView[] = [];
    gate.events.subscribe((event, payload) => event === 'check:updated' && payload && updates.push(payload as CheckView));
    await waitFor(() => (gate!.devices.health().find((h) => h.id === 'thermo')?.lastValue ?? '') !== '');
    await new Promise((r) => setTimeout(r, 250)); // the median of three polls is in
    await gate.dispatch('gate:setDirection', { direction: 'in' });
    serial.emit('/dev/ttySCAN', scanner.model.scan('HM90001')!);
    await waitFor(() => updates.some((u) => u.stage === 'admit'));
    const row = gate.db.prepare('SELECT credential, credential_source, temp_body_c, temp_device, temp_source, decision FROM entry_log').get();
    expect(row).toEqual({ credential: 'HM90001', credential_source: 'serial', temp_body_c: 36.7, temp_device: 'thermo', temp_source: 'device', decision: 'admit' });
  });

  it('saving a device list is all-or-nothing and restarts the devices', async () => {
    gate = await makeGate({ serial: serial.backend });
    const bad = await gate.dispatch('device:saveConfig', { devices: [{ id: 'ok', protocol: 'lu90614', path: '/dev/a' }, { id: 'x', protocol: 'teleport' }] });
    expect(bad).toMatchObject({ ok: true, value: { saved: false, invalid: [{ index: 1, id: 'x' }] } });
    expect((await gate.dispatch('device:config', {})) as { value: { devices: unknown[] } }).toMatchObject({ value: { devices: [] } });
    serial.plug('/dev/ttyNEW', { protocol: 'lu90614', temperatureC: 36.5 });
    const good = await gate.dispatch('device:saveConfig', { devices: [{ id: 'thermo', protocol: 'lu90614', path: '/dev/ttyNEW', pollMs: 50 }] });
    expect(good).toMatchObject({ ok: true, value: { saved: true } });
    await waitFor(() => gate!.devices.health()[0]?.state === 'connected');
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(`${gate.dataDir}/config.json`, 'utf8')).devices).toEqual([{ id: 'thermo', protocol: 'lu90614', path: '/dev/ttyNEW', pollMs: 50 }]);
  });
});
