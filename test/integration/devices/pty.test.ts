import { afterEach, describe, expect, it } from 'vitest';
import { startPtySimulator, type PtySimulator } from '../../../drivers/simulator/ptySimulator';
import type { DeviceReading, TemperatureReading } from '../../../drivers/types';
import { nodeSerialBackend } from '../../../src/main/devices/backends';
import { createSerialRunner, type DeviceRunner } from '../../../src/main/devices/serialRunner';
import { DeviceConfig } from '../../../src/main/devices/deviceConfig';
import { waitFor } from '../../helpers/mockSerial';
import { ptyPair } from '../../helpers/socat';
import { tempDir } from '../../helpers/tmp';

// The real serialport on a real pseudo-terminal (socat), the simulator on the other end.
let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe('serial path over a socat pseudo-terminal', () => {
  it('every valid reading arrives in order through noise and split frames; a reopened PTY reconnects within 2 s', async () => {
    const tmp = tempDir('gatehouse-pty-');
    cleanups.push(tmp.cleanup);
    let pty = await ptyPair(tmp.dir);
    cleanups.push(() => pty.stop());

    const readings: DeviceReading[] = [];
    const cfg = DeviceConfig.parse({ id: 'gy', protocol: 'gy-mcu90614', path: pty.kiosk });
    // Polling is off (huge interval): the simulator streams, as a GY-MCU90614 set to auto-output does.
    const runner: DeviceRunner = createSerialRunner({ ...cfg, pollMs: 10_000 }, nodeSerialBackend(), (r) => readings.push(r), () => {});
    runner.start();
    cleanups.push(() => runner.stop());
    await waitFor(() => runner.health.state === 'connected', 3000);

    let sim: PtySimulator = await startPtySimulator({ protocol: 'gy-mcu90614', path: pty.device, noise: 0.5, split: true, seed: 7, streaming: true, streamIntervalMs: 1_000_000, ambientC: 23 });
    cleanups.push(() => sim.close());
    const sent = Array.from({ length: 60 }, (_, i) => Math.round((35 + (i % 30) * 0.1) * 100) / 100);
    for (const c of sent) {
      sim.setTemperature(c);
      sim.emitFrame();
    }
    await sim.flushed();
    await waitFor(() => readings.length >= sent.length, 10_000);
    const got = (readings as TemperatureReading[]).map((r) => Math.round(r.objectC * 100) / 100);
    expect(got).toEqual(sent);
    expect(runner.stats().garbageBytes).toBeGreaterThan(0);

    // Pull the PTY away and bring it back at the same path.
    await sim.close();
    await pty.stop();
    await waitFor(() => runner.health.state === 'disconnected', 3000);
    pty = await ptyPair(tmp.dir);
    const t0 = Date.now();
    await waitFor(() => runner.health.state === 'connected', 2000);
    expect(Date.now() - t0).toBeLessThan(2000);
    sim = await startPtySimulator({ protocol: 'gy-mcu90614', path: pty.device, streaming: true, streamIntervalMs: 1_000_000, temperatureC: 36.9, ambientC: 23 });
    sim.emitFrame();
    await waitFor(() => (readings.at(-1) as TemperatureReading | undefined)?.objectC === 36.9, 3000);
  }, 30_000);
});
