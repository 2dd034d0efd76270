import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraSettings } from '../../../shared/contract';
import { toShownError, type ShownError } from '../hooks/gateContext';
import { cameraChoices, deviceIdOf, selectValue, type CameraChoice } from './devices';
import { useCameraList } from './useCameraList';
import { useCameraSettings } from './useCameraSettings';
import './camera.css';

type Outcome = { kind: 'saved' } | { kind: 'error'; error: ShownError } | null;

const same = (a: CameraSettings, b: CameraSettings | null): boolean =>
  !!b && a.enabled === b.enabled && a.deviceId === b.deviceId;

/**
 * Webcam QR on the settings screen: switch it on, pick the camera, save. Saved settings reach the
 * guard screen's camera at once (shared store) and config.json through the core.
 */
export function CameraSettingsSection() {
  const { t } = useTranslation();
  const cam = useCameraSettings();
  const cameras = useCameraList();
  const [draft, setDraft] = useState<CameraSettings | null>(null);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const shown = draft ?? cam.settings;
  const dirty = !!draft && !same(draft, cam.settings);
  const list = useMemo(
    () => cameraChoices(cameras.devices ?? [], shown?.deviceId ?? null),
    [cameras.devices, shown?.deviceId],
  );

  const edit = (next: Partial<CameraSettings>): void => {
    if (!shown) return;
    setDraft({ ...shown, ...next });
    setOutcome(null);
  };

  const save = async (): Promise<void> => {
    if (!shown) return;
    setSaving(true);
    setOutcome(null);
    try {
      await cam.save(shown);
      setDraft(null);
      setOutcome({ kind: 'saved' });
    } catch (err) {
      setOutcome({ kind: 'error', error: toShownError(err, 0) });
    } finally {
      setSaving(false);
    }
  };

  const optionLabel = (c: CameraChoice): string =>
    c.kind === 'missing' ? t('camera.settings.missing') : c.label || t('camera.settings.unnamed', { n: c.n });

  return (
    <section
      className="camera-settings"
      data-testid="camera-settings"
      aria-labelledby="camera-settings-title"
    >
      <h3 id="camera-settings-title">{t('camera.settings.title')}</h3>
      {!shown ? (
        cam.loadError ? (
          <div className="inline-error" data-testid="camera-load-error" role="alert">
            <strong>{t('camera.settings.loadFailed')}</strong>{' '}
            <button type="button" onClick={cam.reload}>
              {t('camera.settings.retry')}
            </button>
          </div>
        ) : (
          <p role="status">{t('camera.settings.loading')}</p>
        )
      ) : (
        <>
          <label className="camera-settings__row">
            <input
              type="checkbox"
              data-testid="camera-enabled"
              checked={shown.enabled}
              disabled={saving}
              onChange={(e) => edit({ enabled: e.target.checked })}
            />
            {t('camera.settings.enabled')}
          </label>
          <div className="camera-settings__row">
            <label htmlFor="camera-select">{t('camera.settings.device')}</label>
            <select
              id="camera-select"
              data-testid="camera-select"
              value={selectValue(shown.deviceId)}
              disabled={saving}
              onChange={(e) => edit({ deviceId: deviceIdOf(e.target.value) })}
            >
              <option value="">{t('camera.settings.default')}</option>
              {list.choices.map((c) => (
                <option key={c.deviceId} value={c.deviceId} data-testid="camera-option">
                  {optionLabel(c)}
                </option>
              ))}
            </select>
            <button
              type="button"
              data-testid="camera-refresh"
              disabled={cameras.asking}
              onClick={() => void cameras.refresh(list.hidden)}
            >
              {t(list.hidden ? 'camera.settings.reveal' : 'camera.settings.refresh')}
            </button>
          </div>
          {cameras.devices && list.choices.length === 0 && !list.hidden ? (
            <p className="settings__hint" data-testid="camera-none">
              {t('camera.settings.none')}
            </p>
          ) : null}
          {list.hidden ? (
            <p className="settings__hint" data-testid="camera-hidden">
              {t('camera.settings.hiddenHint')}
            </p>
          ) : null}
          {cameras.problem ? (
            <p className="inline-error" data-testid="camera-list-error" role="alert">
              {t(`camera.status.${cameras.problem}`)}
            </p>
          ) : null}
          <div className="settings__save">
            <button
              type="button"
              className="primary"
              data-testid="camera-save"
              disabled={saving}
              onClick={() => void save()}
            >
              {t(saving ? 'camera.settings.saving' : 'camera.settings.save')}
            </button>
            {dirty && !saving ? (
              <span className="settings__dirty" data-testid="camera-dirty">
                {t('camera.settings.dirty')}
              </span>
            ) : null}
          </div>
          {outcome?.kind === 'saved' ? (
            <p className="notice" data-testid="camera-saved" role="status">
              {t(shown.enabled ? 'camera.settings.savedOn' : 'camera.settings.savedOff')}
            </p>
          ) : null}
          {outcome?.kind === 'error' ? (
            <p className="inline-error" data-testid="camera-save-error" role="alert">
              {t(`error.${outcome.error.code}`)} {t('camera.detail', { message: outcome.error.message })}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
