/** Contract methods of the status map, vehicles, temporary passes and household presence (issue 4). */
import type { HouseholdDetail } from '../../shared/passes';
import type { passesContract } from '../../shared/passes';
import type { ReasonCode } from '../../shared/domain';
import { GateError } from '../core/errors';
import type { PassesServices } from '../passes/passesRuntime';
import { renderTempPassReceipt } from '../passes/receiptHtml';
import { maskName } from '../roster/idNumber';
import type { Handlers } from './dispatch';
import type { HandlerDeps } from './handlers';

type PassesHandlers = Pick<Handlers, keyof typeof passesContract>;

const RECENT_CHECKS = 20;

export function createPassesHandlers(d: HandlerDeps & { passes: PassesServices }): PassesHandlers {
  const { households, presence, tempPasses, vehicles, keys } = d.passes;
  const { config } = d;
  const now = (): Date => d.clock.now();

  const detail = (householdId: string): HouseholdDetail => {
    const h = households.household(householdId);
    if (!h) throw new GateError('not_found', 'no such household');
    const checks = d.db
      .prepare<[string, number], { id: string; occurred_at: string; direction: 'in' | 'out'; resident_name_masked: string | null; decision: 'admit' | 'deny' | 'refer'; reasons: string; temp_body_c: number | null }>(
        `SELECT id, occurred_at, direction, resident_name_masked, decision, reasons, temp_body_c FROM entry_log
          WHERE household_id = ? ORDER BY seq DESC LIMIT ?`,
      )
      .all(householdId, RECENT_CHECKS);
    return {
      id: h.id,
      building: h.building,
      unit: h.unit,
      room: h.room,
      status: h.statusCode,
      members: households.members(householdId).map((m) => ({ ...m, name: maskName(m.name) })),
      history: households.history(householdId),
      recentChecks: checks.map((c) => ({
        id: c.id,
        occurredAt: c.occurred_at,
        direction: c.direction,
        residentName: c.resident_name_masked,
        decision: c.decision,
        reasons: c.reasons ? (c.reasons.split(',') as ReasonCode[]) : [],
        temperatureC: c.temp_body_c,
      })),
      presence: presence.household(householdId, now()),
      plates: vehicles.platesOf(householdId),
    };
  };

  return {
    'statusMap:get': (i) => households.map(config.compound.id, i.scheme),
    'statusMap:setScheme': (i) => {
      households.setScheme(i.scheme);
      return households.map(config.compound.id, i.scheme);
    },
    'household:detail': (i) => detail(i.householdId),
    'household:setStatus': (i) => {
      households.setStatus(
        { householdId: i.householdId, status: i.status, note: i.note, source: 'committee', staff: d.staffOnDuty(), at: now().toISOString() },
        d.newId,
      );
      d.events.emit('household:changed', { householdId: i.householdId });
      return detail(i.householdId);
    },
    'presence:household': (i) => {
      if (!households.household(i.householdId)) throw new GateError('not_found', 'no such household');
      return presence.household(i.householdId, now(), i.before);
    },
    'presence:getQuota': () => presence.quota(),
    'presence:setQuota': (i) => presence.setQuota(i.quota),
    'vehicle:lookup': (i) => vehicles.lookup(i.plate),
    'vehicle:start': (i) => vehicles.start(i),
    'vehicle:refuse': (i) => vehicles.refuse(i),
    'vehicle:current': () => vehicles.current(),
    'vehicle:finish': () => vehicles.finish(),
    'vehicle:cancel': () => vehicles.cancel(),
    'vehicle:list': (i) => vehicles.list(i.limit),
    'vehicle:addResident': (i) => vehicles.addResident(i.householdId, i.plate),
    'vehicle:removeResident': (i) => ({ removed: vehicles.removeResident(i.plate) }),
    'tempPass:issue': (i) => tempPasses.issue({ ...i, staff: d.staffOnDuty() }),
    'tempPass:list': (i) => tempPasses.list(i.limit),
    'tempPass:revoke': (i) => tempPasses.revoke(i.id, i.reason, d.staffOnDuty()),
    'tempPass:printHtml': (i) => {
      const pass = tempPasses.get(i.id);
      return {
        fileName: `temp-pass_${pass.id}.html`,
        html: renderTempPassReceipt(pass, {
          widthMm: i.widthMm,
          lang: config.locale,
          timeZone: config.timeZone,
          compoundName: config.compound.name,
          gateName: config.gate.name,
        }),
      };
    },
    'tempPass:keyInfo': () => ({
      mode: keys.mode,
      canIssue: keys.signer !== null,
      committeeFingerprint: keys.committeeFingerprint,
      gateFingerprint: keys.gateFingerprint,
    }),
  };
}
