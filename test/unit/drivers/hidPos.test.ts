import { describe, expect, it } from 'vitest';
import {
  createHidPosDecoder,
  encodeHidPosReports,
  HID_POS_LAYOUTS,
  HID_POS_USAGE_PAGE,
  isHidPosDevice,
  parseHidPosReport,
} from '../../../drivers/scanner/hidPos';
import { AT, feed, hex, toHex } from './bytes';

const dec = () => createHidPosDecoder({ deviceId: 'pos-1' });
const at = (ms: number) => new Date(AT.getTime() + ms);

// hardware.md §3.2: real Honeywell Voyager 1602g captures (REVINF. reply).
const CAPTURE_MORE = hex(
  '02 38 5D 58 30 50 72 6F 64 75 63 74 20 4E 61 6D 65 3A 20 56 6F 79 61 67 65 72 20 31 36 30 32 67 0D 0A 42 6F 6F 74 20 52 65 76 69 73 69 6F 6E 3A 20 3A 20 38 39 39 32 0D 0A 53 6F 66 74 3F 00 01',
);
const CAPTURE_FINAL = hex('02 09 5D 58 30 75 6D 3A 20 4E 2F 41 0D 0A 00×47 3F 00 00');
const CAPTURE_STATUS = hex('02 08 5D 5A 36 52 45 56 49 4E 46 06 2E 00×48 36 00 00');

// hardware.md §3.2: computed scan reports.
const QR_REPORT = hex(
  '02 1D 5D 51 31 68 74 74 70 73 3A 2F 2F 67 61 74 65 2E 65 78 61 6D 70 6C 65 2F 74 2F 41 42 43 31 32 33 00×27 73 00 00',
);
const C128_REPORT = hex('02 0F 5D 43 30 56 49 53 2D 32 30 32 34 2D 30 30 30 31 32 33 00×41 6A 00 00');
const QR60 = 'https://gate.example/v/2026-03-01/visitor?id=HM00001&k=ABCDEF'.slice(0, 60);

describe('HID POS reports (hardware.md §3.2)', () => {
  it('every fixture report is 64 bytes', () => {
    for (const r of [CAPTURE_MORE, CAPTURE_FINAL, CAPTURE_STATUS, QR_REPORT, C128_REPORT])
      expect(r).toHaveLength(64);
  });

  it('capture #1: len 56, AIM ]X0, more=1', () => {
    const r = parseHidPosReport(CAPTURE_MORE);
    expect(r?.symbology).toBe(']X0');
    expect(r?.more).toBe(true);
    expect(new TextDecoder().decode(r?.data)).toBe(
      'Product Name: Voyager 1602g\r\nBoot Revision: : 8992\r\nSoft',
    );
  });

  it('capture: a multi-report reply is assembled and its CRLF suffix dropped', () => {
    const d = dec();
    expect(d.push(CAPTURE_MORE, AT)).toEqual([]);
    // The brief shows only the first and the final report of this reply, hence "Soft" + "um".
    expect(d.push(CAPTURE_FINAL, at(5))).toEqual([
      {
        kind: 'scan',
        code: 'Product Name: Voyager 1602g\r\nBoot Revision: : 8992\r\nSoftum: N/A',
        symbology: ']X0',
        deviceId: 'pos-1',
        at: at(5),
      },
    ]);
  });

  it('capture: command status packet → ]Z6 "REVINF" ACK "."', () => {
    expect(feed(dec(), CAPTURE_STATUS).map((r) => [r.symbology, r.code])).toEqual([[']Z6', 'REVINF\u0006.']]);
  });

  it('QR "https://gate.example/t/ABC123" in one report', () => {
    expect(feed(dec(), QR_REPORT)).toEqual([
      { kind: 'scan', code: 'https://gate.example/t/ABC123', symbology: ']Q1', deviceId: 'pos-1', at: AT },
    ]);
    expect(encodeHidPosReports('https://gate.example/t/ABC123').map(toHex)).toEqual([toHex(QR_REPORT)]);
  });

  it('Code 128 "VIS-2024-000123"', () => {
    expect(feed(dec(), C128_REPORT).map((r) => [r.symbology, r.code])).toEqual([[']C0', 'VIS-2024-000123']]);
    expect(encodeHidPosReports('VIS-2024-000123', { symbology: ']C0' }).map(toHex)).toEqual([
      toHex(C128_REPORT),
    ]);
  });

  it('60-byte QR split into two reports A (len 56, more=1) and B (len 4)', () => {
    expect(QR60).toHaveLength(60);
    const data = new TextEncoder().encode(QR60);
    const a = hex(`02 38 5D 51 31 ${toHex(data.subarray(0, 56))} 73 00 01`);
    const b = hex(`02 04 5D 51 31 ${toHex(data.subarray(56))} 00×52 73 00 00`);
    expect(encodeHidPosReports(QR60).map(toHex)).toEqual([toHex(a), toHex(b)]);
    const d = dec();
    expect(d.push(a, AT)).toEqual([]);
    expect(d.push(b, at(8)).map((r) => [r.symbology, r.code])).toEqual([[']Q1', QR60]]);
    expect(d.stats()).toMatchObject({ frames: 1, garbageBytes: 0 });
  });

  it('a long Chinese QR over many reports, multi-byte characters cut at report boundaries', () => {
    const code = '访客登记：张三，手机尾号1234，拜访3栋2单元1201室，事由：送货。'.repeat(3);
    const reports = encodeHidPosReports(code);
    expect(reports.length).toBeGreaterThan(3);
    expect(feed(dec(), ...reports).map((r) => r.code)).toEqual([code]);
  });

  it('an interleaved non-scan report is ignored and counted', () => {
    const d = dec();
    const other = hex('04 01 02 03 00×60');
    expect(feed(d, other, QR_REPORT).map((r) => r.code)).toEqual(['https://gate.example/t/ABC123']);
    expect(d.stats()).toMatchObject({ frames: 1, garbageBytes: 64 });
  });

  it.each([
    ['byte 1 > 56', '02 39 5D 51 31 41 00×55 73 00 00'],
    ['byte 1 = 0', '02 00 5D 51 31 00×56 73 00 00'],
    ['wrong report ID', '03 05 5D 51 31 41 42 43 44 45 00×51 73 00 00'],
    ['no AIM where the layout needs one', '02 05 41 42 43 44 45 00×54 73 00 00'],
  ])('rejects a report with %s', (_why, report) => {
    const d = dec();
    expect(feed(d, hex(report))).toEqual([]);
    expect(d.stats()).toMatchObject({ frames: 0, garbageBytes: 64 });
  });

  it('finds an AIM id shifted to byte 3 (vendors that shift it)', () => {
    const r = hex('02 07 00 5D 51 31 48 4D 30 30 30 30 31 00×48 73 00 00');
    expect(r).toHaveLength(64);
    expect(feed(dec(), r).map((x) => [x.symbology, x.code])).toEqual([[']Q1', 'HM00001']]);
  });

  it('a continuation that never comes: the stale head is dropped on the next code', () => {
    const [a] = encodeHidPosReports(QR60);
    const d = dec();
    d.push(a ?? new Uint8Array(), AT);
    expect(d.push(QR_REPORT, at(5000)).map((r) => r.code)).toEqual(['https://gate.example/t/ABC123']);
    expect(d.stats()).toMatchObject({ frames: 1, garbageBytes: 56 });
  });

  it('a continuation with another symbology starts over', () => {
    const [a] = encodeHidPosReports(QR60);
    const d = dec();
    d.push(a ?? new Uint8Array(), AT);
    expect(d.push(C128_REPORT, at(5)).map((r) => r.code)).toEqual(['VIS-2024-000123']);
  });

  it('codes longer than the limit are dropped whole', () => {
    const d = createHidPosDecoder({ deviceId: 'pos-1', maxCodeBytes: 100 });
    expect(feed(d, ...encodeHidPosReports('x'.repeat(150)), QR_REPORT).map((r) => r.code)).toEqual([
      'https://gate.example/t/ABC123',
    ]);
    expect(d.stats().garbageBytes).toBe(150);
  });

  it('a trailing CR suffix is stripped unless asked to keep it', () => {
    const [r] = encodeHidPosReports('HM00001\r');
    expect(feed(dec(), r ?? new Uint8Array()).map((x) => x.code)).toEqual(['HM00001']);
    expect(
      feed(createHidPosDecoder({ deviceId: 'k', stripLineEnd: false }), r ?? new Uint8Array()).map(
        (x) => x.code,
      ),
    ).toEqual(['HM00001\r']);
  });

  it('Newland-style layout without AIM (symbology id at byte 62 is left to the device manager)', () => {
    const d = createHidPosDecoder({ deviceId: 'nl', layout: HID_POS_LAYOUTS.newland });
    expect(feed(d, hex('02 07 48 4D 30 30 30 30 31 00×53 51 00')).map((r) => [r.symbology, r.code])).toEqual([
      [undefined, 'HM00001'],
    ]);
  });

  it('usage page 0x8C, usage 0x02 identifies the POS scanner collection', () => {
    expect(HID_POS_USAGE_PAGE).toBe(0x8c);
    expect(isHidPosDevice({ usagePage: 0x8c })).toBe(true);
    expect(isHidPosDevice({ usagePage: 0x8c, usage: 0x02 })).toBe(true);
    expect(isHidPosDevice({ usagePage: 0x8c, usage: 0x04 })).toBe(false);
    expect(isHidPosDevice({ usagePage: 0x01, usage: 0x06 })).toBe(false);
    expect(isHidPosDevice({})).toBe(false);
  });
});
