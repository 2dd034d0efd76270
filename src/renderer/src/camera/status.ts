/**
 * What the camera is doing, in words the guard can act on. `data-state` on the status text
 * carries the same value for tests.
 */
export type CameraState = 'starting' | 'on' | 'no-camera' | 'denied' | 'busy' | 'unsupported' | 'failed';

export const CAMERA_STATES: readonly CameraState[] = [
  'starting',
  'on',
  'no-camera',
  'denied',
  'busy',
  'unsupported',
  'failed',
];

export type CameraStatus = {
  state: CameraState;
  /** The configured camera was not found and the default one is in use. */
  fallback: boolean;
  /** The browser's message for `failed`, shown as a detail. */
  detail: string | null;
};

export const STARTING: CameraStatus = { state: 'starting', fallback: false, detail: null };

/** Names per the Media Capture spec, plus the older Chromium spellings still seen in the wild. */
const BY_NAME: Readonly<Record<string, CameraState>> = {
  NotAllowedError: 'denied',
  PermissionDeniedError: 'denied',
  SecurityError: 'denied',
  NotFoundError: 'no-camera',
  DevicesNotFoundError: 'no-camera',
  OverconstrainedError: 'no-camera',
  ConstraintNotSatisfiedError: 'no-camera',
  NotReadableError: 'busy',
  TrackStartError: 'busy',
  AbortError: 'busy',
};

/** Classifies whatever getUserMedia or the reader threw; never throws itself. */
export function stateOfError(err: unknown): CameraState {
  const name = (err as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && name in BY_NAME) return BY_NAME[name] ?? 'failed';
  return 'failed';
}

export function statusOfError(err: unknown): CameraStatus {
  const state = stateOfError(err);
  const detail =
    state === 'failed' ? (err instanceof Error ? err.message : err === false ? null : String(err)) : null;
  return { state, fallback: false, detail: detail || null };
}

/**
 * With a configured camera that cannot be opened, the default camera is tried next — but only for
 * errors that mean "that device is not there", not for a refusal or a busy camera.
 */
export function shouldFallBack(err: unknown): boolean {
  return stateOfError(err) === 'no-camera';
}

/** States that may clear by themselves when a camera is plugged in or released. */
export function retriesOnDeviceChange(state: CameraState): boolean {
  return state === 'no-camera' || state === 'busy' || state === 'failed';
}
