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
      // Who joined this gate to which committee: the token itself is never recorded.
      d.audit.append('sync.enrol', {
        actors: d.staffOnDuty(),
        subject: r.hubUrl,
        details: { committeeId: r.committeeId, compoundId: r.compoundId, gateId: r.gateId, by: i.qr !== undefined ? 'qr' : 'code' },
      });
      return { hubUrl: r.hubUrl, committeeId: r.committeeId, compoundName: r.compoundName, gateName: r.gateName, status: r.status };
    },
    'sync:now': () => sync.syncNow(),
    'sync:quarantine': (i) => {
      const q = sync.quarantine(i.limit);
      return { count: q.count, items: q.recent };
    },
    'sync:retryQuarantine': async () => {
      const r = await sync.retryQuarantine();
      d.audit.append('sync.quarantine_retry', { actors: d.staffOnDuty(), details: r });
      return r;
    },
  };
}
