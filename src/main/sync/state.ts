/** The gate's one row of sync state (migration 0003): enrolment, the acknowledged mark, cursors. */
import type { Cursor } from '../../shared/sync';
import type { Db } from '../store/db';

export type SyncState = {
  hubUrl: string | null;
  token: string | null;
  committeeId: string | null;
  enrolledAt: string | null;
  ackedSeq: number;
  rosterCursor: Cursor;
  revocationCursor: Cursor;
  presenceCursor: Cursor;
  rosterAsOf: string | null;
  rosterAdopted: boolean;
  lastPushAt: string | null;
  lastPullAt: string | null;
};

type Row = {
  hub_url: string | null;
  token: string | null;
  committee_id: string | null;
  enrolled_at: string | null;
  acked_seq: number;
  roster_cursor: string;
  revocation_cursor: string;
  presence_cursor: string;
  roster_as_of: string | null;
  roster_adopted: number;
  last_push_at: string | null;
  last_pull_at: string | null;
};

export class SyncStateStore {
  constructor(private readonly db: Db) {}

  get(): SyncState {
    const r = this.db.prepare<[], Row>('SELECT * FROM sync_state WHERE id = 1').get();
    if (!r) throw new Error('sync_state row missing (migration 0003 not applied?)');
    return {
      hubUrl: r.hub_url,
      token: r.token,
      committeeId: r.committee_id,
      enrolledAt: r.enrolled_at,
      ackedSeq: r.acked_seq,
      rosterCursor: r.roster_cursor,
      revocationCursor: r.revocation_cursor,
      presenceCursor: r.presence_cursor,
      rosterAsOf: r.roster_as_of,
      rosterAdopted: r.roster_adopted === 1,
      lastPushAt: r.last_push_at,
      lastPullAt: r.last_pull_at,
    };
  }

  /**
   * Cursors are positions in one hub's database: enrolling with another hub or committee starts
   * them (and the acknowledged mark) again; the hub's idempotent insert absorbs any re-sent events.
   */
  enrol(e: { hubUrl: string; token: string; committeeId: string; at: string }): void {
    const prev = this.get();
    const sameHub = prev.hubUrl === e.hubUrl && prev.committeeId === e.committeeId;
    this.db
      .prepare(
        `UPDATE sync_state SET hub_url = ?, token = ?, committee_id = ?, enrolled_at = ?
           ${sameHub ? '' : ", acked_seq = 0, roster_cursor = '0.0', revocation_cursor = '0.0', presence_cursor = '0.0', roster_adopted = 0"}
         WHERE id = 1`,
      )
      .run(e.hubUrl, e.token, e.committeeId, e.at);
  }

  /** Only moves forward: a late acknowledgement of an older batch must not pull the mark back. */
  acknowledge(seq: number, at: string): void {
    this.db.prepare('UPDATE sync_state SET acked_seq = max(acked_seq, ?), last_push_at = ? WHERE id = 1').run(seq, at);
  }

  setPresenceCursor(cursor: Cursor): void {
    this.db.prepare('UPDATE sync_state SET presence_cursor = ? WHERE id = 1').run(cursor);
  }
}
