/**
 * Who is on duty at this post: one or two people, each with an open shift row. The rows are the
 * truth (a restarted kiosk keeps its shift); `ids()` is what every check and event records, so it is
 * served from memory and refreshed on each sign-in and sign-out.
 */
import type { HandoverNote, OnDuty, StaffSession } from '../../shared/staff';
import type { AuditLog } from '../audit/auditLog';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import type { GateEvents } from '../core/events';
import type { IdGenerator } from '../core/ids';
import type { Db } from '../store/db';
import { toBrief, type StaffRow, type StaffStore } from './staffStore';

export const MAX_ON_DUTY = 2;
/** A first sign-in here sees the handover notes of the last day. */
const FIRST_SIGN_IN_LOOKBACK_MS = 24 * 3600_000;
const HANDOVER_SHOWN = 5;

type ShiftRow = { staff_id: string; method: OnDuty['method']; signed_in_at: string };

export class ShiftBoard {
  private cached: OnDuty[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly gateId: string,
    private readonly staff: StaffStore,
    private readonly audit: AuditLog,
    private readonly events: GateEvents,
  ) {
    this.refresh();
  }

  onDuty(): OnDuty[] {
    return this.cached;
  }

  ids(): string[] {
    return this.cached.map((s) => s.id);
  }

  signedIn(): boolean {
    return this.cached.length > 0;
  }

  session(): StaffSession {
    return { onDuty: this.cached, maxOnDuty: MAX_ON_DUTY, firstRun: this.staff.count() === 0, staff: this.staff.briefs() };
  }

  /** Opens a shift for someone whose identity is already proven (PIN or card). Idempotent per person. */
  signIn(person: StaffRow, method: OnDuty['method']): HandoverNote[] {
    if (this.cached.some((s) => s.id === person.id)) return this.handoverFor(null);
    if (this.cached.length >= MAX_ON_DUTY) {
      throw new GateError('conflict', 'two people are already signed in at this post; one must sign out first', { reason: 'post_full' });
    }
    const previousEnd = this.db
      .prepare<[string, string], { t: string | null }>('SELECT max(signed_out_at) AS t FROM shift WHERE staff_id = ? AND gate_id = ?')
      .get(person.id, this.gateId)?.t ?? null;
    const now = this.clock.now().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO shift (id, staff_id, gate_id, method, signed_in_at) VALUES (?, ?, ?, ?, ?)')
        .run(this.newId(), person.id, this.gateId, method, now);
      this.audit.append('staff.sign_in', { actors: [person.id], subject: person.id, details: { method, gateId: this.gateId } });
    })();
    this.refresh();
    return this.handoverFor(previousEnd);
  }

  /** Closes a shift; the note, if any, is what the next shift sees at sign-in. */
  signOut(staffId: string, note: string | undefined): void {
    if (!this.cached.some((s) => s.id === staffId)) throw new GateError('not_found', 'that person is not signed in here');
    const now = this.clock.now().toISOString();
    const onDuty = this.ids();
    this.db.transaction(() => {
      this.db.prepare('UPDATE shift SET signed_out_at = ? WHERE staff_id = ? AND gate_id = ? AND signed_out_at IS NULL').run(now, staffId, this.gateId);
      let noteId: string | null = null;
      if (note && note.trim()) {
        noteId = this.newId();
        this.db
          .prepare('INSERT INTO handover_note (id, gate_id, written_at, staff_json, note) VALUES (?, ?, ?, ?, ?)')
          .run(noteId, this.gateId, now, JSON.stringify(onDuty), note.trim());
      }
      this.audit.append('staff.sign_out', { actors: [staffId], subject: staffId, details: { gateId: this.gateId, handoverNote: noteId } });
    })();
    this.refresh();
  }

  /** Notes written since this person last left this post (or in the last day), newest first. */
  private handoverFor(since: string | null): HandoverNote[] {
    const from = since ?? new Date(this.clock.now().getTime() - FIRST_SIGN_IN_LOOKBACK_MS).toISOString();
    return this.db
      .prepare<[string, string, number], { id: string; written_at: string; staff_json: string; note: string }>(
        'SELECT id, written_at, staff_json, note FROM handover_note WHERE gate_id = ? AND written_at > ? ORDER BY written_at DESC LIMIT ?',
      )
      .all(this.gateId, from, HANDOVER_SHOWN)
      .map((r) => ({ id: r.id, writtenAt: r.written_at, by: this.names(JSON.parse(r.staff_json) as string[]), note: r.note }));
  }

  private names(ids: string[]): string[] {
    return ids.map((id) => this.staff.get(id)?.name ?? id);
  }

  private refresh(): void {
    const rows = this.db
      .prepare<[string], ShiftRow>('SELECT staff_id, method, signed_in_at FROM shift WHERE gate_id = ? AND signed_out_at IS NULL ORDER BY signed_in_at')
      .all(this.gateId);
    this.cached = rows.flatMap((r) => {
      const s = this.staff.get(r.staff_id);
      return s ? [{ ...toBrief(s), since: r.signed_in_at, method: r.method }] : [];
    });
    this.events.emit('staff:session', this.session());
  }

  /** A person disabled while on duty is signed out at once (audited by the caller's staff change). */
  dropInactive(): void {
    const now = this.clock.now().toISOString();
    const gone = this.cached.filter((s) => this.staff.get(s.id)?.active !== 1);
    if (gone.length === 0) return;
    const close = this.db.prepare('UPDATE shift SET signed_out_at = ? WHERE staff_id = ? AND gate_id = ? AND signed_out_at IS NULL');
    this.db.transaction(() => gone.forEach((s) => close.run(now, s.id, this.gateId)))();
    this.refresh();
  }
}
