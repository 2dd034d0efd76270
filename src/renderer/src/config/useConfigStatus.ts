import type { ConfigStatus } from '../../../shared/configStatus';
import { useLiveStatus } from '../hooks/useLiveStatus';

/** Whether the gate runs on its last good config; a settings save pushes the change. `null` until known. */
export function useConfigStatus(): ConfigStatus | null {
  return useLiveStatus('config:status').status;
}
