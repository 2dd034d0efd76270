/**
 * Barcode scanners in USB HID POS mode (usage page 0x8C, hardware.md §3.2), fed whole input
 * reports as node-hid delivers them (byte 0 = report ID). Honeywell layout:
 * `02 LEN ']' c m DATA[56] HHPid 00 MORE`; a long code spans reports with bit 0 of byte 63 set on
 * all but the last. Layouts differ per vendor, so the layout is data (see registry.ts by VID).
 */
import { emptyStats, type ScanReading, type StreamDecoder } from '../types';
import { decodeUtf8, isAimId } from './aim';

export const HID_POS_USAGE_PAGE = 0x8c;
/** Application collection usage "Bar Code Scanner" on the POS page. */
export const HID_POS_USAGE_BARCODE_SCANNER = 0x02;
export const HID_POS_REPORT_LENGTH = 64;

/** node-hid's device info carries both; a collection with another usage is not the scanner. */
export function isHidPosDevice(info: { usagePage?: number; usage?: number }): boolean {
  return (
    info.usagePage === HID_POS_USAGE_PAGE &&
    (info.usage === undefined || info.usage === HID_POS_USAGE_BARCODE_SCANNER)
  );
}

export type HidPosLayout = {
  reportId: number;
  /** Length of this report's data, 1..maxData. */
  lengthByte: number;
  /** Candidate offsets of a `]cm` AIM id; the first holding `]` wins. Empty: no AIM, data at dataOffset. */
  aimOffsets: readonly number[];
  /** Where data starts when the layout has no AIM id; with one, data follows it. */
  dataOffset: number;
  maxData: number;
  /** "More reports follow" flag; absent for layouts that never continue a code. */
  more?: { byte: number; mask: number };
};

/**
 * Honeywell / Access-IS (AIM at byte 2, some vendors shift it to byte 3), IDTECH/Newland (no AIM),
 * Microscan (report ID 1, no AIM). hardware.md §3.2.
 */
export const HID_POS_LAYOUTS = {
  honeywell: {
    reportId: 0x02,
    lengthByte: 1,
    aimOffsets: [2, 3],
    dataOffset: 5,
    maxData: 56,
    more: { byte: 63, mask: 0x01 },
  },
  newland: { reportId: 0x02, lengthByte: 1, aimOffsets: [], dataOffset: 2, maxData: 56 },
  microscan: { reportId: 0x01, lengthByte: 1, aimOffsets: [], dataOffset: 2, maxData: 62 },
} as const satisfies Record<string, HidPosLayout>;

export type HidPosReport = { data: Uint8Array; symbology?: string; more: boolean };

const RIGHT_BRACKET = 0x5d;
const utf8 = new TextEncoder();

/** One report's content, or undefined for a report this layout does not describe. */
export function parseHidPosReport(
  report: Uint8Array,
  layout: HidPosLayout = HID_POS_LAYOUTS.honeywell,
): HidPosReport | undefined {
  if (report[0] !== layout.reportId) return undefined;
  const len = report[layout.lengthByte] ?? 0;
  if (len < 1 || len > layout.maxData) return undefined;
  let start = layout.dataOffset;
  let symbology: string | undefined;
  if (layout.aimOffsets.length > 0) {
    const at = layout.aimOffsets.find((o) => report[o] === RIGHT_BRACKET);
    if (at === undefined) return undefined;
    symbology = String.fromCharCode(report[at] ?? 0, report[at + 1] ?? 0, report[at + 2] ?? 0);
    if (!isAimId(symbology)) return undefined;
    start = at + 3;
  }
  if (start + len > report.length) return undefined;
  const more = layout.more !== undefined && ((report[layout.more.byte] ?? 0) & layout.more.mask) !== 0;
  const data = report.subarray(start, start + len);
  return symbology === undefined ? { data, more } : { data, symbology, more };
}

/** HHP code IDs for the AIM code characters the kiosk sees most. */
const HHP_CODE_ID: Readonly<Record<string, number>> = { Q: 0x73, C: 0x6a, E: 0x64, d: 0x77, A: 0x62 };

/** Device side (simulator, tests): Honeywell-layout reports for one scan. */
export function encodeHidPosReports(code: string, opts: { symbology?: string } = {}): Uint8Array[] {
  const symbology = opts.symbology ?? ']Q1';
  if (!isAimId(symbology)) throw new RangeError(`not an AIM id: ${symbology}`);
  const bytes = utf8.encode(code);
  const hhp = HHP_CODE_ID[symbology[1] ?? ''] ?? 0x3f;
  const reports: Uint8Array[] = [];
  for (let off = 0; off < bytes.length || off === 0; off += 56) {
    const part = bytes.subarray(off, off + 56);
    const r = new Uint8Array(HID_POS_REPORT_LENGTH);
    r[0] = 0x02;
    r[1] = part.length;
    for (let k = 0; k < 3; k++) r[2 + k] = symbology.charCodeAt(k);
    r.set(part, 5);
    r[61] = hhp;
    r[63] = off + 56 < bytes.length ? 1 : 0;
    reports.push(r);
  }
  return reports;
}

export type HidPosDecoderOptions = {
  deviceId: string;
  layout?: HidPosLayout;
  /** Longer assembled codes are dropped as garbage. */
  maxCodeBytes?: number;
  /** A continuation arriving later than this starts over: the previous code's tail was lost. */
  assemblyTimeoutMs?: number;
  /** Drop a trailing CR/LF suffix the scanner may be configured to add. Default true. */
  stripLineEnd?: boolean;
};

export function createHidPosDecoder(opts: HidPosDecoderOptions): StreamDecoder<ScanReading> {
  const layout = opts.layout ?? HID_POS_LAYOUTS.honeywell;
  const maxCodeBytes = opts.maxCodeBytes ?? 4096;
  const timeoutMs = opts.assemblyTimeoutMs ?? 1000;
  const stats = emptyStats();
  let parts: Uint8Array[] = [];
  let partsLength = 0;
  let pendingSymbology: string | undefined;
  let lastAt = 0;
  let overflowing = false;

  const dropPending = (): void => {
    stats.garbageBytes += partsLength;
    parts = [];
    partsLength = 0;
    overflowing = false;
  };

  return {
    push(report, at) {
      const r = parseHidPosReport(report, layout);
      if (r === undefined) {
        stats.garbageBytes += report.length;
        return [];
      }
      const stale = at.getTime() - lastAt > timeoutMs || r.symbology !== pendingSymbology;
      if ((parts.length > 0 || overflowing) && stale) dropPending();
      if (parts.length === 0) pendingSymbology = r.symbology;
      lastAt = at.getTime();
      if (overflowing || partsLength + r.data.length > maxCodeBytes) {
        if (!overflowing) dropPending();
        overflowing = true;
        stats.garbageBytes += r.data.length;
      } else {
        parts.push(r.data.slice());
        partsLength += r.data.length;
      }
      if (r.more) return [];
      if (overflowing) {
        overflowing = false;
        return [];
      }
      const bytes = new Uint8Array(partsLength);
      let off = 0;
      for (const p of parts) {
        bytes.set(p, off);
        off += p.length;
      }
      parts = [];
      partsLength = 0;
      let code = decodeUtf8(bytes);
      if (code !== undefined && opts.stripLineEnd !== false) code = code.replace(/[\r\n]+$/, '');
      if (code === undefined || code === '') {
        stats.garbageBytes += bytes.length;
        return [];
      }
      stats.frames++;
      const reading: ScanReading = { kind: 'scan', code, deviceId: opts.deviceId, at };
      if (pendingSymbology !== undefined) reading.symbology = pendingSymbology;
      return [reading];
    },
    stats: () => ({ ...stats }),
    reset() {
      parts = [];
      partsLength = 0;
      overflowing = false;
      pendingSymbology = undefined;
      Object.assign(stats, emptyStats());
    },
  };
}
