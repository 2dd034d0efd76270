import { useCallback, useEffect, useRef, useState } from 'react';
import type { PortListing } from '../../../shared/contract';
import { toShownError, useGate, type ShownError } from './gateContext';

/** Serial ports and HID devices the core can see right now; listed on mount and on request. */
export function usePorts() {
  const { client } = useGate();
  const [listing, setListing] = useState<PortListing | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ShownError | null>(null);
  // Only the latest listing counts when refresh is pressed twice.
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const next = await client.call('device:listPorts', {});
      if (mine !== seq.current) return;
      setListing(next);
      setError(null);
    } catch (err) {
      if (mine === seq.current) setError(toShownError(err, Date.now()));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [client]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { listing, loading, error, refresh };
}
