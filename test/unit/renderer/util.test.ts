import { describe, expect, it } from 'vitest';
import { arrayBufferToBase64, base64Length } from '../../../src/renderer/src/util/base64';
import { householdLabel } from '../../../src/renderer/src/util/household';
import { parseCelsius } from '../../../src/renderer/src/util/temperature';

/** Independent textbook encoder, so the test does not lean on btoa or Node's Buffer. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function referenceBase64(bytes: Uint8Array): string {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out.push(ALPHABET[(n >> 18) & 63] ?? '', ALPHABET[(n >> 12) & 63] ?? '');
    out.push(b === undefined ? '=' : (ALPHABET[(n >> 6) & 63] ?? ''));
    out.push(c === undefined ? '=' : (ALPHABET[n & 63] ?? ''));
  }
  return out.join('');
}

describe('arrayBufferToBase64', () => {
  it('matches the reference encoding for every padding case and across chunk edges', () => {
    for (const size of [0, 1, 2, 3, 4, 5, 24_575, 24_576, 24_577, 100_003]) {
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 131 + 7) & 0xff;
      const expected = referenceBase64(bytes);
      expect(arrayBufferToBase64(bytes.buffer), `size ${size}`).toBe(expected);
      expect(base64Length(size)).toBe(expected.length);
    }
  });

  it('encodes 20 MB without a stack overflow', () => {
    const bytes = new Uint8Array(20 * 1024 * 1024);
    bytes[bytes.length - 1] = 0xff;
    const out = arrayBufferToBase64(bytes);
    expect(out.length).toBe(base64Length(bytes.length));
    // The tail, from a 3-byte boundary, is where a chunking mistake would show.
    const start = Math.floor((bytes.length - 30) / 3) * 3;
    expect(out.slice((start / 3) * 4)).toBe(referenceBase64(bytes.subarray(start)));
  });
});

describe('parseCelsius', () => {
  it('parses staff input and refuses what the contract would', () => {
    expect(parseCelsius('36.5')).toBe(36.5);
    expect(parseCelsius(' 37,8 ')).toBe(37.8);
    expect(parseCelsius('')).toBeNull();
    expect(parseCelsius('abc')).toBeNull();
    expect(parseCelsius('151')).toBeNull();
    expect(parseCelsius('-51')).toBeNull();
  });
});

describe('householdLabel', () => {
  it('joins building-unit-room and skips an empty unit', () => {
    expect(householdLabel({ building: '3', unit: '1', room: '502' })).toBe('3-1-502');
    expect(householdLabel({ building: '12', unit: '', room: '101' })).toBe('12-101');
  });
});
