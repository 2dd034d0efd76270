/**
 * Builds the whole gate core from a data folder: config, database (migrated, durable), stores, the
 * check state machine, the contract handlers and the dispatcher. Both shells call this and nothing
 * else, so Electron and the headless host run the same core.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GateConfig } from '../config/config';
import { loadConfigOrLastGood } from '../config/config';
import { ConfigStatusService } from '../config/configStatus';
import { createDispatch, type Dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { type Clock, systemClock } from '../core/clock';
import { GateEvents } from '../core/events';
import { type IdGenerator, uuidv7Generator } from '../core/ids';
import { GateCore } from '../gate/gateCore';
import { startPasses } from '../passes/passesRuntime';
import { FlowsService } from '../flows/flowsService';
import { importRoster } from '../roster/importRoster';
import { nodeHidBackend, nodeSerialBackend, type HidBackend, type SerialBackend } from '../devices/backends';
import { DeviceManager } from '../devices/deviceManager';
import { checkpointIdle, openDatabase, type Db } from '../store/db';
import { EntryLogStore } from '../store/entryLog';
import { RosterStore } from '../store/roster';
import { GateSync } from '../sync/gateSync';
import type { KeyWrapper } from '../privacy/idKey';
import { startPrivacy } from '../privacy/privacyRuntime';
import { headlessDbKey } from '../privacy/dbKey';
import { withAudit } from '../api/staffHandlers';
import { startStaff, type StaffServices } from '../staff/staffRuntime';
import type { LockoutPolicy } from '../staff/staffStore';
import { isStaffCardCode } from '../../shared/staff';
import { TrustedClock, type Monotonic } from '../core/trustedClock';
import { ClockService } from '../clock/clockService';
import { DiskGuard, type DiskGuardOptions } from '../store/diskGuard';
import { watchDiskEvents, withDiskGuard } from '../api/diskHandlers';

export type GateRuntime = {
  config: GateConfig;
  db: Db;
  core: GateCore;
  events: GateEvents;
  devices: DeviceManager;
  dispatch: Dispatch;
  /** Committee hub sync: runs while the gate is enrolled. */
  gateSync: GateSync;
  /** Staff, shifts, dual control and the audit trail (issue 6). */
  staff: StaffServices;
  /** Visitors, parcels, returnees and home observation, alerts (issue 4). */
  flows: FlowsService;
  /** The trusted clock's store side; null when a clock was injected (decision 0024). */
  clockService: ClockService | null;
  close(): Promise<void>;
};

export type StartOptions = {
  dataDir: string;
  resourcesDir: string;
  clock?: Clock;
  /** Without `clock`: what the trusted clock is built on (default: the system clock, process.hrtime); tests fake both. */
  wallClock?: Clock;
  monotonic?: Monotonic;
  newId?: IdGenerator;
  log?: (msg: string) => void;
  /** Device backends; tests inject @serialport/binding-mock ports or captured HID reports. */
  serial?: SerialBackend;
  hid?: HidBackend;
  /** PIN lockout (default: 5 wrong PINs lock that person for 5 minutes). */
  lockout?: LockoutPolicy;
  /** How the ID lookup key is stored: plain (headless, file permissions) or OS-keychain wrapped (Electron). */
  idKeyWrapper?: KeyWrapper;
  /** The database key when config.json asks for encryption (default: the headless passphrase, privacy/dbKey.ts). */
  dbKey?: (dataDir: string) => Buffer;
  /** Disk thresholds and reserve size (default: low at 80 %, critical at 95 % or 8 MB free, 4 MB reserve). */
  disk?: Partial<DiskGuardOptions>;
};

export const DATABASE_FILE = 'gatehouse.sqlite';
/** Checkpoint after this many idle seconds in a row, and every as many while idle. */
const CHECKPOINT_EVERY_IDLE_TICKS = 10;

export async function startGate(opts: StartOptions): Promise<GateRuntime> {
  // The trusted clock (decision 0024), unless a test injects its own clock.
  const trusted = opts.clock ? null : new TrustedClock({ wall: opts.wallClock ?? systemClock, monotonic: opts.monotonic });
  const clock: Clock = trusted ?? opts.clock ?? systemClock;
  // Ids continue after the last stored one even if the trusted time was moved back (decision 0024).
  let idFloorMs = -1;
  const newId = opts.newId ?? uuidv7Generator(clock, undefined, () => idFloorMs);
  const log = opts.log ?? ((msg: string) => console.log(msg));
  // A broken config.json runs the gate on the last good one, logged here and audited below (decision 0022).
  const { config, fallback: configFallback } = loadConfigOrLastGood(opts.dataDir);
  if (configFallback) log(`running on the last good configuration: ${configFallback.message}`);
  const key = config.storage.encrypted ? (opts.dbKey ?? headlessDbKey)(opts.dataDir) : undefined;
  // The data disk, looked at before the database opens: on a full disk the reserve goes back first,
  // so a gate restarted there can still open, migrate and record (store/diskGuard.ts).
  const disk = new DiskGuard({ dataDir: opts.dataDir, clock, log, options: opts.disk });
  disk.poll();
  const db = openDatabase(join(opts.dataDir, DATABASE_FILE), { key });
  try {
    // Restored from the database before anything records a time: a clock behind the mark starts from it.
    const clockService = trusted ? new ClockService(db, trusted, newId) : null;
    idFloorMs = clockService?.idFloorMs() ?? -1;
    const roster = new RosterStore(db);
    const entries = new EntryLogStore(db);
    roster.ensureCompound({
      compoundId: config.compound.id,
      compoundName: config.compound.name,
      gateId: config.gate.id,
      gateName: config.gate.name,
      now: clock.now().toISOString(),
    });
    if (config.demo.seedRoster && roster.counts().residents === 0) {
      await seedDemoRoster({ db, roster, compoundId: config.compound.id, clock, newId }, opts.resourcesDir, log);
    }
    const events = new GateEvents();
    // Polled every tick from here on; imports and exports stop at low, checks never.
    disk.listen((s) => events.emit('disk:status', s));
    const noteDisk = (err: unknown): void => void disk.noteWriteFailed(err);
    const staff = await startStaff({
      db,
      clock,
      newId,
      events,
      gateId: config.gate.id,
      timeZone: config.timeZone,
      seedDemo: config.demo.seedRoster,
      lockout: opts.lockout ?? { maxFailures: config.staff.lockoutFailures, lockoutMs: config.staff.lockoutMinutes * 60_000 },
    });
    // Who is on duty at this post (one or two people); every check and event records them.
    const staffOnDuty = (): string[] => staff.shifts.ids();
    clockService?.connect({ events, audit: staff.audit, staffOnDuty, log, noteWriteFailed: noteDisk });
    if (configFallback) staff.audit.append('config.fallback', { actors: [], subject: 'config.json', details: { problems: configFallback.problems } });
    // The banner's source: on every screen until a settings save rewrites config.json.
    const configStatus = new ConfigStatusService(configFallback, clock.now().toISOString(), events, log);
    const watchNotesFor = (householdId: string): { note: string; until: string | null }[] =>
      staff.watch.active(householdId).map((n) => ({ note: n.note, until: n.until }));
    const flows = new FlowsService({ db, roster, log: entries, config, clock, newId, events, staffOnDuty });
    // Vehicles reach the core through a function: the core is built next, with the passes' hooks.
    const passes = startPasses({ db, config, clock, newId, events, dataDir: opts.dataDir, staffOnDuty, core: () => core });
    const privacy = startPrivacy({ db, dataDir: opts.dataDir, config, clock, newId, audit: staff.audit, staffOnDuty, keyWrapper: opts.idKeyWrapper, log });
    const core = new GateCore({
      roster, log: entries, config, clock, newId, events, staffOnDuty, watchNotesFor, passes: passes.hooks,
      observationUntil: (residentId, at) => flows.returnees.activeUntil(residentId, at),
      visitorExit: (credential) => flows.visitors.exitByPass(credential),
      residentByIdNumber: (idNumber) => {
        const [id] = privacy.idLookup.residentIds(idNumber);
        return id ? roster.resident(id) : null;
      },
    });
    const devices = new DeviceManager({
      serial: opts.serial ?? nodeSerialBackend(),
      hid: opts.hid ?? nodeHidBackend(),
      presenceC: config.policy.validRangeC.min,
      onTemperature: (m) => guarded(log, () => core.reading(m.celsius, 'device', m.deviceId), noteDisk),
      onScan: (s, direction, transport) =>
        guarded(log, () => {
          // A staff card signs its holder in; a pass scanned with nobody on duty is not a check.
          if (isStaffCardCode(s.code)) return staff.signInByCard(s.code);
          if (!staff.shifts.signedIn()) return log('scan ignored: nobody is signed in at this post');
          return core.scan(s.code, transport, direction ?? core.direction);
        }, noteDisk),
      onStatus: (health) => events.emit('device:status', health),
    });
    await devices.configure(config.devices);
    const sync = new GateSync({ db, config, clock, events, log, onHubTime: clockService ? (t) => clockService.hubSample(t) : undefined });
    const handlers = withDiskGuard(
      withAudit(
        createHandlers({ clockService, db, core, roster, log: entries, config, clock, newId, devices, dataDir: opts.dataDir, events, staffOnDuty, sync, audit: staff.audit, dualControl: staff.dualControl, staff, flows, passes, privacy, disk, configStatus }),
        staff,
      ),
      disk,
      events,
    );
    const unwatchDisk = watchDiskEvents(events, disk);
    const dispatch = createDispatch(handlers, (err, method) => log(`internal error in ${method}: ${describe(err)}`), { signedIn: () => staff.shifts.signedIn() });
    let idleTicks = 0;
    const ticker = setInterval(() => {
      // A full disk makes the timeout's commit and the checkpoint throw: logged, never fatal; the commit is also told to the disk guard.
      guarded(log, () => core.tick(), noteDisk);
      guarded(log, () => flows.tick());
      if (clockService) guarded(log, () => clockService.tick());
      guarded(log, () => disk.poll());
      idleTicks = core.current() ? 0 : idleTicks + 1;
      if (idleTicks % CHECKPOINT_EVERY_IDLE_TICKS === CHECKPOINT_EVERY_IDLE_TICKS - 1) guarded(log, () => checkpointIdle(db)); // a failed checkpoint loses nothing: not a failed record
    }, 1000);
    ticker.unref();
    sync.start();
    return {
      config,
      db,
      core,
      events,
      devices,
      dispatch,
      gateSync: sync,
      staff,
      flows,
      clockService,
      async close() {
        clearInterval(ticker);
        unwatchDisk();
        privacy.stop();
        await sync.stop(); // a round in progress finishes (or fails) before the database closes
        await devices.stop();
        clockService?.close();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

async function seedDemoRoster(
  deps: Parameters<typeof importRoster>[0],
  resourcesDir: string,
  log: (msg: string) => void,
): Promise<void> {
  const file = join(resourcesDir, 'demo-roster.csv');
  if (!existsSync(file)) {
    log(`demo roster not found at ${file}; starting with an empty roster`);
    return;
  }
  const report = await importRoster(deps, {
    fileName: 'demo-roster.csv',
    data: readFileSync(file),
    mode: 'all_or_nothing',
    dryRun: false,
  });
  log(`demo compound loaded: ${report.importedRows} residents in ${report.households} households`);
}

/** A device event that fails (say, the disk is full) is logged; it must not kill the device loop. */
function guarded(log: (msg: string) => void, fn: () => unknown, onError?: (err: unknown) => void): void {
  try {
    fn();
  } catch (err) {
    log(`device event failed: ${describe(err)}`);
    onError?.(err);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
