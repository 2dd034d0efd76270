import { describe, expect, it } from 'vitest';
import { heartbeatPeriod } from '../../../src/renderer/src/hooks/useReconnect';

describe('the kiosk page heartbeat', () => {
  it('beats only when the URL asks (the host watching its browser adds ?heartbeat=), at a sane period', () => {
    expect(heartbeatPeriod('')).toBeNull();
    expect(heartbeatPeriod('?heartbeat=2000')).toBe(2000);
    for (const bad of ['?heartbeat=', '?heartbeat=abc', '?heartbeat=5', '?heartbeat=1e9', '?heartbeat=2000.5']) expect(heartbeatPeriod(bad)).toBeNull();
  });
});
