import { BrowserMultiFormatReader, type IScannerControls } from '@zxing/browser';
import { ChecksumException, FormatException, NotFoundException, type Result } from '@zxing/library';
import { ScanDeduper } from './dedupe';
import { READER_OPTIONS, VIDEO_CONSTRAINTS, gateHints, isGateFormat } from './formats';
import { shouldFallBack, statusOfError, type CameraStatus } from './status';

export type CameraSessionOptions = {
  /** A browser media device id from the settings screen; null for the default camera. */
  deviceId: string | null;
  video: HTMLVideoElement;
  onStatus: (status: CameraStatus) => void;
  /** A new scan: already de-duplicated, so a held-up pass arrives once. */
  onCode: (code: string) => void;
  /**
   * Shared across sessions by the caller, so restarting the camera (another device chosen, a
   * camera plugged back in) does not turn the pass still held up into a second scan.
   */
  deduper?: ScanDeduper;
};

export type CameraSession = { stop(): void };

/** Frames without a readable code; zxing's loop retries on exactly these. */
function isMiss(err: unknown): boolean {
  return (
    err instanceof NotFoundException || err instanceof ChecksumException || err instanceof FormatException
  );
}

function stopTracks(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** `controls.stop()` is async (and may reject) when the camera has a torch; never let that escape. */
function stopControls(controls: IScannerControls | null): void {
  try {
    const pending: unknown = controls?.stop();
    if (pending instanceof Promise) pending.catch(() => undefined);
  } catch {
    // Already stopped.
  }
}

async function openCamera(
  media: MediaDevices,
  deviceId: string | null,
): Promise<{ stream: MediaStream; fallback: boolean }> {
  if (deviceId) {
    try {
      const video = { ...VIDEO_CONSTRAINTS, deviceId: { exact: deviceId } };
      return { stream: await media.getUserMedia({ video, audio: false }), fallback: false };
    } catch (err) {
      // The chosen camera is unplugged or was replaced: the default camera beats no camera.
      if (!shouldFallBack(err)) throw err;
    }
  }
  const stream = await media.getUserMedia({ video: { ...VIDEO_CONSTRAINTS }, audio: false });
  return { stream, fallback: deviceId !== null };
}

/**
 * Opens a camera, shows it in `video` and reads QR/Code 128 from it until `stop()`. Every failure
 * ends in a status (never a throw), and `stop()` — which may come while the camera is still
 * opening — always releases the camera: tracks stopped, the preview emptied.
 */
export function startCameraSession(opts: CameraSessionOptions): CameraSession {
  const { video, onStatus } = opts;
  let stopped = false;
  /** Failed after opening (unplugged, loop error): no further status may replace the error. */
  let ended = false;
  let stream: MediaStream | null = null;
  let controls: IScannerControls | null = null;

  const release = (): void => {
    stopControls(controls);
    controls = null;
    stopTracks(stream);
    stream = null;
    video.srcObject = null;
  };
  const fail = (err: unknown): void => {
    if (stopped || ended) return;
    ended = true;
    release();
    onStatus(statusOfError(err));
  };

  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (!media?.getUserMedia) {
    // Not a secure context (a LAN address over plain http), or a browser without cameras.
    onStatus({ state: 'unsupported', fallback: false, detail: null });
    return { stop: () => undefined };
  }

  const deduper = opts.deduper ?? new ScanDeduper();
  const onDecode = (result: Result | undefined, err: unknown): void => {
    if (stopped || ended) return;
    if (result) {
      if (!isGateFormat(result.getBarcodeFormat())) return;
      const text = result.getText();
      if (!text || !deduper.accept(text, performance.now())) return;
      try {
        opts.onCode(text);
      } catch (handlerErr) {
        // zxing would take a throw from here for a decoder error and end the loop.
        console.error('camera scan handler failed', handlerErr);
      }
    } else if (err && !isMiss(err)) {
      // Anything else ends zxing's loop: say so rather than show a live picture that reads nothing.
      fail(err);
    }
  };

  const run = async (): Promise<void> => {
    const opened = await openCamera(media, opts.deviceId);
    stream = opened.stream;
    if (stopped) {
      release();
      return;
    }
    for (const track of stream.getVideoTracks()) {
      // Unplugged while in use.
      track.addEventListener('ended', () => fail(new DOMException('camera gone', 'NotFoundError')));
    }
    const reader = new BrowserMultiFormatReader(gateHints(), { ...READER_OPTIONS });
    const started = await reader.decodeFromStream(stream, video, onDecode);
    if (stopped || ended) {
      stopControls(started);
      release();
      return;
    }
    controls = started;
    onStatus({ state: 'on', fallback: opened.fallback, detail: null });
  };
  run().catch(fail);

  return {
    stop() {
      if (stopped) return;
      stopped = true;
      release();
    },
  };
}
