import { useEffect, useState } from 'react';
import { gateNow } from '../clock/clockStore';
import { useClockSnapshot } from '../clock/useClock';

/**
 * The gate's trusted time (not this browser's clock, which may be another machine's), refreshed
 * every `intervalMs`, for the header clock and the ages on the sync strip (src/renderer/src/clock).
 */
export function useNow(intervalMs = 1000): Date {
  const snap = useClockSnapshot();
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return gateNow(snap);
}
