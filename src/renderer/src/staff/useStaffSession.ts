import { useCallback, useEffect, useState } from 'react';
import type { StaffSession } from '../../../shared/staff';
import { MANAGER_ROLES } from '../../../shared/staff';
import { useGate } from '../hooks/gateContext';

/** Who is on duty, kept current by the core's `staff:session` event (and re-read after a reconnect). */
export function useStaffSession(): { session: StaffSession | null; reload: () => void; managerOnDuty: boolean } {
  const { client, connection } = useGate();
  const [session, setSession] = useState<StaffSession | null>(null);
  const reload = useCallback(() => {
    client.call('staff:session', {}).then(setSession, () => {});
  }, [client]);
  useEffect(() => {
    reload();
    const off = client.on('staff:session', setSession);
    const offConn = connection.subscribe(() => {
      if (connection.get() === 'connected') reload();
    });
    return () => {
      off();
      offConn();
    };
  }, [client, connection, reload]);
  const managerOnDuty = !!session?.onDuty.some((p) => MANAGER_ROLES.includes(p.role));
  return { session, reload, managerOnDuty };
}
