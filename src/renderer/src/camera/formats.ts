import { BarcodeFormat, DecodeHintType } from '@zxing/library';
import type { IBrowserCodeReaderOptions } from '@zxing/browser';

/**
 * The symbologies the gate reads: QR passes, and Code 128 on printed visitor slips. Restricting
 * the formats is what makes the camera loop cheap (hardware.md §5.3: ~2–6 ms of decoding per frame
 * instead of ~18 ms with every format), and it keeps a stray EAN on a parcel from becoming a scan.
 */
export const GATE_FORMATS: readonly BarcodeFormat[] = Object.freeze([
  BarcodeFormat.QR_CODE,
  BarcodeFormat.CODE_128,
]);

/**
 * Pause between two decode attempts on frames without a code. 75 ms is ~13 attempts a second:
 * fast enough that a pass is read within a frame or two of being held still (the wait is then
 * dominated by camera focus, not by us), while leaving the renderer's main thread — where zxing
 * draws, converts and decodes every frame — mostly idle: ~13 × (canvas draw + 2–6 ms decode) is
 * well under 15 % of a core at 640×480. 50 ms buys little latency for ~50 % more CPU; 100 ms starts
 * to feel laggy. @zxing/browser's default is 500 ms (two attempts a second), too slow for a gate.
 * (In @zxing/browser 0.1.x this option is `delayBetweenScanAttempts`; the older
 * `timeBetweenDecodingAttempts` was @zxing/library's browser reader.)
 */
export const SCAN_ATTEMPT_DELAY_MS = 75;

/**
 * Pause after a frame that did contain a code. Must stay well below DUPLICATE_WINDOW_MS: a pass
 * held in front of the camera has to be seen again inside the window to stay "the same scan".
 */
export const SCAN_SUCCESS_DELAY_MS = 250;

// Lives with the de-duplication (which must not pull zxing into the main bundle); re-exported here
// because the timing constants above are chosen against it.
export { DUPLICATE_WINDOW_MS } from './dedupe';

/** Modest on purpose: pass QR codes are small (21–25 modules) and every pixel is decoded on the main thread. */
export const VIDEO_CONSTRAINTS: MediaTrackConstraints = Object.freeze({
  width: { ideal: 640 },
  height: { ideal: 480 },
});

/**
 * Decoder hints: only the gate's formats. No TRY_HARDER — it is switched on by the key's mere
 * presence (hardware.md §5.2 pitfall 2) and makes frames without a code cost 35–330 ms.
 */
export function gateHints(): Map<DecodeHintType, unknown> {
  return new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [...GATE_FORMATS]]]);
}

export const READER_OPTIONS: IBrowserCodeReaderOptions = Object.freeze({
  delayBetweenScanAttempts: SCAN_ATTEMPT_DELAY_MS,
  delayBetweenScanSuccess: SCAN_SUCCESS_DELAY_MS,
  // How long the preview may take to start playing before we call the camera broken.
  tryPlayVideoTimeout: 8000,
});

/** Whether a decoded format is one the gate takes (a guard against hints being dropped somewhere). */
export function isGateFormat(format: BarcodeFormat): boolean {
  return GATE_FORMATS.includes(format);
}
