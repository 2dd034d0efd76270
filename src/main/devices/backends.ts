/**
 * The only place that touches serialport and node-hid. Everything above works on these small
 * interfaces so tests can inject @serialport/binding-mock ports or captured HID reports.
 */
export type PortInfo = { path: string; manufacturer?: string; serialNumber?: string; vendorId?: string; productId?: string };

export type PortLike = {
  open(cb: (err: Error | null) => void): void;
  write(data: Uint8Array): void;
  close(cb?: (err: Error | null) => void): void;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'close', listener: (err?: Error | null) => void): unknown;
  removeAllListeners(): unknown;
  readonly isOpen: boolean;
};

export type SerialBackend = {
  open(opts: { path: string; baudRate: number }): PortLike;
  list(): Promise<PortInfo[]>;
};

export type HidInfo = { path?: string; vendorId: number; productId: number; serialNumber?: string; product?: string; manufacturer?: string; usagePage?: number; usage?: number };

export type HidLike = {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  close(): void;
};

export type HidBackend = { devices(): HidInfo[]; open(path: string): HidLike };

/** serialport, loaded on first use: a gate with no serial device never pays for it. */
export function nodeSerialBackend(): SerialBackend {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (): typeof import('serialport') => require('serialport') as typeof import('serialport');
  return {
    open: ({ path, baudRate }) => new (load().SerialPort)({ path, baudRate, autoOpen: false }) as unknown as PortLike,
    list: async () => (await load().SerialPort.list()) as PortInfo[],
  };
}

/** node-hid needs libusb/hidraw; where it cannot load, HID devices are reported, not fatal. */
export function nodeHidBackend(): HidBackend {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (): typeof import('node-hid') => require('node-hid') as typeof import('node-hid');
  return {
    devices: () => load().devices() as HidInfo[],
    open: (path) => new (load().HID)(path) as unknown as HidLike,
  };
}
