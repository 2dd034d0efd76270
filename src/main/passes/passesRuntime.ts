/**
 * Builds this feature's stores and services for startGate: the status map, household presence and
 * quota, the pass keys (files in the data folder) and temporary passes, and vehicles. GateCore gets
 * `hooks`; vehicles need the core, which is built after, so they reach it through functions.
 */
import type { Direction } from '../../shared/domain';
import type { GateConfig } from '../config/config';
import type { Clock } from '../core/clock';
import type { GateEvents } from '../core/events';
import type { IdGenerator } from '../core/ids';
import type { Db } from '../store/db';
import { VehicleService } from '../vehicles/vehicleService';
import { gatePassHooks, type GatePassHooks } from './gateHooks';
import { HouseholdPresenceStore } from './householdPresence';
import { HouseholdStore } from './households';
import { loadPassKeys, type PassKeys } from './keyStore';
import { watchReturnees } from './returneeStatus';
import { TempPassService } from './tempPasses';

export type PassesServices = {
  households: HouseholdStore;
  presence: HouseholdPresenceStore;
  keys: PassKeys;
  tempPasses: TempPassService;
  vehicles: VehicleService;
  hooks: GatePassHooks;
};

export function startPasses(d: {
  db: Db;
  config: GateConfig;
  clock: Clock;
  newId: IdGenerator;
  events: GateEvents;
  dataDir: string;
  staffOnDuty: () => string[];
  core: () => { current(): unknown; setDirection(d: Direction): unknown };
}): PassesServices {
  const compoundId = d.config.compound.id;
  const gateId = d.config.gate.id;
  const households = new HouseholdStore(d.db);
  const presence = new HouseholdPresenceStore(d.db, gateId);
  const keys = loadPassKeys(d.dataDir, { gateId, compoundId, now: d.clock.now() });
  const tempPasses = new TempPassService({ db: d.db, keys, households, compoundId, gateId, clock: d.clock, newId: d.newId });
  const vehicles = new VehicleService({
    db: d.db,
    households,
    events: d.events,
    clock: d.clock,
    newId: d.newId,
    compoundId,
    gateId,
    staffOnDuty: d.staffOnDuty,
    checkOpen: () => d.core().current() !== null,
    setDirection: (dir) => d.core().setDirection(dir),
  });
  watchReturnees({ db: d.db, events: d.events, households, clock: d.clock, newId: d.newId, staffOnDuty: d.staffOnDuty });
  return { households, presence, keys, tempPasses, vehicles, hooks: gatePassHooks(tempPasses, presence) };
}
