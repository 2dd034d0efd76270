/**
 * "Outside now" per household and the optional household quota (e.g. one person out per household
 * per 2 days). Presence follows the same rule as sync/presence.ts (PresenceLookup): a resident's
 * latest admitted passage, here or at another gate of the compound (sync_presence), decides
 * whether they are out; a resident never seen at a gate is not listed.
 *
 * The quota counts admitted exits by the household's members in the window: every exit logged at
 * this gate, plus other gates' exits as far as the hub's presence feed shows them (it keeps each
 * resident's latest passage only, so another gate's earlier exits in the window are not seen).
 */
import type { Direction } from '../../shared/domain';
import { HouseholdQuota, type HouseholdPresence } from '../../shared/passes';
import { maskName } from '../roster/idNumber';
import { statement, type Db } from '../store/db';

const QUOTA_KEY = 'household_quota';
/** Later than any instant: "as of now, including everything logged". */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

type Passage = { direction: Direction; occurred_at: string; gate_id: string };

export type QuotaVerdict = 'ok' | 'warn' | 'deny';

export class HouseholdPresenceStore {
  private readonly local;
  private readonly peer;
  private readonly members;
  private readonly localOuts;
  private readonly peerOuts;

  constructor(
    private readonly db: Db,
    private readonly gateId: string,
  ) {
    this.local = db.prepare<[string, string], Passage>(
      `SELECT direction, occurred_at, gate_id FROM entry_log WHERE resident_id = ? AND decision = 'admit' AND occurred_at < ?
        ORDER BY seq DESC LIMIT 1`,
    );
    this.peer = db.prepare<[string, string], Passage>(
      'SELECT direction, occurred_at, gate_id FROM sync_presence WHERE resident_id = ? AND occurred_at < ?',
    );
    this.members = db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM resident WHERE household_id = ? ORDER BY name');
    this.localOuts = db.prepare<[string, string, string], { n: number }>(
      `SELECT count(*) AS n FROM entry_log WHERE household_id = ? AND direction = 'out' AND decision = 'admit'
          AND occurred_at >= ? AND occurred_at < ?`,
    );
    this.peerOuts = db.prepare<[string, string, string, string], { n: number }>(
      `SELECT count(*) AS n FROM sync_presence p JOIN resident r ON r.id = p.resident_id
        WHERE r.household_id = ? AND p.direction = 'out' AND p.occurred_at >= ? AND p.occurred_at < ? AND p.gate_id <> ?`,
    );
  }

  quota(): HouseholdQuota | null {
    const raw = statement<[string], { value: string }>(this.db, 'SELECT value FROM meta WHERE key = ?').get(QUOTA_KEY)?.value;
    if (!raw) return null;
    const parsed = HouseholdQuota.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  setQuota(q: HouseholdQuota | null): HouseholdQuota | null {
    if (q === null) this.db.prepare('DELETE FROM meta WHERE key = ?').run(QUOTA_KEY);
    else
      this.db
        .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
        .run(QUOTA_KEY, JSON.stringify(q));
    return this.quota();
  }

  private latest(residentId: string, before: string): Passage | null {
    const mine = this.local.get(residentId, before);
    const theirs = this.peer.get(residentId, before);
    if (!mine) return theirs ?? null;
    if (!theirs) return mine;
    return Date.parse(theirs.occurred_at) > Date.parse(mine.occurred_at) ? theirs : mine;
  }

  outsInWindow(householdId: string, quota: HouseholdQuota, now: Date, before = END_OF_TIME): number {
    const from = new Date(now.getTime() - quota.windowHours * 3600_000).toISOString();
    return (this.localOuts.get(householdId, from, before)?.n ?? 0) + (this.peerOuts.get(householdId, from, before, this.gateId)?.n ?? 0);
  }

  /** For the gate decision: only exits are limited; `deny` only when the committee set `enforce`. */
  quotaVerdict(householdId: string, direction: Direction, now: Date): QuotaVerdict {
    if (direction !== 'out') return 'ok';
    const q = this.quota();
    if (!q || this.outsInWindow(householdId, q, now) < q.maxOuts) return 'ok';
    return q.enforce ? 'deny' : 'warn';
  }

  /** `before`: only passages logged before this instant (the scan card asks as of its scan). */
  household(householdId: string, now: Date, before = END_OF_TIME): HouseholdPresence {
    const outside: HouseholdPresence['outside'] = [];
    for (const m of this.members.all(householdId)) {
      const p = this.latest(m.id, before);
      if (p?.direction === 'out') outside.push({ residentId: m.id, name: maskName(m.name), since: p.occurred_at, gateId: p.gate_id });
    }
    outside.sort((a, b) => a.since.localeCompare(b.since));
    const quota = this.quota();
    const outs = quota ? this.outsInWindow(householdId, quota, now, before) : 0;
    return { householdId, outside, quota, outsInWindow: outs, overQuota: quota !== null && outs >= quota.maxOuts };
  }
}
