import { afterEach, describe, expect, it } from 'vitest';
import { hidPosFrames, lu90614Frame } from '../../../drivers/simulator/frames';
import type { ScanReading } from '../../../drivers/types';
import type { HidBackend } from '../../../src/main/devices/backends';
import { DeviceManager } from '../../../src/main/devices/deviceManager';
import type { Measurement } from '../../../src/main/devices/measurement';
import type { DeviceHealth } from '../../../src/shared/contract';
import { mockSerial, waitFor } from '../../helpers/mockSerial';

const noHid: HidBackend = { devices: () => [], open: () => { throw new Error('no HID here'); } };

function setup(hid: HidBackend = noHid) {
  const serial = mockSerial();
  const temps: Measurement[] = [];
  const scans: Array<{ s: ScanReading; direction: string | undefined; transport: string }> = [];
  let status: DeviceHealth[] = [];
  const manager = new DeviceManager({
    serial: serial.backend,
    hid,
    presenceC: 30,
    onTemperature: (m) => temps.push(m),
    onScan: (s, direction, transport) => scans.push({ s, direction, transport }),
    onStatus: (h) => (status = h),
  });
  return { serial, manager, temps, scans, status: () => status };
}

let current: ReturnType<typeof setup> | null = null;
afterEach(async () => {
  await current?.manager.stop();
  current?.serial.reset();
  current = null;
});

describe('device manager over @serialport/binding-mock', () => {
  it.each([
    ['modbus-rtu', { protocol: 'modbus-rtu' as const, temperatureC: 36.6 }, 36.6],
    ['lu90614', { protocol: 'lu90614' as const, temperatureC: 36.8, lu90614Mode: 'body' as const }, 36.8],
    ['gy-mcu90614', { protocol: 'gy-mcu90614' as const, temperatureC: 36.4, ambientC: 24 }, 36.4],
  ])('%s: polled readings become one measurement per person (median of 3)', async (protocol, model, expected) => {
    current = setup();
    current.serial.plug('/dev/ttyMOCK0', model);
    await current.manager.configure([{ id: 'thermo-1', protocol, path: '/dev/ttyMOCK0', pollMs: 50, medianOf: 3 }]);
    await waitFor(() => current!.temps.length >= 1);
    expect(current.temps[0]).toMatchObject({ celsius: expected, deviceId: 'thermo-1', samples: 3 });
    // Still the same person in front of it: no second measurement.
    await new Promise((r) => setTimeout(r, 300));
    expect(current.temps).toHaveLength(1);
    expect(current.manager.health()[0]).toMatchObject({ id: 'thermo-1', state: 'connected', message: null });
  });

  it('serial-line scanner: scans arrive with the configured lane and the transport', async () => {
    current = setup();
    const dev = current.serial.plug('/dev/ttyMOCK1', { protocol: 'serial-line', symbology: ']Q1', terminator: '\r\n' });
    await current.manager.configure([{ id: 'scanner-1', protocol: 'serial-line', path: '/dev/ttyMOCK1', direction: 'out' }]);
    await waitFor(() => current!.manager.health()[0]?.state === 'connected');
    current.serial.emit('/dev/ttyMOCK1', dev.model.scan('HM00042')!);
    await waitFor(() => current!.scans.length === 1);
    expect(current.scans[0]).toMatchObject({ s: { code: 'HM00042', symbology: ']Q1' }, direction: 'out', transport: 'serial' });
  });

  it('unplug → disconnected; plugged back → reconnected within 2 s, readings resume', async () => {
    current = setup();
    current.serial.plug('/dev/ttyMOCK2', { protocol: 'lu90614', temperatureC: 36.5 });
    await current.manager.configure([{ id: 't', protocol: 'lu90614', path: '/dev/ttyMOCK2', pollMs: 50, medianOf: 1 }]);
    await waitFor(() => current!.temps.length >= 1);
    current.serial.unplug('/dev/ttyMOCK2');
    await waitFor(() => current!.manager.health()[0]?.state === 'disconnected');
    expect(current.manager.health()[0]?.message).toMatch(/disconnected|open_failed/);
    const dev = current.serial.plug('/dev/ttyMOCK2', { protocol: 'lu90614', temperatureC: 36.5 });
    const t0 = Date.now();
    await waitFor(() => current!.manager.health()[0]?.state === 'connected', 2000);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(current.manager.health()[0]?.counters.reconnects).toBe(1);
    // A new person: the air first (no presence), then a body.
    dev.model.setTemperature(22);
    await new Promise((r) => setTimeout(r, 150));
    dev.model.setTemperature(36.9);
    await waitFor(() => current!.temps.some((m) => m.celsius === 36.9));
  });

  it('finds a re-plugged adapter by USB identity when its path changes', async () => {
    current = setup();
    const usb = { vendorId: '1a86', productId: '7523' };
    current.serial.plug('/dev/ttyUSB0', { protocol: 'lu90614', temperatureC: 36.5 }, usb);
    await current.manager.configure([{ id: 't', protocol: 'lu90614', match: { vendorId: '1A86', productId: '7523' }, pollMs: 50, medianOf: 1 }]);
    await waitFor(() => current!.manager.health()[0]?.path === '/dev/ttyUSB0' && current!.temps.length > 0);
    current.serial.unplug('/dev/ttyUSB0');
    current.serial.plug('/dev/ttyUSB1', { protocol: 'lu90614', temperatureC: 36.5 }, usb);
    await waitFor(() => current!.manager.health()[0]?.path === '/dev/ttyUSB1' && current!.manager.health()[0]?.state === 'connected', 3000);
  });

  it('a device that stops answering polls is reported, not fatal', async () => {
    current = setup();
    current.serial.plug('/dev/ttyMOCK3', { protocol: 'modbus-rtu', temperatureC: 36.5, slave: 9 });
    // The kiosk asks slave 1; the device is slave 9 and stays silent.
    await current.manager.configure([{ id: 'm', protocol: 'modbus-rtu', path: '/dev/ttyMOCK3', pollMs: 50 }]);
    await waitFor(() => current!.manager.health()[0]?.message === 'no_response', 2000);
    expect(current.manager.health()[0]?.state).toBe('connected');
  });

  it('a malformed entry is reported and skipped; the other devices run', async () => {
    current = setup();
    current.serial.plug('/dev/ttyMOCK4', { protocol: 'lu90614', temperatureC: 36.5 });
    await current.manager.configure([
      { id: 'Bad Id!', protocol: 'lu90614', path: '/dev/x' },
      { id: 'no-path', protocol: 'lu90614' },
      { id: 'ok', protocol: 'lu90614', path: '/dev/ttyMOCK4', pollMs: 50, medianOf: 1 },
      { id: 'ok', protocol: 'serial-line', path: '/dev/ttyMOCK5' },
      'not even an object',
    ]);
    await waitFor(() => current!.temps.length > 0);
    const health = current.manager.health();
    expect(health.filter((h) => h.state === 'invalid').map((h) => h.label)).toEqual([
      expect.stringContaining('id'),
      expect.stringContaining('path'),
      'duplicate device id ok',
      expect.stringContaining('device'),
    ]);
    expect(health.find((h) => h.id === 'ok')?.state).toBe('connected');
  });

  it('flags a stuck sensor after five people measure exactly the same', async () => {
    current = setup();
    const dev = current.serial.plug('/dev/ttyMOCK6', { protocol: 'lu90614', temperatureC: 36.5 });
    await current.manager.configure([{ id: 'gun', protocol: 'lu90614', path: '/dev/ttyMOCK6', pollMs: 50, medianOf: 1 }]);
    for (let person = 0; person < 5; person++) {
      dev.model.setTemperature(36.5);
      await waitFor(() => current!.temps.length === person + 1);
      dev.model.setTemperature(21); // the person steps away
      await new Promise((r) => setTimeout(r, 120));
    }
    expect(current.manager.health()[0]).toMatchObject({ stuck: true, message: 'stuck' });
  });

  it('HID POS scanner through an injected device with multi-report codes', async () => {
    const listeners: Array<(r: Buffer) => void> = [];
    const hid: HidBackend = {
      devices: () => [{ path: 'hid-1', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x8c, usage: 2 }],
      open: () =>
        ({ on: (e: string, l: (r: Buffer) => void) => void (e === 'data' && listeners.push(l)), close: () => {} }) as unknown as ReturnType<HidBackend['open']>,
    };
    current = setup(hid);
    await current.manager.configure([{ id: 'hid-scanner', protocol: 'hid-pos', match: { vendorId: '0c2e' } }]);
    const long = `https://gate.example/p?id=${'x'.repeat(150)}`;
    for (const report of hidPosFrames(long)) listeners.forEach((l) => l(Buffer.from(report)));
    await waitFor(() => current!.scans.length === 1);
    expect(current.scans[0]).toMatchObject({ s: { code: long }, transport: 'hid' });
  });

  it('tests a device on demand and returns its reading', async () => {
    current = setup();
    current.serial.plug('/dev/ttyMOCK7', { protocol: 'lu90614', temperatureC: 36.7 });
    const ok = await current.manager.test({ id: 'probe', protocol: 'lu90614', path: '/dev/ttyMOCK7', pollMs: 50 }, 2000);
    expect(ok).toMatchObject({ ok: true, reading: expect.stringContaining('36.7') });
    const bad = await current.manager.test({ id: 'probe', protocol: 'nope', path: '/dev/ttyMOCK7' }, 1000);
    expect(bad.ok).toBe(false);
    expect(bad.message).toContain('protocol');
  });
});

describe('LU90614 frames are what the module sends', () => {
  it('body mode frame round-trips through the simulator model', () => {
    expect(lu90614Frame(36.6, 'body').length).toBeGreaterThan(0);
  });
});
