/**
 * Residents' privacy at the contract (issue 6 item 5). `privacy:reveal` is the one method whose
 * answer may hold a full ID number or phone: it needs the second person's PIN (dual control) and
 * is written to the audit trail with both names, in the same step as the value is read.
 */
import { GateError } from '../core/errors';
import { maskIdNumber, maskName, maskPhone } from '../roster/idNumber';
import type { Handlers } from './dispatch';
import type { HandlerDeps } from './handlers';

type PrivacyMethod = 'privacy:reveal' | 'privacy:grantUnmasked' | 'privacy:findByIdNumber' | 'privacy:retention' | 'privacy:purgeReports' | 'privacy:purgeNow';

export function createPrivacyHandlers(d: Pick<HandlerDeps, 'db' | 'roster' | 'audit' | 'dualControl' | 'staffOnDuty' | 'config' | 'privacy'>): Pick<Handlers, PrivacyMethod> {
  const fullValue = d.db.prepare<[string], { phone: string; id_number: string }>('SELECT phone, id_number FROM resident WHERE id = ?');
  const idOf = d.db.prepare<[string], { id_number: string }>('SELECT id_number FROM resident WHERE id = ?');
  return {
    'privacy:reveal': async (i) => {
      if (!fullValue.get(i.residentId)) throw new GateError('not_found', 'no such resident');
      const approver = await d.dualControl.confirmSecondPerson({
        action: 'full_id_view',
        approval: i.approval,
        subject: i.residentId,
        details: { field: i.field },
      });
      // Read after the approval, so the value shown is the one the audit record vouches for.
      const row = fullValue.get(i.residentId);
      if (!row) throw new GateError('not_found', 'no such resident');
      const value = i.field === 'idNumber' ? row.id_number : row.phone;
      d.audit.append('privacy.full_view', {
        actors: [...approver.onDuty, approver.id],
        subject: i.residentId,
        details: { field: i.field, requester: approver.requester.id, approver: approver.id, masked: i.field === 'idNumber' ? maskIdNumber(value) : maskPhone(value) },
      });
      return { residentId: i.residentId, field: i.field, value, approverName: approver.name };
    },
    'privacy:grantUnmasked': async (i) => {
      const approver = await d.dualControl.confirmSecondPerson({ action: 'full_id_view', approval: i.approval, details: { purpose: i.purpose } });
      const g = d.privacy.unmaskedGrants.issue(i.purpose, approver);
      return { ...g, approverName: approver.name };
    },
    'privacy:findByIdNumber': (i) => {
      const ids = d.privacy.idLookup.residentIds(i.idNumber);
      d.audit.append('privacy.id_lookup', { actors: d.staffOnDuty(), details: { matches: ids.length } });
      return ids.flatMap((id) => {
        const r = d.roster.resident(id);
        if (!r) return [];
        return [
          {
            residentId: r.residentId,
            name: maskName(r.name),
            household: { id: r.householdId, building: r.building, unit: r.unit, room: r.room },
            status: r.statusCode,
            idNumberMasked: maskIdNumber(idOf.get(id)?.id_number ?? ''),
          },
        ];
      });
    },
    'privacy:retention': () => ({ ...d.config.retention }),
    'privacy:purgeReports': (i) => d.privacy.retention.reports(i.limit),
    'privacy:purgeNow': () => d.privacy.retention.purge('manual'),
  };
}
