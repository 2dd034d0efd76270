import { useTranslation } from 'react-i18next';
import type { DeviceHealth } from '../../../shared/contract';
import { deviceName, healthLevel } from '../devices/health';

/**
 * One device's health: a shape (circle, triangle, cross) and the words, never the colour alone.
 * `showName` is off where the device is already named next to it (the settings list).
 */
export function DeviceChip({ health, showName = true }: { health: DeviceHealth; showName?: boolean }) {
  const { t } = useTranslation();
  const level = healthLevel(health);
  return (
    <span
      className={`device-chip device-chip--${level}`}
      data-testid="device-chip"
      data-device-id={health.id}
      data-level={level}
      data-state={health.state}
      data-message={health.message ?? undefined}
    >
      <span className="device-chip__icon" aria-hidden="true" />
      {showName ? <span className="device-chip__name">{deviceName(health)}</span> : null}
      <span className="device-chip__state">{t(`deviceState.${health.state}`)}</span>
      {health.message ? (
        <span className="device-chip__message">{t(`deviceMessage.${health.message}`)}</span>
      ) : null}
    </span>
  );
}
