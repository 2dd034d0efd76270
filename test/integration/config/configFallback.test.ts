/**
 * The config fallback through the contract (decision 0022): a gate started on a broken or missing
 * config.json answers `config:status` with the reason (to anyone: the banner shows before sign-in),
 * carries no path or file text, and the first settings save that writes config.json ends it, pushes
 * `config:status` and leaves a file the next start loads as it is.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, configPath, lastGoodConfigPath, loadConfig } from '../../../src/main/config/config';
import { ConfigStatusService } from '../../../src/main/config/configStatus';
import { GateEvents } from '../../../src/main/core/events';
import { fixedClock } from '../../../src/main/core/clock';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { startGate, type GateRuntime } from '../../../src/main/runtime/startGate';
import { seedDemoStaff } from '../../../src/main/staff/demoStaff';
import { ConfigStatus } from '../../../src/shared/configStatus';
import { ROOT } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';
import { reportCount } from '../../helpers/counts';

const START = '2020-02-10T01:00:00.000Z';
const GOOD = { ...DEFAULT_CONFIG, demo: { seedRoster: false }, gate: { id: 'gate-north', name: '北门' } };

type Started = { gate: GateRuntime; dataDir: string; events: { event: string; payload: unknown }[]; logs: string[] };
const open: { gate: GateRuntime | null; tmp: { cleanup(): void } }[] = [];

/** A data folder where GOOD loaded once (so config.last-good.json holds it), then config.json as `broken` leaves it. */
function dataFolder(broken: string | null): string {
  const tmp = tempDir('h-config-');
  open.push({ gate: null, tmp });
  const dataDir = join(tmp.dir, 'data');
  loadConfig(dataDir); // writes the defaults on a fresh folder
  writeFileSync(configPath(dataDir), JSON.stringify(GOOD));
  loadConfig(dataDir); // copies GOOD to config.last-good.json
  if (broken === null) rmSync(configPath(dataDir));
  else writeFileSync(configPath(dataDir), broken);
  return dataDir;
}

async function start(dataDir: string): Promise<Started> {
  const clock = fixedClock(START);
  const logs: string[] = [];
  const gate = await startGate({ dataDir, resourcesDir: join(ROOT, 'resources'), clock, newId: uuidv7Generator(clock), log: (m) => logs.push(m) });
  open.push({ gate, tmp: { cleanup: () => undefined } });
  await seedDemoStaff(gate.db, clock, gate.staff.audit);
  const events: Started['events'] = [];
  gate.events.subscribe((event, payload) => events.push({ event, payload }));
  return { gate, dataDir, events, logs };
}

async function status(s: Started): Promise<ConfigStatus> {
  // Nobody is signed in: the banner is for the sign-in screen too.
  expect(s.gate.staff.shifts.signedIn()).toBe(false);
  const r = await s.gate.dispatch('config:status', {});
  if (!r.ok) throw new Error(`config:status failed: ${r.error.code}`);
  return r.value as ConfigStatus;
}

afterEach(async () => {
  for (const o of open.splice(0).reverse()) {
    await o.gate?.close();
    o.tmp.cleanup();
  }
});

describe('config:status while on the last good config', () => {
  it('names each kind of fault with its typed reason, and the time the gate started on the fallback', async () => {
    const cases: [string | null, ConfigStatus['fallback']][] = [
      ['{ "locale": ', { reason: 'not_json', since: START }],
      [null, { reason: 'missing', since: START }],
      [`${'['.repeat(40)}${']'.repeat(40)}`, { reason: 'too_deep', since: START }],
      [JSON.stringify({ ...GOOD, policy: { ...GOOD.policy, feverThresholdC: 50 } }), { reason: 'invalid_value', field: 'policy.feverThresholdC', since: START }],
      // An unknown key is named itself, not by the object that holds it.
      [JSON.stringify({ ...GOOD, kiosk: { fullscreen: true, fulscreen: false } }), { reason: 'invalid_value', field: 'kiosk.fulscreen', since: START }],
      // A key that is not a plain settings path (typed text) is never echoed to the screen.
      [JSON.stringify({ ...GOOD, '体温 "x"': 1 }), { reason: 'invalid_value', since: START }],
    ];
    for (const [broken, expected] of cases) {
      const s = await start(dataFolder(broken));
      expect({ broken: broken?.slice(0, 40), status: await status(s) }).toEqual({ broken: broken?.slice(0, 40), status: { fallback: expected } });
      // It runs on the last good config, whole.
      expect(s.gate.config.gate).toEqual(GOOD.gate);
    }
  });

  it('carries no path of the data folder and no text from the file', async () => {
    const dataDir = dataFolder(JSON.stringify({ ...GOOD, compound: { id: 'c', name: '张伟 13900000001' } }) + ' trailing');
    const s = await start(dataDir);
    const text = JSON.stringify(await status(s));
    expect(text).not.toContain(dataDir);
    expect(text).not.toContain('config.json');
    expect(text).not.toContain('张伟');
    expect(text).not.toContain('trailing');
  });

  it('a gate whose config.json loads answers null and a save pushes nothing', async () => {
    const s = await start(dataFolder(JSON.stringify(GOOD)));
    expect(await status(s)).toEqual({ fallback: null });
    s.gate.staff.signIn(s.gate.staff.staff.get('demo-guard')!, 'pin');
    expect((await s.gate.dispatch('camera:set', { enabled: true, deviceId: null })).ok).toBe(true);
    expect(s.events.filter((e) => e.event === 'config:status')).toEqual([]);
  });
});

describe('saving the settings ends the fallback', () => {
  it('camera:set rewrites config.json from the running config, pushes config:status null once, and the next start loads it', async () => {
    const dataDir = dataFolder('{ "locale": ');
    const s = await start(dataDir);
    expect((await status(s)).fallback).toMatchObject({ reason: 'not_json' });
    s.gate.staff.signIn(s.gate.staff.staff.get('demo-guard')!, 'pin');

    const r = await s.gate.dispatch('camera:set', { enabled: true, deviceId: null });
    expect(r.ok).toBe(true);
    expect(s.events.filter((e) => e.event === 'config:status')).toEqual([{ event: 'config:status', payload: { fallback: null } }]);
    expect((await s.gate.dispatch('config:status', {})) as unknown).toEqual({ ok: true, value: { fallback: null } });
    expect(s.logs.some((l) => l.includes('no longer on the last good copy'))).toBe(true);

    // The repair: config.json is the last good config with the change, and loads as it is.
    expect(JSON.parse(readFileSync(configPath(dataDir), 'utf8'))).toEqual({ ...JSON.parse(readFileSync(lastGoodConfigPath(dataDir), 'utf8')), camera: { enabled: true, deviceId: null } });
    // A second save has nothing left to end.
    await s.gate.dispatch('camera:set', { enabled: false, deviceId: null });
    expect(s.events.filter((e) => e.event === 'config:status')).toHaveLength(1);

    await s.gate.close();
    open.splice(open.findIndex((o) => o.gate === s.gate), 1);
    const again = await start(dataDir);
    // (The shift signed in above is still on: shifts outlive a restart.)
    expect((await again.gate.dispatch('config:status', {})) as unknown).toEqual({ ok: true, value: { fallback: null } });
    expect(again.gate.config.camera).toEqual({ enabled: false, deviceId: null });
  });

  it('device:saveConfig: a refused list writes nothing and the fallback stays; a saved one ends it', async () => {
    const dataDir = dataFolder(null);
    const s = await start(dataDir);
    s.gate.staff.signIn(s.gate.staff.staff.get('demo-guard')!, 'pin');

    const refused = await s.gate.dispatch('device:saveConfig', { devices: [{ kind: 'nonsense' }] });
    expect(refused).toMatchObject({ ok: true, value: { saved: false } });
    expect((await s.gate.dispatch('config:status', {})) as unknown).toMatchObject({ ok: true, value: { fallback: { reason: 'missing' } } });
    expect(s.events.filter((e) => e.event === 'config:status')).toEqual([]);
    expect(() => readFileSync(configPath(dataDir))).toThrow(/ENOENT/);

    const saved = await s.gate.dispatch('device:saveConfig', { devices: [] });
    expect(saved).toMatchObject({ ok: true, value: { saved: true } });
    expect(s.events.filter((e) => e.event === 'config:status')).toEqual([{ event: 'config:status', payload: { fallback: null } }]);
    expect(loadConfig(dataDir).gate).toEqual(GOOD.gate);
  });

  it('a save refused before it writes (nobody signed in) leaves the fallback as it was', async () => {
    const s = await start(dataFolder('not json'));
    const r = await s.gate.dispatch('camera:set', { enabled: true, deviceId: null });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect((await status(s)).fallback).toMatchObject({ reason: 'not_json' });
    expect(s.events.filter((e) => e.event === 'config:status')).toEqual([]);
  });
});

describe('every fault config.json can have fits the contract', () => {
  it('random files and random settings: each ConfigError becomes a config:status the contract accepts', () => {
    const dataDir = dataFolder(JSON.stringify(GOOD));
    const seen = { cases: 0, faults: 0, withField: 0 };
    const settings = fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...Object.keys(GOOD))), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 });
    const file = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      settings.map((d) => JSON.stringify({ ...GOOD, ...d })),
      settings.map((d) => JSON.stringify({ ...GOOD, policy: { ...GOOD.policy, ...d } })),
      settings.map((d) => JSON.stringify({ ...GOOD, sync: { ...GOOD.sync, ...d } })),
    );
    fc.assert(
      fc.property(file, (text) => {
        seen.cases++;
        writeFileSync(configPath(dataDir), text);
        let error: ConfigError | null = null;
        try {
          loadConfig(dataDir);
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          error = err as ConfigError;
        }
        if (!error) return;
        seen.faults++;
        const status = new ConfigStatusService(error, START, new GateEvents(), () => undefined).status();
        // What dispatch checks every answer against: a failure here would be an internal error on screen.
        expect(ConfigStatus.safeParse(status).success).toBe(true);
        if (status.fallback?.field) seen.withField++;
        expect(status.fallback?.reason).toBe(text.trim() === '' || !isJson(text) ? 'not_json' : 'invalid_value');
      }),
      { numRuns: 400, seed: 8022 },
    );
    reportCount(`config:status fuzz: ${seen.cases} files, ${seen.faults} faults mapped onto the contract, ${seen.withField} naming a setting`);
    expect(seen.withField).toBeGreaterThan(50);
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
