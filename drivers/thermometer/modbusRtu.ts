/**
 * Modbus RTU master side for IR pyrometers (hardware.md §2.1): read-request encoding and a decoder
 * for the 03/04 reply to one known request. RTU frames are delimited by line silence, which USB
 * adapters destroy (FTDI latency timer), so the decoder frames by the expected length instead and
 * resynchronises on CRC-valid candidates from the expected slave and function.
 */
import { hasValidCrc16Modbus, withCrc16Modbus } from '../checksum';
import { createFramer, inRange, int16be, NEED_MORE, NOT_A_FRAME, uint16be, type RangeC } from '../framer';
import type { StreamDecoder, TemperatureReading } from '../types';

export type ModbusReadRequest = { slave: number; fn: 3 | 4; start: number; count: number };

/** Vendor register layout: which registers hold what. Data, not code (hardware.md §2.1). */
export type ModbusRegisterMap = {
  object: number;
  ambient?: number;
  status?: number;
  /** °C = raw / divisor. */
  divisor: number;
  signed: boolean;
  /** Status bits that make the frame's reading untrustworthy; such frames count as exceptions. */
  statusErrorMask: number;
  objectRangeC: RangeC;
  ambientRangeC: RangeC;
};

/**
 * Calex PyroUSB (manual pp. 11–12): tenths of °C, assumed int16. Status b0–b4 are measurement
 * error and sensor/object out of range, all of which void the value. The ranges are the widest
 * spans of the PyroUSB / OS-MINI models and an electronics head; anything outside is corrupt.
 */
export const CALEX_REGISTER_MAP: ModbusRegisterMap = {
  object: 0x12,
  ambient: 0x14,
  status: 0x15,
  divisor: 10,
  signed: true,
  statusErrorMask: 0x1f,
  objectRangeC: { minC: -50, maxC: 1000 },
  ambientRangeC: { minC: -40, maxC: 125 },
};

/** Modbus exception codes (application protocol spec). */
export const MODBUS_EXCEPTIONS: Readonly<Record<number, string>> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'server device failure',
};

const isByte = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xff;
const isWord = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xffff;

/** Bad arguments are a programming error, so encoders throw (decoders never do). */
export function encodeReadRequest(req: ModbusReadRequest): Uint8Array {
  const { slave, fn, start, count } = req;
  if (!isByte(slave) || slave === 0)
    throw new RangeError(`Modbus slave must be 1..255 (0 is broadcast, never answered): ${slave}`);
  if (fn !== 3 && fn !== 4) throw new RangeError(`Modbus read function must be 3 or 4: ${String(fn)}`);
  if (!isWord(start) || !Number.isInteger(count) || count < 1 || count > 125 || start + count > 0x10000)
    throw new RangeError(`Modbus read of ${count} registers at ${start} is out of range`);
  return withCrc16Modbus(Uint8Array.of(slave, fn, start >> 8, start & 0xff, count >> 8, count & 0xff));
}

/** Function 06, e.g. emissivity; the device echoes the request. */
export function encodeWriteSingleRegister(w: { slave: number; register: number; value: number }): Uint8Array {
  if (!isByte(w.slave) || !isWord(w.register) || !isWord(w.value))
    throw new RangeError('Modbus write single register out of range');
  return withCrc16Modbus(
    Uint8Array.of(w.slave, 6, w.register >> 8, w.register & 0xff, w.value >> 8, w.value & 0xff),
  );
}

/** Device side of a 03/04 read (used by the simulator): raw register words. */
export function encodeReadResponse(r: {
  slave: number;
  fn: 3 | 4;
  registers: readonly number[];
}): Uint8Array {
  const out = new Uint8Array(3 + r.registers.length * 2);
  out[0] = r.slave;
  out[1] = r.fn;
  out[2] = r.registers.length * 2;
  r.registers.forEach((word, k) => {
    out[3 + 2 * k] = (word >> 8) & 0xff;
    out[4 + 2 * k] = word & 0xff;
  });
  return withCrc16Modbus(out);
}

export function encodeExceptionResponse(r: { slave: number; fn: number; code: number }): Uint8Array {
  return withCrc16Modbus(Uint8Array.of(r.slave, (r.fn | 0x80) & 0xff, r.code));
}

/** The smallest read covering every register the map names. */
export function requestForMap(map: ModbusRegisterMap, slave = 1, fn: 3 | 4 = 3): ModbusReadRequest {
  const regs = [map.object, map.ambient, map.status].filter((r): r is number => r !== undefined);
  const start = Math.min(...regs);
  return { slave, fn, start, count: Math.max(...regs) - start + 1 };
}

/** °C → the raw word a device with this map would hold (simulator and tests). */
export function toRegisterWord(celsius: number, map: ModbusRegisterMap): number {
  return Math.round(celsius * map.divisor) & 0xffff;
}

export type ModbusDecoderOptions = { deviceId: string; request: ModbusReadRequest; map?: ModbusRegisterMap };

export type ModbusDecoder = StreamDecoder<TemperatureReading> & {
  /** The code of the most recent exception reply, for health reporting. */
  lastExceptionCode(): number | undefined;
};

export function createModbusDecoder(opts: ModbusDecoderOptions): ModbusDecoder {
  const { request, deviceId } = opts;
  const map = opts.map ?? CALEX_REGISTER_MAP;
  const offsetOf = (reg: number | undefined): number | undefined =>
    reg !== undefined && reg >= request.start && reg < request.start + request.count
      ? 3 + 2 * (reg - request.start)
      : undefined;
  const objectAt = offsetOf(map.object);
  if (objectAt === undefined)
    throw new RangeError(`the request does not read the object register ${map.object}`);
  const ambientAt = offsetOf(map.ambient);
  const statusAt = offsetOf(map.status);
  const byteCount = request.count * 2;
  const replyLength = 5 + byteCount;
  const exceptionFn = request.fn | 0x80;
  // Address 255 reaches whichever single sensor is on the line; it may answer with its own address.
  const slaveOk = request.slave === 255 ? (b: number) => b !== 0 : (b: number) => b === request.slave;
  const word = (buf: Uint8Array, i: number): number => (map.signed ? int16be(buf, i) : uint16be(buf, i));
  let lastException: number | undefined;

  const framer = createFramer({
    maxFrameLength: replyLength,
    frameLength(buf, i, end) {
      if (!slaveOk(buf[i] ?? 0)) return NOT_A_FRAME;
      if (i + 1 >= end) return NEED_MORE;
      const fn = buf[i + 1];
      if (fn === exceptionFn) return 5;
      if (fn !== request.fn) return NOT_A_FRAME;
      if (i + 2 >= end) return NEED_MORE;
      return buf[i + 2] === byteCount ? replyLength : NOT_A_FRAME;
    },
    checksumOk: (buf, i, len) => hasValidCrc16Modbus(buf, i, i + len),
  });

  return {
    push(chunk, at) {
      const out: TemperatureReading[] = [];
      framer.push(chunk, (buf, i) => {
        if (buf[i + 1] === exceptionFn) {
          framer.stats.exceptions++;
          lastException = buf[i + 2];
          return 'accepted';
        }
        const objectC = word(buf, i + objectAt) / map.divisor;
        const ambientC = ambientAt === undefined ? undefined : word(buf, i + ambientAt) / map.divisor;
        if (!inRange(objectC, map.objectRangeC)) return 'rejected';
        if (ambientC !== undefined && !inRange(ambientC, map.ambientRangeC)) return 'rejected';
        if (statusAt !== undefined && (uint16be(buf, i + statusAt) & map.statusErrorMask) !== 0) {
          framer.stats.exceptions++;
          return 'accepted';
        }
        framer.stats.frames++;
        out.push(
          ambientC === undefined
            ? { kind: 'temperature', objectC, deviceId, at }
            : { kind: 'temperature', objectC, ambientC, deviceId, at },
        );
        return 'accepted';
      });
      return out;
    },
    stats: () => ({ ...framer.stats }),
    reset() {
      framer.reset();
      lastException = undefined;
    },
    lastExceptionCode: () => lastException,
  };
}
