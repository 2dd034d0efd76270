import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type GateConfig } from '../../src/main/config/config';
import { fixedClock } from '../../src/main/core/clock';
import { uuidv7Generator } from '../../src/main/core/ids';
import { startGate, type GateRuntime, type StartOptions } from '../../src/main/runtime/startGate';
import { RosterStore, type RosterInput } from '../../src/main/store/roster';
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

export async function makeGate(
  opts: { roster?: RosterInput[]; config?: Partial<GateConfig>; seedDemo?: boolean } & Pick<StartOptions, 'serial' | 'hid'> = {},
): Promise<TestGate> {
  const tmp = tempDir();
  const dataDir = join(tmp.dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const config: GateConfig = { ...DEFAULT_CONFIG, ...opts.config, demo: { seedRoster: opts.seedDemo ?? false } };
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
  const clock = fixedClock('2020-02-10T01:00:00.000Z');
  const newId = uuidv7Generator(clock);
  const runtime = await startGate({ dataDir, resourcesDir: join(ROOT, 'resources'), clock, newId, log: () => {}, serial: opts.serial, hid: opts.hid });
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
