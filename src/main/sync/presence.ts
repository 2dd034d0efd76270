/**
 * Presence across the compound's gates. The hub sends each resident's latest admitted passage at
 * the other gates; the gate keeps only the latest per resident (sync_presence) and answers
 * "inside since when?" from whichever is later: its own entry log or another gate's passage.
 * `EntryLogStore.insideSince` (the gate core's anti-passback read) goes through here, so a gate that
 * has synced sees the other gates' ins and outs; one never enrolled sees only its own.
 *
 * This is soft anti-passback only (the decision flags `already_inside`, it never refuses): gates
 * that were offline cannot agree on one in/out state, and the hub flags real conflicts for review.
 * Between gates only gate clocks can be compared (a skewed gate is flagged by the hub).
 *
 * Per household ("who is outside now", issue 4): `new PresenceLookup(db).household(householdId)`
 * gives every resident of the household with 'inside' | 'outside' | 'unknown' (no admitted passage
 * seen at any gate), the time and the gate of that latest passage. Read-only, cheap (one indexed
 * lookup per resident); the answer is as fresh as the last presence pull.
 */
import type { PresenceItem } from '../../shared/sync';
import type { Db } from '../store/db';
import type { HubClient } from './hubClient';
import { SyncStateStore } from './state';

type Passage = { direction: 'in' | 'out'; occurred_at: string; gate_id: string };

export type ResidentPresence = {
  residentId: string;
  state: 'inside' | 'outside' | 'unknown';
  /** The latest admitted passage's gate time and gate (null when unknown). */
  at: string | null;
  gateId: string | null;
};

export class PresenceLookup {
  private readonly local;
  private readonly peer;
  private readonly members;

  constructor(db: Db) {
    this.local = db.prepare<[string], Passage>(
      `SELECT direction, occurred_at, gate_id FROM entry_log WHERE resident_id = ? AND decision = 'admit' ORDER BY seq DESC LIMIT 1`,
    );
    this.peer = db.prepare<[string], Passage>('SELECT direction, occurred_at, gate_id FROM sync_presence WHERE resident_id = ?');
    this.members = db.prepare<[string], { id: string }>('SELECT id FROM resident WHERE household_id = ? ORDER BY id');
  }

  /** The resident's latest admitted passage at this gate or another one; null if none is known. */
  latest(residentId: string): Passage | null {
    const mine = this.local.get(residentId);
    const theirs = this.peer.get(residentId);
    if (!theirs) return mine ?? null;
    if (!mine) return theirs;
    return Date.parse(theirs.occurred_at) > Date.parse(mine.occurred_at) ? theirs : mine;
  }

  /** When the resident's latest admitted passage, here or at another gate, was inwards; else null. */
  insideSince(residentId: string): string | null {
    const latest = this.latest(residentId);
    return latest?.direction === 'in' ? latest.occurred_at : null;
  }

  /** Every resident of the household, inside, outside or unknown (see the comment at the top). */
  household(householdId: string): ResidentPresence[] {
    return this.members.all(householdId).map(({ id }) => {
      const p = this.latest(id);
      return p
        ? { residentId: id, state: p.direction === 'in' ? 'inside' : 'outside', at: p.occurred_at, gateId: p.gate_id }
        : { residentId: id, state: 'unknown', at: null, gateId: null };
    });
  }
}

/** Stores a page of other gates' passages and its cursor in one transaction. */
export function applyPresence(db: Db, items: readonly PresenceItem[], cursor: string): void {
  const upsert = db.prepare(
    `INSERT INTO sync_presence (resident_id, gate_id, event_id, direction, occurred_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(resident_id) DO UPDATE SET gate_id = excluded.gate_id, event_id = excluded.event_id,
       direction = excluded.direction, occurred_at = excluded.occurred_at
     WHERE excluded.occurred_at > sync_presence.occurred_at OR excluded.gate_id = sync_presence.gate_id`,
  );
  const state = new SyncStateStore(db);
  db.transaction(() => {
    for (const i of items) upsert.run(i.residentId, i.gateId, i.eventId, i.direction, i.occurredAt);
    state.setPresenceCursor(cursor);
  })();
}

/** Drains the hub's presence feed; each page is committed on its own (rows are independent). */
export async function pullPresence(db: Db, client: HubClient, limit = 1000, maxPages = 100): Promise<number> {
  const state = new SyncStateStore(db);
  let n = 0;
  for (let page = 0; page < maxPages; page++) {
    const res = await client.presence({ since: state.get().presenceCursor, limit });
    applyPresence(db, res.items, res.cursor);
    n += res.items.length;
    if (!res.hasMore) break;
  }
  return n;
}
