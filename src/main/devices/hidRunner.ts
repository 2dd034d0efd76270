/**
 * One HID POS scanner (usage page 0x8C) read with node-hid. Keyboard-mode scanners are not here:
 * the OS owns them and they arrive as keystrokes in the UI (wedge detection).
 */
import { PROTOCOLS } from '../../../drivers/registry';
import { isHidPosDevice } from '../../../drivers/scanner/hidPos';
import type { ScanReading } from '../../../drivers/types';
import type { HidBackend, HidInfo, HidLike } from './backends';
import type { DeviceConfig } from './deviceConfig';
import { HealthRecord } from './health';
import { RECONNECT_DELAYS_MS, type DeviceRunner } from './serialRunner';

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

export function findHid(devices: readonly HidInfo[], cfg: DeviceConfig): HidInfo | undefined {
  if (cfg.match) {
    const m = cfg.match;
    return devices.find(
      (d) =>
        hex4(d.vendorId) === m.vendorId.toLowerCase() &&
        (m.productId === undefined || hex4(d.productId) === m.productId.toLowerCase()) &&
        (m.serialNumber === undefined || d.serialNumber === m.serialNumber) &&
        (d.usagePage === undefined || isHidPosDevice(d)),
    );
  }
  return devices.find((d) => d.path === cfg.path);
}

export function createHidRunner(cfg: DeviceConfig, backend: HidBackend, onReading: (r: ScanReading) => void, onChange: () => void): DeviceRunner {
  const health = new HealthRecord(cfg.id, cfg.label ?? cfg.id, 'scanner', cfg.protocol);
  const decoder = PROTOCOLS['hid-pos'].createDecoder({ deviceId: cfg.id });
  let dev: HidLike | null = null;
  let stopped = false;
  let attempt = 0;
  let everConnected = false;
  let retryTimer: NodeJS.Timeout | null = null;

  const set = (state: HealthRecord['state'], message: HealthRecord['message']): void => {
    health.state = state;
    health.message = message;
    onChange();
  };
  const retry = (message: HealthRecord['message']): void => {
    dev = null;
    if (stopped) return;
    set(everConnected || attempt > 0 ? 'disconnected' : 'connecting', message);
    retryTimer = setTimeout(connect, RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]);
    attempt += 1;
  };
  function connect(): void {
    if (stopped) return;
    let info: HidInfo | undefined;
    try {
      info = findHid(backend.devices(), cfg);
    } catch {
      retry('hid_unavailable');
      return;
    }
    if (!info?.path) {
      retry('not_found');
      return;
    }
    try {
      const d = backend.open(info.path);
      dev = d;
      health.path = info.path;
      if (attempt > 0) health.reconnects += 1;
      attempt = 0;
      decoder.reset();
      d.on('data', (report: Buffer) => decoder.push(report, new Date()).forEach(onReading));
      d.on('error', () => {
        health.ioErrors += 1;
        try {
          d.close();
        } catch {
          // already gone with the device
        }
        if (dev === d) retry('disconnected');
      });
      everConnected = true;
      set('connected', null);
    } catch {
      health.ioErrors += 1;
      retry('open_failed');
    }
  }
  return {
    health,
    stats: () => decoder.stats(),
    start() {
      stopped = false;
      connect();
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      try {
        dev?.close();
      } catch {
        // closing a vanished device
      }
      dev = null;
    },
  };
}
