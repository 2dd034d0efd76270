/** The sync block of the contract: status, enrolment, sync now, quarantine (src/main/sync/gateSync.ts does the work). */
import type { Handlers } from './dispatch';
import type { HandlerDeps } from './handlers';

type SyncMethods = 'sync:status' | 'sync:enrol' | 'sync:now' | 'sync:quarantine' | 'sync:retryQuarantine';

export function createSyncHandlers(d: HandlerDeps): Pick<Handlers, SyncMethods> {
  const { sync } = d;
  return {
    'sync:status': () => sync.status(),
    'sync:enrol': async (i) => {
      const r = await sync.enrol(i);
      return { hubUrl: r.hubUrl, committeeId: r.committeeId, compoundName: r.compoundName, gateName: r.gateName, status: r.status };
    },
    'sync:now': () => sync.syncNow(),
    'sync:quarantine': (i) => {
      const q = sync.quarantine(i.limit);
      return { count: q.count, items: q.recent };
    },
    'sync:retryQuarantine': () => sync.retryQuarantine(),
  };
}
