/**
 * Speaks a device protocol on a serial path: the far end of a socat pty pair in development, or a
 * binding-mock port in tests. Request/response devices answer what the host sends; streaming ones
 * send on demand (and the GY-MCU90614 at its ~10 Hz once told to stream). Noise and fragmentation
 * are seeded so a failing session can be replayed.
 */
import { SerialPortStream } from '@serialport/stream';
import { createDeviceModel, type DeviceModelOptions } from './deviceModel';
import { randomBytes, randomInt, seededRng, splitAtRandom } from './random';

type Binding = ConstructorParameters<typeof SerialPortStream>[0]['binding'];

export type PtySimulatorOptions = DeviceModelOptions & {
  path: string;
  baudRate?: number;
  /** Probability (0..1) that a burst of 1–8 random bytes precedes a frame. */
  noise?: number;
  /** Cut frames at random points, sending the pieces a few ms apart. */
  split?: boolean;
  seed?: number;
  /** Continuous-output period for a streaming device, ms. */
  streamIntervalMs?: number;
  /** Defaults to the platform binding; tests pass MockBinding. */
  binding?: Binding;
  /** Called with every byte chunk written, for logging. */
  onWrite?: (bytes: Uint8Array) => void;
};

export type PtySimulator = {
  readonly port: SerialPortStream;
  setTemperature(celsius: number): void;
  /** Sends a scan (serial-line scanners); false for devices that cannot scan. */
  scan(code: string): boolean;
  /** Sends the device's current frame unasked (streaming devices); false if it has none. */
  emitFrame(): boolean;
  /** Resolves once everything queued so far is written. */
  flushed(): Promise<void>;
  close(): Promise<void>;
};

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startPtySimulator(opts: PtySimulatorOptions): Promise<PtySimulator> {
  const model = createDeviceModel(opts);
  const rng = seededRng(opts.seed ?? 1);
  // Loaded only when needed: the platform binding is native, and tests with MockBinding need not load it.
  const binding = opts.binding ?? (await import('serialport')).SerialPort.binding;
  const port = new SerialPortStream({
    binding,
    path: opts.path,
    baudRate: opts.baudRate ?? 9600,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));

  // A line scanner cannot tell random text from a code, so its noise is a line of never-valid
  // UTF-8: it exercises the garbage path instead of turning into a wrong pass number.
  const noiseBurst = (): Uint8Array => {
    const burst = randomBytes(rng, randomInt(rng, 1, 8));
    if (opts.protocol !== 'serial-line') return burst;
    return Uint8Array.from([...burst.map((b) => 0xf5 + (b % 11)), 0x0d]);
  };

  let queue = Promise.resolve();
  const write = (bytes: Uint8Array) =>
    new Promise<void>((resolve) => {
      opts.onWrite?.(bytes);
      // A write error means the host end went away; the session ends with the port's close event.
      port.write(Buffer.from(bytes), () => resolve());
    });
  const send = (frame: Uint8Array): void => {
    queue = queue.then(async () => {
      if (opts.noise !== undefined && rng() < opts.noise) await write(noiseBurst());
      if (!opts.split) return write(frame);
      for (const piece of splitAtRandom(frame, rng)) {
        await write(piece);
        await delay(randomInt(rng, 2, 15));
      }
    });
  };

  port.on('data', (chunk: Buffer) => {
    for (const reply of model.onHostBytes(chunk)) send(reply);
  });
  // Errors surface through close; an unhandled 'error' would crash the CLI on host disconnect.
  port.on('error', () => {});

  const timer = setInterval(() => {
    const frame = model.streamFrame();
    if (frame) send(frame);
  }, opts.streamIntervalMs ?? 100);
  timer.unref();

  return {
    port,
    setTemperature: (c) => model.setTemperature(c),
    scan(code) {
      const frame = model.scan(code);
      if (frame) send(frame);
      return frame !== undefined;
    },
    emitFrame() {
      const frame = model.streamFrame();
      if (frame) send(frame);
      return frame !== undefined;
    },
    flushed: () => queue,
    async close() {
      clearInterval(timer);
      await queue;
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}
