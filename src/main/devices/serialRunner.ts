/**
 * One serial device: open, (poll), decode, and come back after an unplug. Reconnects back off from
 * 200 ms to 1 s: an open attempt on a missing path costs nothing, and a guard who re-plugs a cable
 * expects it to work at once. When the device has a USB identity (`match`), each reconnect looks it
 * up again, because a re-plugged adapter often comes back as /dev/ttyUSB1 instead of ttyUSB0.
 */
import { PROTOCOLS } from '../../../drivers/registry';
import type { DeviceReading, StreamDecoder } from '../../../drivers/types';
import type { PortInfo, PortLike, SerialBackend } from './backends';
import type { DeviceConfig } from './deviceConfig';
import { HealthRecord } from './health';

export const RECONNECT_DELAYS_MS = [200, 400, 800, 1000] as const;
/** Polls without any reply before the device is reported as not answering. */
const SILENT_POLLS = 8;

export type DeviceRunner = {
  readonly health: HealthRecord;
  start(): void;
  stop(): Promise<void>;
  stats(): ReturnType<StreamDecoder<DeviceReading>['stats']>;
};

export function matchPort(ports: readonly PortInfo[], m: NonNullable<DeviceConfig['match']>): PortInfo | undefined {
  const same = (a: string | undefined, b: string | undefined): boolean => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
  return ports.find(
    (p) => same(p.vendorId, m.vendorId) && (m.productId === undefined || same(p.productId, m.productId)) && (m.serialNumber === undefined || p.serialNumber === m.serialNumber),
  );
}

export function createSerialRunner(
  cfg: DeviceConfig,
  backend: SerialBackend,
  onReading: (r: DeviceReading) => void,
  onChange: () => void,
): DeviceRunner {
  const protocol = PROTOCOLS[cfg.protocol];
  const health = new HealthRecord(cfg.id, cfg.label ?? cfg.id, protocol.kind, cfg.protocol);
  const opts = { deviceId: cfg.id, ...(cfg.modbus ?? {}), ...(cfg.lu90614Mode ? { mode: cfg.lu90614Mode } : {}) };
  const decoder = (protocol.createDecoder as (o: typeof opts) => StreamDecoder<DeviceReading>)(opts);
  const poll = protocol.pollCommand ? (protocol.pollCommand as (o: typeof opts) => Uint8Array)(opts) : null;
  const init = protocol.initCommands ? (protocol.initCommands as (o: typeof opts) => Uint8Array[])(opts) : [];
  let port: PortLike | null = null;
  let stopped = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let pollTimer: NodeJS.Timeout | null = null;
  let unanswered = 0;

  const set = (state: HealthRecord['state'], message: HealthRecord['message']): void => {
    if (health.state === state && health.message === message) return;
    health.state = state;
    health.message = message;
    onChange();
  };

  const scheduleReconnect = (message: HealthRecord['message']): void => {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
    port?.removeAllListeners();
    port = null;
    if (stopped) return;
    set(attempt === 0 && health.state === 'connecting' ? 'connecting' : 'disconnected', message);
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)];
    attempt += 1;
    retryTimer = setTimeout(() => void connect(), delay);
  };

  const resolvePath = async (): Promise<string | null> => {
    if (cfg.match) {
      try {
        const found = matchPort(await backend.list(), cfg.match);
        if (found) return found.path;
      } catch {
        // Listing needs udev; fall back to the configured path.
      }
    }
    return cfg.path ?? null;
  };

  const connect = async (): Promise<void> => {
    retryTimer = null;
    if (stopped) return;
    const path = await resolvePath();
    if (stopped) return;
    if (!path) {
      scheduleReconnect('not_found');
      return;
    }
    health.path = path;
    const p = backend.open({ path, baudRate: cfg.baudRate ?? protocol.defaultBaud ?? 9600 });
    port = p;
    p.on('data', (data: Buffer) => {
      unanswered = 0;
      const readings = decoder.push(data, new Date());
      if (health.message === 'no_response') set('connected', null);
      for (const r of readings) onReading(r);
    });
    p.on('error', () => {
      health.ioErrors += 1;
    });
    p.on('close', () => {
      if (port !== p) return;
      health.ioErrors += 1;
      scheduleReconnect('disconnected');
    });
    p.open((err) => {
      if (port !== p) return;
      if (err) {
        health.ioErrors += 1;
        scheduleReconnect('open_failed');
        return;
      }
      if (attempt > 0) health.reconnects += 1;
      attempt = 0;
      decoder.reset();
      set('connected', null);
      for (const cmd of init) p.write(cmd);
      if (poll) {
        pollTimer = setInterval(() => {
          unanswered += 1;
          if (unanswered === SILENT_POLLS) set('connected', 'no_response');
          p.write(poll);
        }, cfg.pollMs);
      }
    });
  };

  return {
    health,
    stats: () => decoder.stats(),
    start() {
      stopped = false;
      void connect();
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (pollTimer) clearInterval(pollTimer);
      const p = port;
      port = null;
      p?.removeAllListeners();
      if (p?.isOpen) await new Promise<void>((resolve) => p.close(() => resolve()));
    },
  };
}
