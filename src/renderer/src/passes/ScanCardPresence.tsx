import { useEffect, useState } from 'react';
import type { CheckView } from '../../../shared/contract';
import type { HouseholdPresence } from '../../../shared/passes';
import { useGate } from '../hooks/gateContext';
import { PresenceLines } from './PresenceLines';

/**
 * On the scan card: who of this household is out and the quota, as they stood when the pass was
 * scanned (read once per check, so the person at the gate is not listed as out by their own exit).
 * A failed read shows nothing rather than an error: the decision above it is what the guard needs.
 */
export function ScanCardPresence({ check }: { check: CheckView }) {
  const { client } = useGate();
  // Kept with the check it was read for, so a new person's card never shows the last household.
  const [read, setRead] = useState<{ key: string; presence: HouseholdPresence } | null>(null);
  const householdId = check.household?.id ?? null;
  const key = check.checkId;
  const startedAt = check.startedAt;

  useEffect(() => {
    let live = true;
    if (!householdId) return undefined;
    client.call('presence:household', { householdId, before: startedAt }).then(
      (presence) => live && setRead({ key, presence }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [client, householdId, key, startedAt]);

  return read && read.key === key ? <PresenceLines presence={read.presence} /> : null;
}
