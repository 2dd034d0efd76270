import { useTranslation } from 'react-i18next';
import type { DeviceHealth } from '../../../shared/contract';
import { deviceName, healthLevel } from '../devices/health';

/**
 * One device's health: a shape (circle, triangle, square) and the words, never the colour alone.
 * In the settings list the device is named next to it, and the chip has its own test id there
 * (that screen stays mounted, hidden, so the guard strip's `device-chip` must stay unique).
 */
export function DeviceChip({ health, inList = false }: { health: DeviceHealth; inList?: boolean }) {
  const { t } = useTranslation();
  const level = healthLevel(health);
  return (
    <span
      className={`device-chip device-chip--${level}`}
      data-testid={inList ? 'device-health' : 'device-chip'}
      data-device-id={health.id}
      data-level={level}
      data-state={health.state}
      data-message={health.message ?? undefined}
    >
      <span className="device-chip__icon" aria-hidden="true" />
      {inList ? null : <span className="device-chip__name">{deviceName(health)}</span>}
      <span className="device-chip__state">{t(`deviceState.${health.state}`)}</span>
      {health.message ? (
        <span className="device-chip__message">{t(`deviceMessage.${health.message}`)}</span>
      ) : null}
    </span>
  );
}
