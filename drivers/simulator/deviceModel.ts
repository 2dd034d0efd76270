/**
 * The device side of each serial protocol, as pure code: host bytes in, device bytes out. The pty
 * simulator only moves these bytes; tests can drive a model directly.
 */
import { hasValidCrc16Modbus, sum8 } from '../checksum';
import { createFramer, NEED_MORE, NOT_A_FRAME, uint16be, type Framer } from '../framer';
import type { Lu90614Mode } from '../thermometer/lu90614';
import { CALEX_REGISTER_MAP, type ModbusRegisterMap } from '../thermometer/modbusRtu';
import {
  gyMcu90614Frame,
  lu90614Frame,
  modbusRegisters,
  modbusReply,
  scanLineFrame,
  type ThermometerState,
} from './frames';

export type SerialProtocolId = 'modbus-rtu' | 'lu90614' | 'gy-mcu90614' | 'serial-line';
export const SERIAL_PROTOCOL_IDS: readonly SerialProtocolId[] = [
  'modbus-rtu',
  'lu90614',
  'gy-mcu90614',
  'serial-line',
];

export type DeviceModelOptions = {
  protocol: SerialProtocolId;
  temperatureC?: number;
  ambientC?: number;
  /** Modbus: own address (a request to 255 is answered too), map and fixed extra registers. */
  slave?: number;
  map?: ModbusRegisterMap;
  extraRegisters?: Readonly<Record<number, number>>;
  /** LU90614 power-on mode (the module keeps its mode across power cycles). */
  lu90614Mode?: Lu90614Mode;
  /** GY-MCU90614 set to auto-output on power-up: streams before any command. */
  streaming?: boolean;
  /** Serial-line scanner: AIM id to prefix, and line terminator. */
  symbology?: string;
  terminator?: '\r' | '\r\n' | '\n';
};

export type DeviceModel = {
  /** Bytes from the host; returns the replies, in order. */
  onHostBytes(chunk: Uint8Array): Uint8Array[];
  /** The frame a streaming device sends now (GY-MCU90614 in continuous mode), if it streams. */
  streamFrame(): Uint8Array | undefined;
  /** Whether the device currently sends frames without being asked. */
  isStreaming(): boolean;
  setTemperature(celsius: number): void;
  /** A scan (serial-line scanners only; undefined for thermometers). */
  scan(code: string): Uint8Array | undefined;
};

/** Commands framed as `<header> <cmd> <sum8>` (LU90614 `FA`, GY-MCU90614 `A5`). */
function sum8CommandFramer(header: number): Framer {
  return createFramer({
    maxFrameLength: 3,
    frameLength: (buf, i) => (buf[i] === header ? 3 : NOT_A_FRAME),
    checksumOk: (buf, i) => sum8(buf, i, i + 2) === buf[i + 2],
  });
}

function modbusRequestFramer(isMine: (slave: number) => boolean): Framer {
  return createFramer({
    maxFrameLength: 8,
    frameLength(buf, i, end) {
      if (!isMine(buf[i] ?? 0)) return NOT_A_FRAME;
      if (i + 1 >= end) return NEED_MORE;
      const fn = buf[i + 1];
      return fn === 3 || fn === 4 || fn === 6 ? 8 : NOT_A_FRAME;
    },
    checksumOk: (buf, i, len) => hasValidCrc16Modbus(buf, i, i + len),
  });
}

export function createDeviceModel(opts: DeviceModelOptions): DeviceModel {
  const state: ThermometerState = { objectC: opts.temperatureC ?? 36.5, ambientC: opts.ambientC ?? 25 };
  const map = opts.map ?? CALEX_REGISTER_MAP;
  const slave = opts.slave ?? 1;
  let luMode: Lu90614Mode = opts.lu90614Mode ?? 'body';
  let streaming = opts.streaming ?? false;
  const writes = new Map<number, number>();

  const base = {
    setTemperature(celsius: number) {
      state.objectC = celsius;
    },
    scan: (): Uint8Array | undefined => undefined,
    streamFrame: (): Uint8Array | undefined => undefined,
    isStreaming: () => streaming,
  };

  switch (opts.protocol) {
    case 'modbus-rtu': {
      const framer = modbusRequestFramer((b) => b === slave || b === 255);
      return {
        ...base,
        onHostBytes(chunk) {
          const out: Uint8Array[] = [];
          framer.push(chunk, (buf, i, len) => {
            const fn = buf[i + 1] as 3 | 4 | 6;
            const reg = uint16be(buf, i + 2);
            const value = uint16be(buf, i + 4);
            if (fn === 6) {
              writes.set(reg, value);
              out.push(buf.slice(i, i + len));
            } else {
              const regs = modbusRegisters(state, map, {
                ...opts.extraRegisters,
                ...Object.fromEntries(writes),
              });
              out.push(modbusReply({ slave: buf[i] ?? slave, fn, start: reg, count: value }, regs));
            }
            return 'accepted';
          });
          return out;
        },
      };
    }
    case 'lu90614': {
      const framer = sum8CommandFramer(0xfa);
      return {
        ...base,
        onHostBytes(chunk) {
          const out: Uint8Array[] = [];
          framer.push(chunk, (buf, i) => {
            const cmd = buf[i + 1];
            if (cmd === 0xc5) luMode = 'body';
            else if (cmd === 0xc6) luMode = 'object';
            else if (cmd === 0xca) out.push(lu90614Frame(state.objectC, luMode));
            return 'accepted';
          });
          return out;
        },
      };
    }
    case 'gy-mcu90614': {
      const framer = sum8CommandFramer(0xa5);
      return {
        ...base,
        streamFrame: () => (streaming ? gyMcu90614Frame(state) : undefined),
        onHostBytes(chunk) {
          const out: Uint8Array[] = [];
          framer.push(chunk, (buf, i) => {
            const cmd = buf[i + 1];
            if (cmd === 0x15) out.push(gyMcu90614Frame(state));
            else if (cmd === 0x45) streaming = true;
            return 'accepted';
          });
          return out;
        },
      };
    }
    case 'serial-line':
      return {
        ...base,
        onHostBytes: () => [],
        scan: (code) => scanLineFrame(code, opts.symbology, opts.terminator),
      };
  }
}
