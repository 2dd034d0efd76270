import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScanDeduper } from './dedupe';
import { useCameraScanner } from './useCameraScanner';
import { useCameraSettings } from './useCameraSettings';
import './camera.css';

type Props = {
  /** A new code from the camera (de-duplicated: a pass held up is one scan). */
  onScan: (code: string) => void;
};

/** The guard screen's webcam reader: nothing at all unless the camera is switched on in settings. */
export function CameraPreview({ onScan }: Props) {
  const { settings } = useCameraSettings();
  // Lives as long as the guard screen: a pass still held up while the camera restarts (another
  // camera chosen, switched off and on) is not scanned a second time.
  const [deduper] = useState(() => new ScanDeduper());
  if (!settings?.enabled) return null;
  // Keyed so a change of camera is a fresh element as well as a fresh session.
  return (
    <CameraPanel
      key={settings.deviceId ?? ''}
      deviceId={settings.deviceId}
      deduper={deduper}
      onScan={onScan}
    />
  );
}

type PanelProps = Props & { deviceId: string | null; deduper: ScanDeduper };

function CameraPanel({ deviceId, deduper, onScan }: PanelProps) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const status = useCameraScanner({ enabled: true, deviceId, video, onCode: onScan, deduper });

  return (
    <section className="camera" data-testid="camera-panel" data-state={status.state}>
      <video
        ref={video}
        className="camera__video"
        data-testid="camera-preview"
        aria-label={t('camera.preview')}
        muted
        playsInline
        disablePictureInPicture
      />
      <p className="camera__status" data-testid="camera-status" data-state={status.state} role="status">
        {t(`camera.status.${status.state}`)}
        {status.detail ? (
          <span className="camera__detail"> {t('camera.detail', { message: status.detail })}</span>
        ) : null}
      </p>
      {status.fallback ? (
        <p className="camera__note" data-testid="camera-fallback">
          {t('camera.fallback')}
        </p>
      ) : null}
    </section>
  );
}
