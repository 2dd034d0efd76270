import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CameraSettingsSection } from '../camera/CameraSettingsSection';
import { SyncSettingsSection } from '../sync/SyncSettingsSection';
import { DeviceCard } from '../components/DeviceCard';
import { PortList } from '../components/PortList';
import { detectedPorts } from '../devices/ports';
import { entryOf, healthOf, itemProblems } from '../devices/draft';
import { useDeviceHealth } from '../hooks/useDeviceHealth';
import { useDeviceSettings } from '../hooks/useDeviceSettings';
import { usePorts } from '../hooks/usePorts';

/**
 * Thermometers and scanners, set up by gate staff without touching config.json: what is plugged
 * in, what is configured and how it is doing, and a form per device. Kept mounted (hidden) once
 * opened, so a check that pulls the guard screen forward does not throw away unsaved edits.
 */
export function SettingsScreen({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const health = useDeviceHealth();
  const ports = usePorts();
  const s = useDeviceSettings();
  const detected = useMemo(() => detectedPorts(ports.listing), [ports.listing]);
  // Coming back to this tab usually means something was plugged in: list the ports again.
  const [wasActive, setWasActive] = useState(active);
  if (active !== wasActive) {
    setWasActive(active);
    if (active) ports.refresh();
  }

  const usedBy = useCallback(
    (path: string): string[] => {
      const ids = new Set<string>();
      for (const it of s.items) {
        const entry = entryOf(it, s.protocols);
        if (entry.path === path && typeof entry.id === 'string') ids.add(entry.id);
      }
      for (const h of health ?? []) if (h.path === path) ids.add(h.id);
      return [...ids];
    },
    [health, s.items, s.protocols],
  );

  const busy = s.phase === 'saving';
  return (
    <section className="screen settings" data-testid="settings-screen" hidden={!active}>
      <h2 className="screen__title">{t('settings.title')}</h2>
      {s.phase === 'loading' ? <p role="status">{t('settings.loading')}</p> : null}
      {s.phase === 'failed' ? (
        <div className="inline-error" data-testid="settings-error" role="alert">
          <strong>{t('settings.loadFailed')}</strong>
          {s.error ? <span> {t('settings.detail', { message: s.error.message })}</span> : null}
          <button type="button" onClick={s.reload}>
            {t('settings.retry')}
          </button>
        </div>
      ) : null}
      {s.phase === 'ready' || s.phase === 'saving' ? (
        <div className="settings__columns">
          <section className="settings__devices" aria-labelledby="devices-title">
            <header className="settings__bar">
              <h3 id="devices-title">{t('devices.title')}</h3>
              <button type="button" data-testid="device-add" disabled={busy} onClick={() => s.add()}>
                {t('devices.add')}
              </button>
            </header>
            {s.unplaced.map((bad) => (
              <p
                key={`${bad.index}:${bad.message}`}
                className="inline-error"
                data-testid="device-error"
                role="alert"
              >
                {t('devices.unplaced', { n: bad.index + 1, message: bad.message })}
              </p>
            ))}
            {s.items.length === 0 ? (
              <p className="settings__hint" data-testid="devices-empty">
                {t('devices.none')}
              </p>
            ) : (
              <ul className="device-list">
                {s.items.map((item, i) => (
                  <DeviceCard
                    key={item.key}
                    item={item}
                    health={healthOf(item, health)}
                    open={s.openKey === item.key}
                    protocols={s.protocols}
                    problems={itemProblems(s.items, i, s.protocols)}
                    ports={detected}
                    onToggle={() => s.toggle(item.key)}
                    onRemove={() => s.remove(item.key)}
                    onChange={(form) => s.setForm(item.key, form)}
                    onChecked={() => s.markChecked(item.key)}
                  />
                ))}
              </ul>
            )}
            <div className="settings__save">
              <button
                type="button"
                className="primary"
                data-testid="devices-save"
                disabled={busy}
                onClick={() => void s.save()}
              >
                {t(busy ? 'devices.saving' : 'devices.save')}
              </button>
              {s.dirty && !busy ? (
                <span className="settings__dirty" data-testid="devices-dirty">
                  {t('devices.dirty')}
                </span>
              ) : null}
            </div>
            {s.outcome === 'saved' ? (
              <p className="notice" data-testid="devices-saved" role="status">
                {t('devices.saved')}
              </p>
            ) : null}
            {s.outcome === 'rejected' ? (
              <p className="inline-error" data-testid="devices-not-saved" role="alert">
                {t('devices.rejected')}
              </p>
            ) : null}
            {s.phase === 'saving' || !s.error ? null : (
              <p className="inline-error" data-testid="devices-save-error" role="alert">
                {t(`error.${s.error.code}`)} {t('settings.detail', { message: s.error.message })}
              </p>
            )}
          </section>
          <PortList
            listing={ports.listing}
            loading={ports.loading}
            error={ports.error}
            onRefresh={() => void ports.refresh()}
            onUse={s.takePort}
            usedBy={usedBy}
          />
        </div>
      ) : null}
      <CameraSettingsSection />
      <SyncSettingsSection active={active} />
    </section>
  );
}
