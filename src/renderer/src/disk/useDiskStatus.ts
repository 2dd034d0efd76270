import type { DiskStatus } from '../../../shared/disk';
import { useLiveStatus } from '../hooks/useLiveStatus';

/** The data disk's status, pushed by the core on every change. `null` until known. */
export function useDiskStatus(): DiskStatus | null {
  return useLiveStatus('disk:status').status;
}
