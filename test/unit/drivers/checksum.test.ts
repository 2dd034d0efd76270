import { describe, expect, it } from 'vitest';
import { crc16Modbus, hasValidCrc16Modbus, sum8, withCrc16Modbus, withSum8 } from '../../../drivers/checksum';
import { hex, toHex } from './bytes';

describe('CRC-16/MODBUS (hardware.md §1.1)', () => {
  it('check value: "123456789" → 0x4B37, wire bytes 37 4B', () => {
    const ascii = new TextEncoder().encode('123456789');
    expect(crc16Modbus(ascii)).toBe(0x4b37);
    expect(toHex(withCrc16Modbus(ascii).subarray(9))).toBe('37 4B');
  });

  it('01 03 00 00 00 01 → wire 84 0A (Campbell forum frame)', () => {
    expect(toHex(withCrc16Modbus(hex('01 03 00 00 00 01')))).toBe('01 03 00 00 00 01 84 0A');
  });

  // §1.1: Hukseflux SR05 manual p.55, all four frames.
  it.each([
    '40 03 10 06 00 01 6F DA',
    '40 03 02 08 B1 43 FF',
    '40 03 10 28 00 01 0F D3',
    '40 03 02 0A 29 43 35',
  ])('reproduces the Hukseflux frame %s', (frame) => {
    const bytes = hex(frame);
    expect(toHex(withCrc16Modbus(bytes.subarray(0, -2)))).toBe(frame);
    expect(hasValidCrc16Modbus(bytes, 0, bytes.length)).toBe(true);
  });

  it('checks a range in place and rejects a corrupted CRC byte', () => {
    const buf = hex('AA BB 01 03 00 00 00 01 84 0A CC');
    expect(hasValidCrc16Modbus(buf, 2, 10)).toBe(true);
    buf[9] = 0x0b;
    expect(hasValidCrc16Modbus(buf, 2, 10)).toBe(false);
    expect(hasValidCrc16Modbus(buf, 0, 2)).toBe(false);
  });
});

describe('sum8 (hardware.md §1.1)', () => {
  it('5A 5A 45 04 0E 42 09 D0 → 26', () => {
    expect(sum8(hex('5A 5A 45 04 0E 42 09 D0'))).toBe(0x26);
    expect(toHex(withSum8(hex('5A 5A 45 04 0E 42 09 D0')))).toBe('5A 5A 45 04 0E 42 09 D0 26');
  });

  it('over a sub-range', () => {
    expect(sum8(hex('00 FE AA 28 1E 00 00 00 00 EE'), 1, 9)).toBe(0xee);
  });
});
