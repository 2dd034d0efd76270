/**
 * What every flow needs: the stores, the clock and ids, who is on duty, and two shared steps —
 * finding a household of this compound, and writing a gate passage of someone without a resident
 * pass (visitor, returnee) to the entry log in the shape the log, exports and report already read.
 */
import type { ReasonCode } from '../../shared/domain';
import type { ReadingInput } from '../../shared/flows';
import type { GateConfig } from '../config/config';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import type { GateEvents } from '../core/events';
import type { IdGenerator } from '../core/ids';
import type { Db } from '../store/db';
import type { EntryLogStore } from '../store/entryLog';
import type { RosterStore } from '../store/roster';
import type { AlertLedger } from './alertLedger';

export type FlowDeps = {
  db: Db;
  roster: RosterStore;
  log: EntryLogStore;
  config: GateConfig;
  clock: Clock;
  newId: IdGenerator;
  events: GateEvents;
  staffOnDuty: () => string[];
  alerts: AlertLedger;
};

export type HouseholdSnapshot = { id: string; building: string; unit: string; room: string };

export function findHousehold(d: Pick<FlowDeps, 'db' | 'config'>, householdId: string): HouseholdSnapshot {
  const h = d.db
    .prepare<[string, string], HouseholdSnapshot>(
      `SELECT h.id, b.name AS building, h.unit, h.room FROM household h JOIN building b ON b.id = h.building_id
        WHERE h.id = ? AND b.compound_id = ?`,
    )
    .get(householdId, d.config.compound.id);
  if (!h) throw new GateError('not_found', 'no such household in this compound');
  return h;
}

export type Passage = {
  direction: 'in' | 'out';
  credential: string;
  credentialSource: 'visitor' | 'returnee';
  residentId: string | null;
  /** The person's own household; null for a visitor (the host household is only the address). */
  householdId: string | null;
  address: HouseholdSnapshot;
  nameMasked: string;
  statusCode: string | null;
  readings: readonly ReadingInput[];
  decidingCelsius: number | null;
  decidingSource: ReadingInput['source'] | null;
  decision: 'admit' | 'deny';
  reasons: readonly ReasonCode[];
  alert: boolean;
  staff: readonly string[];
  startedAt: string;
  at: string;
};

/** Appends within the caller's transaction (nested transactions become savepoints). */
export function appendPassage(d: FlowDeps, p: Passage): string {
  const id = d.newId();
  const readings = p.readings.map((r) => ({ celsius: r.celsius, source: r.source, deviceId: r.source === 'manual' ? 'staff' : 'flow-form', at: p.at }));
  d.log.append(
    {
      id,
      compoundId: d.config.compound.id,
      gateId: d.config.gate.id,
      direction: p.direction,
      credential: p.credential,
      credentialSource: p.credentialSource,
      passId: null,
      residentId: p.residentId,
      householdId: p.householdId,
      building: p.address.building,
      unit: p.address.unit,
      room: p.address.room,
      residentNameMasked: p.nameMasked,
      statusCode: p.statusCode,
      tempObjectC: p.decidingCelsius,
      tempBodyC: p.decidingCelsius,
      tempDevice: p.decidingCelsius === null ? null : p.decidingSource === 'manual' ? 'staff' : 'flow-form',
      tempSource: p.decidingSource,
      readingsJson: JSON.stringify(readings),
      decision: p.decision,
      reasons: p.reasons,
      alert: p.alert,
      staff: p.staff,
      startedAt: p.startedAt,
      occurredAt: p.at,
      recordedAt: p.at,
    },
    null,
  );
  return id;
}
