import type { SyncStatusView } from '../../../shared/sync';
import { useLiveStatus } from '../hooks/useLiveStatus';

/** The gate's sync status, kept current from `sync:status`; `refresh` asks again (after enrolling). */
export function useSyncStatus(): { status: SyncStatusView | null; refresh: () => void } {
  return useLiveStatus('sync:status');
}
