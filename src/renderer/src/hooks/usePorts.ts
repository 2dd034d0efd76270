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
  const [requests, setRequests] = useState(0);

  useEffect(() => {
    const mine = ++seq.current;
    client.call('device:listPorts', {}).then(
      (next) => {
        if (mine !== seq.current) return;
        setListing(next);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (mine !== seq.current) return;
        setError(toShownError(err, Date.now()));
        setLoading(false);
      },
    );
  }, [client, requests]);

  const refresh = useCallback(() => {
    setLoading(true);
    setRequests((n) => n + 1);
  }, []);

  return { listing, loading, error, refresh };
}
