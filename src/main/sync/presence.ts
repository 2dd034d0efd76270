/**
 * Presence across the compound's gates. The hub sends each resident's latest admitted passage at
 * the other gates; the gate keeps only the latest per resident (sync_presence) and answers
 * "inside since when?" from whichever is later: its own entry log or another gate's passage.
 *
 * This is soft anti-passback only (the decision flags `already_inside`, it never refuses): gates
 * that were offline cannot agree on one in/out state, and the hub flags real conflicts for review.
 */
import type { PresenceItem } from '../../shared/sync';
import type { Db } from '../store/db';
import type { HubClient } from './hubClient';
import { SyncStateStore } from './state';

type Passage = { direction: 'in' | 'out'; occurred_at: string };

export class PresenceLookup {
  private readonly local;
  private readonly peer;

  constructor(db: Db) {
    this.local = db.prepare<[string], Passage>(
      `SELECT direction, occurred_at FROM entry_log WHERE resident_id = ? AND decision = 'admit' ORDER BY seq DESC LIMIT 1`,
    );
    this.peer = db.prepare<[string], Passage>('SELECT direction, occurred_at FROM sync_presence WHERE resident_id = ?');
  }

  /** When the resident's latest admitted passage, here or at another gate, was inwards; else null. */
  insideSince(residentId: string): string | null {
    const mine = this.local.get(residentId);
    const theirs = this.peer.get(residentId);
    const latest = !theirs ? mine : !mine ? theirs : Date.parse(theirs.occurred_at) > Date.parse(mine.occurred_at) ? theirs : mine;
    return latest?.direction === 'in' ? latest.occurred_at : null;
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
