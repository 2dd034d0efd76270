import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type GateConfig } from '../../src/main/config/config';
import { fixedClock } from '../../src/main/core/clock';
import { uuidv7Generator } from '../../src/main/core/ids';
import { startGate, type GateRuntime, type StartOptions } from '../../src/main/runtime/startGate';
import { RosterStore, type RosterInput } from '../../src/main/store/roster';
import { seedDemoStaff } from '../../src/main/staff/demoStaff';
import { tempDir } from './tmp';

export const ROOT = join(__dirname, '..', '..');

/** A small roster whose every fact the tests below rely on is written out here. */
export const SMALL_ROSTER: RosterInput[] = [
  { building: '1', unit: '1', room: '101', name: '张伟', phone: '13900000001', idNumber: '', residency: 'owner', passNumber: 'HM90001', status: 'black' },
  { building: '1', unit: '1', room: '101', name: '李娜', phone: '13900000002', idNumber: '', residency: 'owner', passNumber: 'HM90002', status: 'black' },
  { building: '3', unit: '2', room: '402', name: '王小明', phone: '13900000003', idNumber: '', residency: 'renter', passNumber: 'HM90003', status: 'orange' },
  { building: '5', unit: '1', room: '1201', name: '赵敏', phone: '13900000004', idNumber: '', residency: 'owner', passNumber: 'HM90004', status: 'pink' },
];

export type TestGate = GateRuntime & { clock: ReturnType<typeof fixedClock>; dataDir: string; cleanup: () => Promise<void> };

export type MakeGateOptions = {
  roster?: RosterInput[];
  config?: Partial<GateConfig>;
  seedDemo?: boolean;
  /**
   * Demo staff signed in at the post before the test runs (ids from src/main/staff/demoStaff.ts:
   * demo-guard 1111, demo-volunteer 2222, demo-manager 3333, demo-admin 4444). Default: the demo
   * guard, so write methods pass the sign-in gate. `false`: nobody (the demo staff still exist).
   */
  signIn?: readonly string[] | false;
  /** `false`: no staff at all (a fresh install's first run). */
  demoStaff?: boolean;
} & Pick<StartOptions, 'serial' | 'hid' | 'lockout'>;

export async function makeGate(opts: MakeGateOptions = {}): Promise<TestGate> {
  const tmp = tempDir();
  const dataDir = join(tmp.dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const config: GateConfig = { ...DEFAULT_CONFIG, ...opts.config, demo: { seedRoster: opts.seedDemo ?? false } };
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
  const clock = fixedClock('2020-02-10T01:00:00.000Z');
  const newId = uuidv7Generator(clock);
  const runtime = await startGate({ dataDir, resourcesDir: join(ROOT, 'resources'), clock, newId, log: () => {}, serial: opts.serial, hid: opts.hid, lockout: opts.lockout });
  if (opts.demoStaff !== false) {
    await seedDemoStaff(runtime.db, clock, runtime.staff.audit);
    for (const id of opts.signIn === false ? [] : (opts.signIn ?? ['demo-guard'])) {
      runtime.staff.signIn(runtime.staff.staff.get(id)!, 'pin');
    }
  }
  const rows = opts.roster ?? (opts.seedDemo ? [] : SMALL_ROSTER);
  if (rows.length) {
    const store = new RosterStore(runtime.db);
    runtime.db.transaction(() => store.replaceRoster(config.compound.id, rows, clock.now().toISOString(), newId))();
  }
  return {
    ...runtime,
    clock,
    dataDir,
    cleanup: async () => {
      await runtime.close();
      tmp.cleanup();
    },
  };
}
