import type { DeviceHealth } from '../../../shared/contract';

export type HealthLevel = 'green' | 'amber' | 'red';

/**
 * How worried the guard should be about a device. Green means it is working; amber means it is
 * on its way up or answering badly (no reply, a stuck sensor) or switched off; red means it is
 * gone or its configuration is broken.
 */
export function healthLevel(h: Pick<DeviceHealth, 'state' | 'message'>): HealthLevel {
  switch (h.state) {
    case 'connected':
      return h.message === null ? 'green' : 'amber';
    case 'connecting':
    case 'disabled':
      return 'amber';
    case 'disconnected':
    case 'invalid':
      return 'red';
  }
}

/** What the chip calls a device: an invalid entry's "label" is the validator's message, not a name. */
export function deviceName(h: Pick<DeviceHealth, 'id' | 'label' | 'state'>): string {
  if (h.state === 'invalid') return h.id;
  return h.label.trim() || h.id;
}
