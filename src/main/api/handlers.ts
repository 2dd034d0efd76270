/** Contract methods mapped onto the core and the stores. Inputs arrive already validated. */
import type { LogFilter, LogRow, ResidentSummary } from '../../shared/contract';
import type { ReasonCode } from '../../shared/domain';
import { saveConfig, type GateConfig } from '../config/config';
import type { DeviceManager } from '../devices/deviceManager';
import { parseDevices } from '../devices/deviceConfig';
import { protocolList } from '../devices/deviceManager';
import type { Clock } from '../core/clock';
import { GateError } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import { localDateRangeUtc } from '../export/entryFilter';
import { entryLogCsv } from '../export/entryLogCsv';
import type { GateCore } from '../gate/gateCore';
import { maskName, maskPhone } from '../roster/idNumber';
import { maskCredential } from '../export/mask';
import { importRoster } from '../roster/importRoster';
import type { Db } from '../store/db';
import type { EntryLogStore, EntryQuery, EntryRow } from '../store/entryLog';
import type { RosterStore } from '../store/roster';
import { createDeskHandlers } from './deskHandlers';
import type { FlowsService } from '../flows/flowsService';
import { createFlowsHandlers } from './flowsHandlers';
import type { AuditLog } from '../audit/auditLog';
import type { DualControl } from '../staff/dualControl';
import type { StaffServices } from '../staff/staffRuntime';
import { createStaffHandlers } from './staffHandlers';
import { createSyncHandlers } from './syncHandlers';
import type { GateSync } from '../sync/gateSync';
import type { Handlers } from './dispatch';
import type { PassesServices } from '../passes/passesRuntime';
import { createPassesHandlers } from './passesHandlers';
import { createPrivacyHandlers } from './privacyHandlers';
import { createClockHandlers } from './clockHandlers';
import type { ClockService } from '../clock/clockService';
import type { PrivacyServices } from '../privacy/privacyRuntime';
import type { GateEvents } from '../core/events';
import type { DiskGuard } from '../store/diskGuard';
import { createDiskHandlers } from './diskHandlers';
import type { ConfigStatusService } from '../config/configStatus';

export type HandlerDeps = {
  db: Db;
  core: GateCore;
  roster: RosterStore;
  log: EntryLogStore;
  config: GateConfig;
  clock: Clock;
  newId: IdGenerator;
  devices: DeviceManager;
  dataDir: string;
  events: GateEvents;
  /** Staff ids signed in at this post, recorded on every event a handler writes. */
  staffOnDuty: () => string[];
  /** The hash-chained audit trail: `audit.append(kind, { actors, subject, details })` (src/main/audit/auditLog.ts). */
  audit: AuditLog;
  /** `await dualControl.confirmSecondPerson({ action, approval })` before an exception (src/main/staff/dualControl.ts). */
  dualControl: DualControl;
  /** Staff, shifts, watch notes, schedule, corrections (issue 6; src/main/staff/staffRuntime.ts). */
  staff: StaffServices;
  /** Committee hub sync: status, enrolment, and whether the roster is the hub's. */
  sync: GateSync;
  /** Visitors, parcels, returnees and home observation, alerts (issue 4; src/main/flows). */
  flows: FlowsService;
  /** Status map, vehicles, temporary passes, household presence (issue 4; src/main/passes). */
  passes: PassesServices;
  /** Keyed ID lookup and the retention purge (issue 6; src/main/privacy). */
  privacy: PrivacyServices;
  /** The trusted clock's store side (decision 0024); absent when the gate runs on an injected clock. */
  clockService?: ClockService | null;
  /** The data folder's disk: level, reserve, what is paused (issue 8; src/main/store/diskGuard.ts). */
  disk: DiskGuard;
  /** Whether the gate runs on the last good config.json; a successful settings save ends it (decision 0022). */
  configStatus: ConfigStatusService;
};

export function createHandlers(d: HandlerDeps): Handlers {
  const { core, roster, log, config } = d;
  return {
    ...createDeskHandlers(d),
    ...createFlowsHandlers(d),
    ...createPassesHandlers(d),
    ...createSyncHandlers(d),
    ...createStaffHandlers(d),
    ...createPrivacyHandlers(d),
    ...createClockHandlers(d),
    ...createDiskHandlers(d),
    'config:status': () => d.configStatus.status(),
    'gate:info': () => ({
      compound: config.compound,
      gate: config.gate,
      locale: config.locale,
      timeZone: config.timeZone,
      policy: { feverThresholdC: config.policy.feverThresholdC, measureOnExit: config.policy.measureOnExit },
      thermometer: d.devices.hasThermometer()
        ? { kind: 'device', label: '' }
        : config.thermometer.kind === 'simulated'
          ? { kind: 'simulated', label: 'simulated-thermometer' }
          : { kind: 'none', label: '' },
      direction: core.direction,
      statuses: roster.statuses(),
      buildings: roster.buildings(config.compound.id),
      counts: roster.counts(),
    }),
    'gate:setDirection': (i) => ({ direction: core.setDirection(i.direction) }),
    'device:status': () => d.devices.health(),
    'camera:get': () => config.camera,
    'camera:set': (i) => {
      config.camera = { enabled: i.enabled, deviceId: i.deviceId };
      saveConfig(d.dataDir, config);
      d.configStatus.saved();
      return config.camera;
    },
    'device:listPorts': () => d.devices.listPorts(),
    'device:config': () => ({
      // Same length and order as the file, so `invalid[].index` points at the right entry.
      devices: config.devices.map((x) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {})),
      invalid: d.devices.invalidEntries(),
      protocols: protocolList(),
    }),
    'device:test': (i) => d.devices.test(i.device, i.timeoutMs),
    'device:saveConfig': async (i) => {
      // All or nothing: a list with one bad entry is not written, so the file stays loadable.
      const { invalid } = parseDevices(i.devices);
      if (invalid.length > 0) return { saved: false, invalid };
      config.devices = i.devices;
      saveConfig(d.dataDir, config);
      d.configStatus.saved();
      await d.devices.configure(config.devices);
      return { saved: true, invalid: [] };
    },
    'check:scan': (i) => core.scan(i.code, i.source, i.direction),
    'check:lookup': (i) => core.lookup(i.residentId, i.direction),
    'check:manualReading': (i) => core.reading(i.celsius, 'manual', 'staff'),
    'check:current': () => core.current(),
    'check:dismiss': () => core.dismiss(),
    'device:simulateReading': (i) => {
      if (config.thermometer.kind !== 'simulated' || d.devices.hasThermometer()) {
        throw new GateError('forbidden', 'a real thermometer is configured; simulated readings are off');
      }
      return core.reading(i.celsius, 'simulated', 'simulated-thermometer');
    },
    'roster:search': (q) => roster.search(q).map(toSummary),
    'roster:import': async (i) => {
      d.sync.refuseLocalRosterImport(); // once enrolled, the committee's roster comes from the hub
      const report = await importRoster(
        { db: d.db, roster, compoundId: config.compound.id, clock: d.clock, newId: d.newId },
        { fileName: i.fileName, data: Buffer.from(i.dataBase64, 'base64'), mode: i.mode, dryRun: i.dryRun },
      );
      // New and changed ID numbers get their keyed digests now rather than at the first lookup.
      if (report.imported) d.privacy.idLookup.backfill();
      return report;
    },
    'log:list': (i) => {
      const { rows, total } = log.list(toQuery(i.filter, config.timeZone), i.limit, i.offset);
      return { rows: rows.map(toLogRow), total };
    },
    'log:exportCsv': (i) => {
      const parts: string[] = [];
      let rows = -1; // the header line
      for (const chunk of entryLogCsv(log.iterate(toQuery(i.filter, config.timeZone)), { timeZone: config.timeZone, lang: config.locale })) {
        parts.push(chunk);
        rows += 1;
      }
      const span = [i.filter.from, i.filter.to].filter(Boolean).join('_') || 'all';
      return { fileName: `entry-log_${config.gate.id}_${span}.csv`, content: parts.join(''), rows };
    },
  };
}

/** Local calendar dates in the gate's zone become a half-open UTC range. */
export function toQuery(f: LogFilter, timeZone: string): EntryQuery {
  return {
    ...localDateRangeUtc(f, timeZone),
    ...(f.decision ? { decision: f.decision } : {}),
    ...(f.building ? { building: f.building } : {}),
  };
}

function toSummary(r: ReturnType<RosterStore['search']>[number]): ResidentSummary {
  return {
    residentId: r.residentId,
    name: maskName(r.name),
    residency: r.residency,
    household: { id: r.householdId, building: r.building, unit: r.unit, room: r.room },
    status: r.statusCode,
    phoneLast4: r.phone ? maskPhone(r.phone).slice(-4) : '',
  };
}

function toLogRow(r: EntryRow): LogRow {
  return {
    id: r.id,
    occurredAt: r.occurred_at,
    gateId: r.gate_id,
    direction: r.direction,
    // The log keeps what was scanned; an ID card or phone number used as a pass is shown masked.
    credential: maskCredential(r.credential),
    building: r.building,
    room: r.room ? [r.unit, r.room].filter(Boolean).join('-') : null,
    residentName: r.resident_name_masked,
    decision: r.decision,
    reasons: r.reasons ? (r.reasons.split(',') as ReasonCode[]) : [],
    temperatureC: r.temp_body_c,
    readingSource: r.temp_source,
    staff: JSON.parse(r.staff_json) as string[],
  };
}
