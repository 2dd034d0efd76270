/**
 * What every driver produces. Drivers are pure protocol code: bytes in, typed readings out (and
 * commands to bytes); no ports, timers or logging. Port handling, polling, reconnects and health
 * belong to the device manager in src/main/devices.
 */

export type TemperatureReading = {
  kind: 'temperature';
  /** Object (surface) temperature as measured, °C. */
  objectC: number;
  /** Ambient / sensor-die temperature, °C, where the device reports it. */
  ambientC?: number;
  /** Body temperature, °C, where the device computes it (LU90614 body mode); else undefined. */
  bodyC?: number;
  deviceId: string;
  at: Date;
};

export type ScanReading = {
  kind: 'scan';
  code: string;
  /** AIM symbology identifier (e.g. ']Q1' QR, ']C0' Code 128) when the scanner sends one. */
  symbology?: string;
  deviceId: string;
  at: Date;
};

export type DeviceReading = TemperatureReading | ScanReading;

/** Counters a decoder keeps instead of throwing: the device manager reports them as health. */
export type DecoderStats = {
  frames: number;
  garbageBytes: number;
  badChecksums: number;
  exceptions: number;
};

/** An incremental decoder: keeps framing state across chunks, never throws on bad bytes. */
export type StreamDecoder<T> = {
  push(chunk: Uint8Array, at: Date): T[];
  stats(): DecoderStats;
  reset(): void;
};

export const emptyStats = (): DecoderStats => ({ frames: 0, garbageBytes: 0, badChecksums: 0, exceptions: 0 });
