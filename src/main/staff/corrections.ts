/**
 * Corrections to the entry log: an override (admitted despite a deny) or a void. Both are new
 * rows naming the entry; the entry itself is never touched (its table refuses UPDATE and DELETE).
 * The caller has already had the second person confirm (dualControl.ts).
 */
import type { EntryCorrection } from '../../shared/staff';
import type { AuditLog } from '../audit/auditLog';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import type { Db } from '../store/db';
import type { Approver } from './dualControl';
import type { StaffStore } from './staffStore';
import { toBrief } from './staffStore';

type Row = { id: string; entry_id: string; kind: 'override_admit' | 'void'; reason: string; staff_json: string; approver_id: string; at: string };

export class Corrections {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly audit: AuditLog,
    private readonly staff: StaffStore,
  ) {}

  /** Checked before the second person is asked, and again inside the write. */
  assertCan(kind: Row['kind'], entryId: string): { decision: string } {
    const entry = this.db.prepare<[string], { decision: string }>('SELECT decision FROM entry_log WHERE id = ?').get(entryId);
    if (!entry) throw new GateError('not_found', 'no such entry');
    const existing = this.forEntry(entryId);
    if (existing.some((c) => c.kind === 'void')) throw new GateError('conflict', 'this entry is already void', { reason: 'already_void' });
    if (kind === 'override_admit') {
      if (entry.decision === 'admit') throw new GateError('conflict', 'this entry was admitted; there is nothing to override', { reason: 'not_denied' });
      if (existing.some((c) => c.kind === 'override_admit')) throw new GateError('conflict', 'this entry was already overridden', { reason: 'already_overridden' });
    }
    return entry;
  }

  record(kind: Row['kind'], entryId: string, reason: string, approver: Approver): EntryCorrection {
    return this.db.transaction(() => {
      const entry = this.assertCan(kind, entryId);
      const id = this.newId();
      const staff = [...new Set([...approver.onDuty, approver.id])];
      const at = this.clock.now().toISOString();
      this.db
        .prepare('INSERT INTO entry_correction (id, entry_id, kind, reason, staff_json, approver_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, entryId, kind, reason, JSON.stringify(staff), approver.id, at);
      this.audit.append(kind === 'void' ? 'entry.void' : 'entry.override_admit', {
        actors: staff,
        subject: entryId,
        details: { correction: id, reason, requester: approver.requester.id, approver: approver.id, onDuty: approver.onDuty, decision: entry.decision },
      });
      return this.toView({ id, entry_id: entryId, kind, reason, staff_json: JSON.stringify(staff), approver_id: approver.id, at });
    })();
  }

  forEntry(entryId: string): EntryCorrection[] {
    return this.db
      .prepare<[string], Row>('SELECT * FROM entry_correction WHERE entry_id = ? ORDER BY at')
      .all(entryId)
      .map((r) => this.toView(r));
  }

  private toView(r: Row): EntryCorrection {
    const a = this.staff.get(r.approver_id);
    return {
      id: r.id,
      entryId: r.entry_id,
      kind: r.kind,
      reason: r.reason,
      staff: JSON.parse(r.staff_json) as string[],
      approver: a ? toBrief(a) : { id: r.approver_id, name: r.approver_id, role: 'manager' },
      at: r.at,
    };
  }
}
