import type { DeviceHealth } from '../../shared/contract';
import type { DecoderStats } from '../../../drivers/types';

export type HealthState = DeviceHealth['state'];
export type HealthMessage = DeviceHealth['message'];

/** Mutable per-device health, snapshotted into the contract's DeviceHealth on demand. */
export class HealthRecord {
  state: HealthState = 'connecting';
  message: HealthMessage = null;
  path: string | null = null;
  lastReadingAt: string | null = null;
  lastValue: string | null = null;
  ioErrors = 0;
  reconnects = 0;
  stuck = false;

  constructor(
    readonly id: string,
    readonly label: string,
    readonly kind: 'thermometer' | 'scanner',
    readonly protocol: string,
  ) {}

  snapshot(stats: DecoderStats): DeviceHealth {
    return {
      id: this.id,
      label: this.label,
      kind: this.kind,
      protocol: this.protocol,
      state: this.state,
      message: this.stuck && this.state === 'connected' ? 'stuck' : this.message,
      path: this.path,
      lastReadingAt: this.lastReadingAt,
      lastValue: this.lastValue,
      stuck: this.stuck,
      counters: { ...stats, ioErrors: this.ioErrors, reconnects: this.reconnects },
    };
  }
}
