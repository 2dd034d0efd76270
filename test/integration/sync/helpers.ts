/** Real gate cores (test/helpers/gate.ts) enrolled with a real hub, for the sync integration suites. */
import type { RosterInput } from '../../../src/main/store/roster';
import { enrolGate } from '../../../src/main/sync/enrol';
import { SyncService, type SyncServiceOptions } from '../../../src/main/sync/syncService';
import type { CheckView } from '../../../src/shared/contract';
import { makeGate, SMALL_ROSTER, type TestGate } from '../../helpers/gate';
import { expectOk, type Compound, type TestHub } from '../../hub/helpers';

export type SyncedGate = TestGate & { sync: SyncService; gateId: string };

/** Creates the gate on the hub, starts a gate core configured for it and enrols it with the QR. */
export async function enrolledGate(
  h: Pick<TestHub, 'admin'>,
  c: Pick<Compound, 'compound' | 'base'>,
  gateId: string,
  opts: { roster?: RosterInput[]; sync?: Partial<SyncServiceOptions> } = {},
): Promise<SyncedGate> {
  const created = expectOk(await h.admin('POST', `${c.base}/gates`, { id: gateId, name: gateId }));
  const gate = await makeGate({
    roster: opts.roster ?? [],
    config: { compound: { id: c.compound, name: '示范小区' }, gate: { id: gateId, name: gateId }, devices: [] },
  });
  await enrolGate({ db: gate.db, compoundId: c.compound, gateId, qr: created.json.enrolment.qr, clock: gate.clock });
  const sync = new SyncService({
    db: gate.db,
    compoundId: c.compound,
    clock: gate.clock,
    timeoutMs: 5_000,
    backoff: { baseMs: 10, capMs: 200 },
    intervalMs: 50,
    ...opts.sync,
  });
  const cleanupGate = gate.cleanup;
  return Object.assign(gate, {
    sync,
    gateId,
    cleanup: async () => {
      await sync.stop();
      await cleanupGate();
    },
  });
}

export async function call<T = unknown>(gate: TestGate, method: string, input: unknown): Promise<T> {
  const r = await gate.dispatch(method, input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** One full check at the gate: reading first, then the scan decides at once (as on a real lane). */
export async function check(gate: TestGate, code: string, direction: 'in' | 'out' = 'in'): Promise<CheckView> {
  await call(gate, 'device:simulateReading', { celsius: 36.5 });
  return call<CheckView>(gate, 'check:scan', { code, source: 'wedge', direction });
}

export const HUB_ROSTER = SMALL_ROSTER;

export function entryCount(gate: TestGate): number {
  return (gate.db.prepare('SELECT count(*) AS n FROM entry_log').get() as { n: number }).n;
}
