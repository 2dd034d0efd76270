/**
 * Pure frame generators: what each device would send for a temperature or a code. They reuse the
 * drivers' own device-side encoders, so a simulator and a decoder cannot drift apart silently
 * (the fixtures in hardware.md pin both).
 */
import { encodeHidPosReports } from '../scanner/hidPos';
import { encodeScanLine } from '../scanner/serialLine';
import { encodeGyMcu90614Frame } from '../thermometer/gyMcu90614';
import { encodeLu90614Reading, type Lu90614Mode } from '../thermometer/lu90614';
import {
  CALEX_REGISTER_MAP,
  encodeExceptionResponse,
  encodeReadResponse,
  toRegisterWord,
  type ModbusReadRequest,
  type ModbusRegisterMap,
} from '../thermometer/modbusRtu';

export type ThermometerState = {
  objectC: number;
  ambientC: number;
  /** Raw status word (Modbus); 0 = healthy. */
  status?: number;
};

/** Register words a device with this map holds for the state; extra registers are fixed words. */
export function modbusRegisters(
  state: ThermometerState,
  map: ModbusRegisterMap = CALEX_REGISTER_MAP,
  extra: Readonly<Record<number, number>> = {},
): Map<number, number> {
  const regs = new Map<number, number>(Object.entries(extra).map(([k, v]) => [Number(k), v & 0xffff]));
  regs.set(map.object, toRegisterWord(state.objectC, map));
  if (map.ambient !== undefined) regs.set(map.ambient, toRegisterWord(state.ambientC, map));
  if (map.status !== undefined) regs.set(map.status, (state.status ?? 0) & 0xffff);
  return regs;
}

/**
 * The reply to a read. Like the Calex, unknown registers inside a small window read as 0; a read
 * reaching past the last register the device has gets exception 02 (illegal data address).
 */
export function modbusReply(
  req: ModbusReadRequest,
  regs: ReadonlyMap<number, number>,
  lastRegister = 0x1f,
): Uint8Array {
  if (req.start + req.count - 1 > lastRegister)
    return encodeExceptionResponse({ slave: req.slave, fn: req.fn, code: 2 });
  const words = Array.from({ length: req.count }, (_, k) => regs.get(req.start + k) ?? 0);
  return encodeReadResponse({ slave: req.slave, fn: req.fn, registers: words });
}

export const lu90614Frame = (celsius: number, mode: Lu90614Mode): Uint8Array =>
  encodeLu90614Reading(celsius, mode);

export const gyMcu90614Frame = (state: ThermometerState): Uint8Array =>
  encodeGyMcu90614Frame(state.objectC, state.ambientC);

export const scanLineFrame = (
  code: string,
  symbology?: string,
  terminator: '\r' | '\r\n' | '\n' = '\r',
): Uint8Array => encodeScanLine(code, symbology === undefined ? { terminator } : { symbology, terminator });

export const hidPosFrames = (code: string, symbology = ']Q1'): Uint8Array[] =>
  encodeHidPosReports(code, { symbology });
