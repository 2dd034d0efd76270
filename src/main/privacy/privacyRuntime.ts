/**
 * The privacy services one gate runs: the keyed ID lookup (key from the data folder's secrets/) and
 * the retention purge, run on start and then checked hourly (it purges at most once a day).
 */
import type { GateConfig } from '../config/config';
import type { Clock } from '../core/clock';
import type { IdGenerator } from '../core/ids';
import type { Db } from '../store/db';
import { loadOrCreateIdKey, type KeyWrapper } from './idKey';
import { IdLookup } from './idLookup';
import { RetentionPurge, type PurgeAudit } from './retention';
import { UnmaskedGrants } from './unmaskedGrants';

export type PrivacyServices = {
  idLookup: IdLookup;
  retention: RetentionPurge;
  /** One-time dual-control grants for exports with full ID numbers and phones. */
  unmaskedGrants: UnmaskedGrants;
  stop(): void;
};

const PURGE_CHECK_MS = 60 * 60 * 1000;

export function startPrivacy(d: {
  db: Db;
  dataDir: string;
  config: GateConfig;
  clock: Clock;
  newId: IdGenerator;
  audit: PurgeAudit | null;
  staffOnDuty: () => string[];
  keyWrapper?: KeyWrapper;
  log: (msg: string) => void;
}): PrivacyServices {
  const idLookup = new IdLookup(d.db, loadOrCreateIdKey(d.dataDir, d.keyWrapper));
  idLookup.backfill();
  const retention = new RetentionPurge({
    db: d.db,
    clock: d.clock,
    newId: d.newId,
    retention: () => d.config.retention,
    audit: d.audit,
    staffOnDuty: d.staffOnDuty,
  });
  const attempt = (cause: 'start' | 'daily'): void => {
    try {
      const report = retention.purgeIfDue(cause);
      if (report) d.log(`retention purge (${cause}): ${JSON.stringify(report.counts)}, ${report.keptUnsynced} expired events kept until the hub has them`);
    } catch (err) {
      // A failed purge leaves everything as it was (one transaction); the next check tries again.
      d.log(`retention purge failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  attempt('start');
  const timer = setInterval(() => attempt('daily'), PURGE_CHECK_MS);
  timer.unref();
  return { idLookup, retention, unmaskedGrants: new UnmaskedGrants(d.clock), stop: () => clearInterval(timer) };
}
