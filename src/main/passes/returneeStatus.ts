/**
 * A returnee registered at the gate (issue 4 item 3, src/main/flows) recolours their household on
 * the status map, as the committees' maps did by hand: from a key region → "in isolation", from
 * elsewhere → "isolating at home" (Yijingyuan), or medical / self-health observation (Hongqiao).
 * Only the household's colour changes (the person's own exit is held by the observation itself),
 * only upwards in severity, and only when an observation actually started. The change is recorded
 * as a gate change with the staff on duty and pushed as `household:changed`.
 *
 * It reads the flows' returnee and observation tables by the columns their migration (0007)
 * declares, and does nothing while those tables do not exist.
 */
import type { GateEvents } from '../core/events';
import type { IdGenerator } from '../core/ids';
import type { Clock } from '../core/clock';
import type { Db } from '../store/db';
import type { HouseholdStore } from './households';

/** Status per scheme for a returnee under observation: [from a key region, from elsewhere]. */
const RETURNEE_STATUS: Readonly<Record<string, readonly [string, string]>> = {
  yijingyuan9: ['orange', 'purple'],
  hongqiao5: ['hq_purple', 'hq_orange'],
};
export const RETURNEE_NOTE = '来(返)沪人员登记，居家观察';

export function watchReturnees(d: {
  db: Db;
  events: GateEvents;
  households: HouseholdStore;
  clock: Clock;
  newId: IdGenerator;
  staffOnDuty: () => string[];
}): () => void {
  let query: ReturnType<Db['prepare']> | null = null;
  const registered = (entryId: string): { household_id: string; key_region: number } | undefined => {
    if (!query) {
      const tables = d.db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('returnee', 'observation')")
        .all();
      if (tables.length < 2) return undefined;
      query = d.db.prepare(
        `SELECT r.household_id, r.key_region FROM returnee r
          WHERE r.entry_id = ? AND EXISTS (SELECT 1 FROM observation o WHERE o.returnee_id = r.id)`,
      );
    }
    return query.get(entryId) as { household_id: string; key_region: number } | undefined;
  };
  const severity = d.db.prepare<[string], { severity: number }>('SELECT severity FROM status_scheme WHERE code = ?');

  return d.events.subscribe((event, payload) => {
    if (event !== 'log:appended') return;
    const r = registered((payload as { id: string }).id);
    if (!r) return;
    const pair = RETURNEE_STATUS[d.households.activeScheme()];
    const current = d.households.household(r.household_id);
    if (!pair || !current) return;
    const target = r.key_region ? pair[0] : pair[1];
    if ((severity.get(target)?.severity ?? 0) <= (severity.get(current.statusCode)?.severity ?? 0)) return;
    d.households.setStatus(
      { householdId: r.household_id, status: target, note: RETURNEE_NOTE, source: 'gate', staff: d.staffOnDuty(), at: d.clock.now().toISOString(), members: false },
      d.newId,
    );
    d.events.emit('household:changed', { householdId: r.household_id });
  });
}
