/** The parts of a MediaDeviceInfo the camera choice needs (plain objects in tests). */
export type MediaDeviceLike = { kind: string; deviceId: string; label: string };

export type CameraChoice =
  /** A camera that is plugged in now; `label` is empty until the page may use cameras. */
  | { kind: 'present'; deviceId: string; label: string; n: number }
  /** The configured camera, not plugged in (kept so saving does not silently drop it). */
  | { kind: 'missing'; deviceId: string };

export type CameraList = {
  choices: CameraChoice[];
  /**
   * The browser is hiding the cameras (no ids or names) until the page has been allowed to use
   * one; asking for a camera once reveals them.
   */
  hidden: boolean;
};

/** Video inputs in the browser's order, the configured camera kept when it is not present. */
export function cameraChoices(devices: readonly MediaDeviceLike[], chosen: string | null): CameraList {
  const video = devices.filter((d) => d.kind === 'videoinput');
  const named = video.filter((d) => d.deviceId !== '');
  const choices: CameraChoice[] = named.map((d, i) => ({
    kind: 'present',
    deviceId: d.deviceId,
    label: d.label,
    n: i + 1,
  }));
  if (chosen && !named.some((d) => d.deviceId === chosen))
    choices.push({ kind: 'missing', deviceId: chosen });
  return { choices, hidden: video.some((d) => d.deviceId === '' || d.label === '') };
}

/** The select's value for a setting: '' is the default camera. */
export const selectValue = (deviceId: string | null): string => deviceId ?? '';
export const deviceIdOf = (value: string): string | null => (value === '' ? null : value);
