/**
 * Checksums used by the device protocols (hardware.md §1.1). Functions take an explicit byte range
 * so decoders can check a candidate frame in place, without copying it out of their buffer.
 */

// Table-driven: the decoders check a CRC at every candidate position while resynchronising.
const CRC16_MODBUS_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-16/MODBUS (init 0xFFFF, reflected poly 0xA001, no final XOR) over bytes[start, end). */
export function crc16Modbus(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc = (crc >>> 8) ^ (CRC16_MODBUS_TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  }
  return crc;
}

/** The bytes followed by their CRC-16/MODBUS, low byte first as it goes on the wire. */
export function withCrc16Modbus(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 2);
  out.set(bytes);
  const crc = crc16Modbus(bytes);
  out[bytes.length] = crc & 0xff;
  out[bytes.length + 1] = crc >>> 8;
  return out;
}

/** Whether bytes[start, end) ends with a valid CRC-16/MODBUS over the bytes before it. */
export function hasValidCrc16Modbus(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start < 3) return false;
  const crc = crc16Modbus(bytes, start, end - 2);
  return bytes[end - 2] === (crc & 0xff) && bytes[end - 1] === crc >>> 8;
}

/** sum8: (Σ bytes[start, end)) & 0xFF. */
export function sum8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += bytes[i] ?? 0;
  return sum & 0xff;
}

/** The bytes followed by their sum8. */
export function withSum8(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = sum8(bytes);
  return out;
}
