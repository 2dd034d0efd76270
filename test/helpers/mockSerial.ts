/**
 * Serial devices for tests on @serialport/binding-mock: each mock path gets a device model from
 * drivers/simulator that answers what the host writes, so the device manager's real serialport
 * stream, polling and decoding run unchanged.
 */
import type { CreatePortOptions } from '@serialport/binding-mock';
import { SerialPortMock } from 'serialport';
import { createDeviceModel, type DeviceModel, type DeviceModelOptions } from '../../drivers/simulator/deviceModel';
import type { PortLike, SerialBackend } from '../../src/main/devices/backends';

// The binding serialport itself loaded: importing @serialport/binding-mock here would give vitest's
// ESM copy, whose list of mock ports serialport's CommonJS copy never sees.
const MockBinding = SerialPortMock.binding as unknown as {
  createPort(path: string, opt?: CreatePortOptions): void;
  reset(): void;
  list(): Promise<Array<{ path: string; serialNumber?: string | null; vendorId?: string; productId?: string; manufacturer?: string }>>;
};

type MockBindingPort = { emitData(d: Buffer): void; pendingRead: ((err?: Error) => void) | null; isOpen: boolean };

export type MockDevice = { model: DeviceModel; port: SerialPortMock | null };

export function mockSerial() {
  const devices = new Map<string, MockDevice>();
  const backend: SerialBackend = {
    open({ path, baudRate }) {
      const port = new SerialPortMock({ path, baudRate, autoOpen: false });
      const dev = devices.get(path);
      if (dev) dev.port = port;
      const write = port.write.bind(port);
      (port as unknown as PortLike).write = (data: Uint8Array) => {
        write(Buffer.from(data));
        const replies = dev?.model.onHostBytes(data) ?? [];
        setTimeout(() => {
          // The test may have closed the port (teardown) before the device's answer is due.
          const b = binding(port);
          if (b?.isOpen) replies.forEach((r) => b.emitData(Buffer.from(r)));
        }, 2);
      };
      return port as unknown as PortLike;
    },
    list: async () => (await MockBinding.list()).map((p) => ({ ...p, serialNumber: p.serialNumber ?? undefined })) as Awaited<ReturnType<SerialBackend['list']>>,
  };
  return {
    backend,
    /** Plugs a device in at `path`. */
    plug(path: string, model: DeviceModelOptions, usb: { vendorId?: string; productId?: string } = {}): MockDevice {
      MockBinding.createPort(path, { echo: false, record: true, ...usb });
      const dev: MockDevice = { model: createDeviceModel(model), port: null };
      devices.set(path, dev);
      return dev;
    },
    /** The device sends bytes unasked (a scanner, a streaming thermometer). */
    emit(path: string, bytes: Uint8Array): void {
      const port = devices.get(path)?.port;
      const b = port ? binding(port) : undefined;
      if (b?.isOpen) b.emitData(Buffer.from(bytes));
    },
    /** Pulls the cable: the pending read fails as disconnected and the path disappears. */
    unplug(path: string): void {
      const port = devices.get(path)?.port;
      const b = port ? binding(port) : undefined;
      devices.delete(path);
      b?.pendingRead?.(Object.assign(new Error('device unplugged'), { disconnected: true }));
      MockBinding.reset();
      for (const [p] of devices) MockBinding.createPort(p, { echo: false, record: true });
    },
    reset(): void {
      devices.clear();
      MockBinding.reset();
    },
  };
}

function binding(port: SerialPortMock): MockBindingPort | undefined {
  return (port as unknown as { port?: MockBindingPort }).port;
}

export const waitFor = async (pred: () => boolean, timeoutMs = 3000, stepMs = 10): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, stepMs));
  }
};
