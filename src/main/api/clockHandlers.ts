/**
 * The clock block of the contract (src/shared/clock.ts): the trusted time for the header and the
 * banner, and a manager's "the system clock is right". A gate built on an injected clock (tests)
 * answers with that clock, unmonitored, and has nothing to accept.
 */
import { MANAGER_ROLES } from '../../shared/staff';
import type { ClockStatus } from '../../shared/clock';
import type { ClockService } from '../clock/clockService';
import { CLOCK_JUMP_THRESHOLD_MS } from '../core/trustedClock';
import { GateError } from '../core/errors';
import type { Handlers } from './dispatch';
import type { HandlerDeps } from './handlers';

export function createClockHandlers(
  d: Pick<HandlerDeps, 'clock' | 'staff'> & { clockService?: ClockService | null },
): Pick<Handlers, 'clock:status' | 'clock:acceptSystem'> {
  const fixed = (): ClockStatus => {
    const now = d.clock.now().toISOString();
    return { trustedTime: now, wallTime: now, monitored: false, source: 'system', flagged: false, wallOffsetMs: null, thresholdMs: CLOCK_JUMP_THRESHOLD_MS, lastChange: null };
  };
  return {
    'clock:status': () => d.clockService?.status() ?? fixed(),
    'clock:acceptSystem': () => {
      // Moving the gate's time is a manager's call: it changes what every later record says.
      if (!d.staff.shifts.onDuty().some((p) => MANAGER_ROLES.includes(p.role))) {
        throw new GateError('forbidden', 'a manager must be signed in to accept the system clock', { reason: 'needs_manager' });
      }
      if (!d.clockService) throw new GateError('conflict', 'this gate runs on a fixed clock; there is nothing to accept');
      return d.clockService.acceptSystem();
    },
  };
}
