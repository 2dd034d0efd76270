import { describe, expect, it } from 'vitest';
import { findAllowed, isProtocolId, PROTOCOL_IDS, PROTOCOLS } from '../../../drivers/registry';
import { HID_POS_LAYOUTS } from '../../../drivers/scanner/hidPos';
import { encodeReadRequest, encodeReadResponse } from '../../../drivers/thermometer/modbusRtu';
import { AT, hex, toHex } from './bytes';

describe('protocol registry', () => {
  it('lists the five protocols with their kind and transport', () => {
    expect(
      PROTOCOL_IDS.map((id) => [
        id,
        PROTOCOLS[id].kind,
        PROTOCOLS[id].transport,
        PROTOCOLS[id].requestResponse,
      ]),
    ).toEqual([
      ['modbus-rtu', 'thermometer', 'serial', true],
      ['lu90614', 'thermometer', 'serial', true],
      ['gy-mcu90614', 'thermometer', 'serial', true],
      ['serial-line', 'scanner', 'serial', false],
      ['hid-pos', 'scanner', 'hid', false],
    ]);
    expect(isProtocolId('lu90614')).toBe(true);
    expect(isProtocolId('toString')).toBe(false);
  });

  it('every request/response protocol has a poll command, and it matches hardware.md', () => {
    const polls = PROTOCOL_IDS.filter((id) => PROTOCOLS[id].requestResponse).map((id) => {
      const entry = PROTOCOLS[id];
      return [id, entry.pollCommand ? toHex(entry.pollCommand({ deviceId: 'd' })) : undefined];
    });
    expect(polls).toEqual([
      ['modbus-rtu', '01 03 00 12 00 04 E4 0C'], // §2.1
      ['lu90614', 'FA CA C4'], // §2.4
      ['gy-mcu90614', 'A5 15 BA'], // §2.3
    ]);
    expect(PROTOCOLS.lu90614.initCommands?.({ deviceId: 'd' }).map(toHex)).toEqual(['FA C5 BF']);
    expect(PROTOCOLS.lu90614.initCommands?.({ deviceId: 'd', mode: 'object' }).map(toHex)).toEqual([
      'FA C6 C0',
    ]);
  });

  it('generic use: the decoder from the registry reads the fixture replies', () => {
    const cases = [
      ['modbus-rtu', '01 03 08 01 6D 01 6E 00 F8 00 00 81 34'],
      ['lu90614', 'FE AC 24 4B 00 00 00 00 19'],
      ['gy-mcu90614', '5A 5A 45 04 0E 42 09 D0 26'],
    ] as const;
    for (const [id, frame] of cases) {
      const readings = PROTOCOLS[id].createDecoder({ deviceId: id }).push(hex(frame), AT);
      expect(readings, id).toHaveLength(1);
    }
    expect(
      PROTOCOLS['serial-line']
        .createDecoder({ deviceId: 's' })
        .push(new TextEncoder().encode(']Q1HM00001\r'), AT)[0]?.code,
    ).toBe('HM00001');
  });

  it('a slave address and FC04 flow into both the poll and the decoder', () => {
    const opts = { deviceId: 'p', slave: 255, fn: 4 as const };
    const poll = PROTOCOLS['modbus-rtu'].pollCommand?.(opts);
    expect(poll && toHex(poll)).toBe(toHex(encodeReadRequest({ slave: 255, fn: 4, start: 0x12, count: 4 })));
    const reply = encodeReadResponse({ slave: 7, fn: 4, registers: [0x016d, 0x016e, 0x00f8, 0] });
    expect(
      PROTOCOLS['modbus-rtu']
        .createDecoder(opts)
        .push(reply, AT)
        .map((r) => r.objectC),
    ).toEqual([36.5]);
  });

  it('USB allow-list by vendor ID (hardware.md §3.2), numbers or serialport hex strings', () => {
    expect(findAllowed({ vendorId: 0x0c2e, productId: 0x0b01 })?.vendor).toMatch(/Honeywell/);
    expect(findAllowed({ vendorId: '0c2e' })?.enableFeatureReport).toEqual([0xfe, 0x01]);
    expect(findAllowed({ vendorId: '05f9' })?.hidLayout).toBe(HID_POS_LAYOUTS.honeywell);
    expect(findAllowed({ vendorId: '23D0' })?.vendor).toBe('Youjie');
    expect(findAllowed({ vendorId: 0x05e0 })).toBeDefined();
    expect(findAllowed({ vendorId: 0x1234 })).toBeUndefined();
    expect(findAllowed({})).toBeUndefined();
  });
});
