/**
 * The gate's side of `config:status` (decision 0022): set once at start-up when the gate runs on
 * config.last-good.json, ended by the first settings save that writes config.json, which then holds
 * the running configuration whole and so loads at the next start.
 */
import type { ConfigFallback, ConfigStatus } from '../../shared/configStatus';
import type { GateEvents } from '../core/events';
import type { ConfigError } from './config';

export class ConfigStatusService {
  private fallback: ConfigFallback | null;

  constructor(
    error: ConfigError | null,
    since: string,
    private readonly events: GateEvents,
    private readonly log: (msg: string) => void,
  ) {
    this.fallback = error ? { reason: error.reason, ...(error.field ? { field: error.field } : {}), since } : null;
  }

  status(): ConfigStatus {
    return { fallback: this.fallback ? { ...this.fallback } : null };
  }

  /** config.json was just written from the running configuration: the file is good again. */
  saved(): void {
    if (!this.fallback) return;
    this.fallback = null;
    this.log('config.json rewritten from the running configuration; no longer on the last good copy');
    this.events.emit('config:status', this.status());
  }
}
