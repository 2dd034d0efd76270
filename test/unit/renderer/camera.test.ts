import { BarcodeFormat, DecodeHintType } from '@zxing/library';
import { describe, expect, it } from 'vitest';
import { ScanDeduper } from '../../../src/renderer/src/camera/dedupe';
import {
  DUPLICATE_WINDOW_MS,
  GATE_FORMATS,
  READER_OPTIONS,
  SCAN_ATTEMPT_DELAY_MS,
  SCAN_SUCCESS_DELAY_MS,
  gateHints,
  isGateFormat,
} from '../../../src/renderer/src/camera/formats';
import {
  CAMERA_STATES,
  retriesOnDeviceChange,
  shouldFallBack,
  stateOfError,
  statusOfError,
} from '../../../src/renderer/src/camera/status';

/** A camera decoding `code` every `everyMs` from `start` to `end`; returns the times it became a scan. */
function hold(d: ScanDeduper, code: string, start: number, end: number, everyMs: number): number[] {
  const scans: number[] = [];
  for (let t = start; t <= end; t += everyMs) if (d.accept(code, t)) scans.push(t);
  return scans;
}

describe('ScanDeduper', () => {
  it('uses a window of about three seconds', () => {
    expect(DUPLICATE_WINDOW_MS).toBe(3000);
    expect(new ScanDeduper().accept('HM00001', 0)).toBe(true);
  });

  it('takes the first sighting and drops repeats inside the window', () => {
    const d = new ScanDeduper(3000);
    expect(d.accept('HM00001', 1000)).toBe(true);
    expect(d.accept('HM00001', 1075)).toBe(false);
    expect(d.accept('HM00001', 2500)).toBe(false);
  });

  it('counts a pass held up for ten seconds, decoded ~13 times a second, as one scan', () => {
    const d = new ScanDeduper(3000);
    expect(hold(d, 'HM00001', 0, 10_000, 75)).toEqual([0]);
  });

  it('still one scan when zxing pauses after each success (decoded every 250 ms)', () => {
    const d = new ScanDeduper(3000);
    expect(hold(d, 'HM00001', 0, 10_000, SCAN_SUCCESS_DELAY_MS)).toEqual([0]);
  });

  it('runs the window from the last sighting: shown again after a 3 s gap is a new scan', () => {
    const d = new ScanDeduper(3000);
    expect(hold(d, 'HM00001', 0, 2000, 100)).toEqual([0]);
    // Last seen at 2000; taken away; shown again at 4999 (< 3 s gap) and 8000 (≥ 3 s gap).
    expect(d.accept('HM00001', 4999)).toBe(false);
    expect(d.accept('HM00001', 8000)).toBe(true);
  });

  it('takes a different code at once, and each code has its own window', () => {
    const d = new ScanDeduper(3000);
    expect(d.accept('HM00001', 0)).toBe(true);
    expect(d.accept('HM00002', 10)).toBe(true);
    expect(d.accept('HM00001', 20)).toBe(false);
    expect(d.accept('HM00002', 30)).toBe(false);
  });

  it('is exact at the edge of the window', () => {
    const d = new ScanDeduper(3000);
    d.accept('A', 0);
    expect(d.accept('A', 2999)).toBe(false);
    expect(d.accept('A', 2999 + 3000)).toBe(true);
  });

  it('forgets codes once their window has passed, so a long shift does not grow memory', () => {
    const d = new ScanDeduper(3000);
    for (let i = 0; i < 500; i++) d.accept(`P${i}`, i * 100);
    expect(d.size).toBeLessThanOrEqual(31);
  });

  it('reset() forgets everything', () => {
    const d = new ScanDeduper(3000);
    d.accept('A', 0);
    d.reset();
    expect(d.accept('A', 1)).toBe(true);
  });
});

describe('camera formats and timing', () => {
  it('reads QR and Code 128 only', () => {
    expect([...GATE_FORMATS]).toEqual([BarcodeFormat.QR_CODE, BarcodeFormat.CODE_128]);
    expect(Object.isFrozen(GATE_FORMATS)).toBe(true);
  });

  it('puts exactly the gate formats in the hints, and no TRY_HARDER (its mere presence turns it on)', () => {
    const hints = gateHints();
    expect([...hints.keys()]).toEqual([DecodeHintType.POSSIBLE_FORMATS]);
    expect(hints.get(DecodeHintType.POSSIBLE_FORMATS)).toEqual([
      BarcodeFormat.QR_CODE,
      BarcodeFormat.CODE_128,
    ]);
    expect(hints.has(DecodeHintType.TRY_HARDER)).toBe(false);
    // A fresh copy each time: a reader that changes its hints cannot change the constant.
    expect(hints.get(DecodeHintType.POSSIBLE_FORMATS)).not.toBe(GATE_FORMATS);
  });

  it('accepts only the gate formats from a result', () => {
    expect(isGateFormat(BarcodeFormat.QR_CODE)).toBe(true);
    expect(isGateFormat(BarcodeFormat.CODE_128)).toBe(true);
    expect(isGateFormat(BarcodeFormat.EAN_13)).toBe(false);
    expect(isGateFormat(BarcodeFormat.DATA_MATRIX)).toBe(false);
  });

  it('tries a frame every 50–100 ms, and a held pass is seen again well inside the window', () => {
    expect(SCAN_ATTEMPT_DELAY_MS).toBeGreaterThanOrEqual(50);
    expect(SCAN_ATTEMPT_DELAY_MS).toBeLessThanOrEqual(100);
    expect(READER_OPTIONS.delayBetweenScanAttempts).toBe(SCAN_ATTEMPT_DELAY_MS);
    expect(READER_OPTIONS.delayBetweenScanSuccess).toBe(SCAN_SUCCESS_DELAY_MS);
    expect(SCAN_SUCCESS_DELAY_MS * 4).toBeLessThanOrEqual(DUPLICATE_WINDOW_MS);
  });
});

describe('camera errors in words', () => {
  const err = (name: string, message = 'x') => Object.assign(new Error(message), { name });

  it.each([
    ['NotAllowedError', 'denied'],
    ['PermissionDeniedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'no-camera'],
    ['DevicesNotFoundError', 'no-camera'],
    ['OverconstrainedError', 'no-camera'],
    ['NotReadableError', 'busy'],
    ['TrackStartError', 'busy'],
    ['TypeError', 'failed'],
  ] as const)('%s → %s', (name, state) => {
    expect(stateOfError(err(name))).toBe(state);
  });

  it('never throws on odd values, and keeps a message only for unexplained failures', () => {
    for (const odd of [null, undefined, false, 42, 'boom', {}]) expect(stateOfError(odd)).toBe('failed');
    // zxing rejects with `false` when the preview never starts playing.
    expect(statusOfError(false)).toEqual({ state: 'failed', fallback: false, detail: null });
    expect(statusOfError(err('TypeError', 'canvas gone'))).toEqual({
      state: 'failed',
      fallback: false,
      detail: 'canvas gone',
    });
    expect(statusOfError(err('NotAllowedError', 'Permission denied'))).toEqual({
      state: 'denied',
      fallback: false,
      detail: null,
    });
  });

  it('falls back to the default camera only when the chosen one is not there', () => {
    expect(shouldFallBack(err('OverconstrainedError'))).toBe(true);
    expect(shouldFallBack(err('NotFoundError'))).toBe(true);
    expect(shouldFallBack(err('NotAllowedError'))).toBe(false);
    expect(shouldFallBack(err('NotReadableError'))).toBe(false);
  });

  it('retries on a device change only where plugging something in can help', () => {
    expect(CAMERA_STATES.filter(retriesOnDeviceChange)).toEqual(['no-camera', 'busy', 'failed']);
  });
});
