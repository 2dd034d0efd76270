import { useTranslation } from 'react-i18next';
import type { DeviceHealth } from '../../../shared/contract';
import { DeviceChip } from './DeviceChip';

/** The guard's view of the thermometers and scanners; nothing at all on a gate without devices. */
export function DeviceStrip({ devices }: { devices: DeviceHealth[] | null }) {
  const { t } = useTranslation();
  if (!devices || devices.length === 0) return null;
  return (
    <ul className="device-strip" data-testid="device-strip" aria-label={t('devices.strip')}>
      {/* An invalid entry can repeat a running device's id, so the position is part of the key. */}
      {devices.map((h, i) => (
        <li key={`${i}:${h.id}`}>
          <DeviceChip health={h} />
        </li>
      ))}
    </ul>
  );
}
