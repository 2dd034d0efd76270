/**
 * Runs the configured devices and turns what they say into gate events: a temperature measurement
 * per person (median of N, stuck-sensor watch) and scans. No electron import: the headless host
 * and Electron run the same manager.
 */
import { PROTOCOLS, PROTOCOL_IDS } from '../../../drivers/registry';
import { isHidPosDevice } from '../../../drivers/scanner/hidPos';
import type { DeviceReading, ScanReading } from '../../../drivers/types';
import type { DeviceHealth, PortListing } from '../../shared/contract';
import type { Direction } from '../../shared/domain';
import type { HidBackend, SerialBackend } from './backends';
import { parseDevices, type DeviceConfig, type InvalidDevice } from './deviceConfig';
import { createHidRunner } from './hidRunner';
import { createMeasurementTracker, createStuckDetector, type Measurement } from './measurement';
import { createSerialRunner, type DeviceRunner } from './serialRunner';

export type DeviceManagerDeps = {
  serial: SerialBackend;
  hid: HidBackend;
  /** Readings at or above this mean someone stands at the thermometer (the valid range's floor). */
  presenceC: number;
  onTemperature(m: Measurement): void;
  onScan(s: ScanReading, direction: Direction | undefined, transport: 'serial' | 'hid'): void;
  onStatus(health: DeviceHealth[]): void;
};

type Running = { cfg: DeviceConfig; runner: DeviceRunner; listeners: Set<(r: DeviceReading) => void> };

export class DeviceManager {
  private running = new Map<string, Running>();
  private invalid: InvalidDevice[] = [];
  private statusTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: DeviceManagerDeps) {}

  /** Replaces the running set with `raw` (config.json's devices); bad entries are reported, not fatal. */
  async configure(raw: readonly unknown[]): Promise<void> {
    await this.stop();
    const { devices, invalid } = parseDevices(raw);
    this.invalid = invalid;
    for (const cfg of devices.filter((d) => d.enabled)) {
      const entry: Running = { cfg, runner: this.createRunner(cfg, (r) => this.handle(entry, r)), listeners: new Set() };
      this.running.set(cfg.id, entry);
      entry.runner.start();
    }
    this.pushStatus();
  }

  hasThermometer(): boolean {
    return [...this.running.values()].some((r) => PROTOCOLS[r.cfg.protocol].kind === 'thermometer');
  }

  health(): DeviceHealth[] {
    const live = [...this.running.values()].map((r) => r.runner.health.snapshot(r.runner.stats()));
    const bad: DeviceHealth[] = this.invalid.map((i) => ({
      id: i.id ?? `#${i.index + 1}`,
      label: i.message,
      kind: 'thermometer',
      protocol: '',
      state: 'invalid',
      message: 'invalid_config',
      path: null,
      lastReadingAt: null,
      lastValue: null,
      stuck: false,
      counters: { frames: 0, garbageBytes: 0, badChecksums: 0, exceptions: 0, ioErrors: 0, reconnects: 0 },
    }));
    return [...live, ...bad];
  }

  invalidEntries(): InvalidDevice[] {
    return this.invalid;
  }

  async listPorts(): Promise<PortListing> {
    const errors: string[] = [];
    let serial: PortListing['serial'] = [];
    let hid: PortListing['hid'] = [];
    try {
      serial = (await this.deps.serial.list()).map((p) => ({ ...p }));
    } catch (err) {
      errors.push(`serial: ${(err as Error).message}`);
    }
    try {
      hid = this.deps.hid
        .devices()
        .filter((d) => d.path)
        .map((d) => ({
          path: d.path ?? '',
          vendorId: d.vendorId.toString(16).padStart(4, '0'),
          productId: d.productId.toString(16).padStart(4, '0'),
          ...(d.product ? { product: d.product } : {}),
          ...(d.manufacturer ? { manufacturer: d.manufacturer } : {}),
          ...(d.serialNumber ? { serialNumber: d.serialNumber } : {}),
          isBarcodeScanner: isHidPosDevice(d),
        }));
    } catch (err) {
      errors.push(`hid: ${(err as Error).message}`);
    }
    return { serial, hid, errors };
  }

  /**
   * Waits for one reading from a device as configured in `raw`. A device that is already running
   * is listened to (it cannot be opened twice); anything else is opened just for the test.
   */
  async test(raw: unknown, timeoutMs: number): Promise<{ ok: boolean; reading: string | null; message: string | null }> {
    const { devices, invalid } = parseDevices([raw]);
    const cfg = devices[0];
    if (!cfg) return { ok: false, reading: null, message: invalid[0]?.message ?? 'invalid device' };
    const live = this.running.get(cfg.id);
    const sameAsLive = live !== undefined && JSON.stringify(live.cfg) === JSON.stringify(cfg);
    // A port cannot be opened twice: a running device with other settings pauses for the test.
    if (live && !sameAsLive) await live.runner.stop();
    let temp: DeviceRunner | null = null;
    let got: ((r: DeviceReading) => void) | null = null;
    try {
      const reading = await new Promise<DeviceReading | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), timeoutMs);
        got = (r: DeviceReading): void => {
          clearTimeout(timer);
          resolve(r);
        };
        if (live && sameAsLive) live.listeners.add(got);
        else {
          temp = this.createRunner(cfg, got);
          temp.start();
        }
      });
      if (!reading) return { ok: false, reading: null, message: 'no reading before the time-out' };
      return { ok: true, reading: describe(reading), message: null };
    } finally {
      if (got) live?.listeners.delete(got);
      await (temp as DeviceRunner | null)?.stop();
      if (live && !sameAsLive) live.runner.start();
    }
  }

  async stop(): Promise<void> {
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map((r) => r.runner.stop()));
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = null;
  }

  private createRunner(cfg: DeviceConfig, onReading: (r: DeviceReading) => void): DeviceRunner {
    const onChange = (): void => this.schedulePush();
    return PROTOCOLS[cfg.protocol].transport === 'hid'
      ? createHidRunner(cfg, this.deps.hid, onReading, onChange)
      : createSerialRunner(cfg, this.deps.serial, onReading, onChange);
  }

  private trackers = new Map<string, { measure: ReturnType<typeof createMeasurementTracker>; stuck: ReturnType<typeof createStuckDetector> }>();

  private handle(entry: Running, r: DeviceReading): void {
    const h = entry.runner.health;
    h.lastReadingAt = r.at.toISOString();
    h.lastValue = describe(r);
    if (entry.listeners.size > 0) {
      // A reading taken while staff test the device on the settings screen is not a gate event.
      for (const l of entry.listeners) l(r);
      return;
    }
    if (r.kind === 'scan') {
      this.deps.onScan(r, entry.cfg.direction, PROTOCOLS[entry.cfg.protocol].transport);
    } else {
      let t = this.trackers.get(entry.cfg.id);
      if (!t) {
        t = { measure: createMeasurementTracker({ medianOf: entry.cfg.medianOf, presenceC: this.deps.presenceC, quietMs: Math.max(2000, entry.cfg.pollMs * 4) }), stuck: createStuckDetector() };
        this.trackers.set(entry.cfg.id, t);
      }
      const m = t.measure.push(r);
      if (m) {
        const wasStuck = h.stuck;
        h.stuck = t.stuck.push(m.celsius);
        if (h.stuck !== wasStuck) this.schedulePush();
        this.deps.onTemperature(m);
      }
    }
  }

  /** Status changes come in bursts (a port flapping); the UI gets at most one update per 200 ms. */
  private schedulePush(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.pushStatus();
    }, 200);
  }

  private pushStatus(): void {
    this.deps.onStatus(this.health());
  }
}

function describe(r: DeviceReading): string {
  if (r.kind === 'scan') return r.code.slice(0, 64);
  const body = r.bodyC !== undefined ? ` body ${r.bodyC.toFixed(1)}` : '';
  const ambient = r.ambientC !== undefined ? ` ambient ${r.ambientC.toFixed(1)}` : '';
  return `object ${r.objectC.toFixed(1)}${body}${ambient}`;
}

export const protocolList = () =>
  PROTOCOL_IDS.map((id) => ({ id, kind: PROTOCOLS[id].kind, transport: PROTOCOLS[id].transport, defaultBaud: PROTOCOLS[id].defaultBaud ?? null }));
