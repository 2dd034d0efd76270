import { useEffect, useRef, useState, type RefObject } from 'react';
import { startCameraSession } from './cameraSession';
import type { ScanDeduper } from './dedupe';
import { STARTING, retriesOnDeviceChange, type CameraStatus } from './status';

type Options = {
  enabled: boolean;
  deviceId: string | null;
  video: RefObject<HTMLVideoElement | null>;
  onCode: (code: string) => void;
  /** Outlives sessions: see CameraSessionOptions.deduper. */
  deduper: ScanDeduper;
};

/**
 * Runs the camera while `enabled`: a new session whenever the camera changes, none while disabled
 * or unmounted (the previous session's tracks are stopped first). A camera that was missing, busy
 * or broken is tried again when the set of media devices changes, e.g. it is plugged back in.
 */
export function useCameraScanner({ enabled, deviceId, video, onCode, deduper }: Options): CameraStatus {
  const onCodeRef = useRef(onCode);
  useEffect(() => {
    onCodeRef.current = onCode;
  }, [onCode]);

  const [attempt, setAttempt] = useState(0);
  const key = `${deviceId ?? ''}#${attempt}`;
  // Status is tagged with the session it belongs to, so a new session starts out as `starting`
  // without a synchronous setState in the effect, and a late report from an old one is ignored.
  const [reported, setReported] = useState<{ key: string; status: CameraStatus } | null>(null);
  const status = reported?.key === key ? reported.status : STARTING;

  useEffect(() => {
    const el = video.current;
    if (!enabled || !el) return undefined;
    // zxing is bundled, not loaded lazily: a chunk fetched on first use fails after the host's
    // files are replaced under a running kiosk (an upgrade), and the camera would die with it.
    const session = startCameraSession({
      deviceId,
      video: el,
      onStatus: (next) => setReported({ key, status: next }),
      onCode: (code) => onCodeRef.current(code),
      deduper,
    });
    return () => {
      session.stop();
      // Switched off and on again later is a new start, not the old session's last word.
      setReported(null);
    };
  }, [enabled, deviceId, key, video, deduper]);

  const retriable = enabled && retriesOnDeviceChange(status.state);
  useEffect(() => {
    const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (!retriable || !media) return undefined;
    const retry = (): void => setAttempt((n) => n + 1);
    media.addEventListener('devicechange', retry);
    return () => media.removeEventListener('devicechange', retry);
  }, [retriable]);

  return status;
}
