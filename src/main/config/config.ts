/**
 * The gate's configuration file (`config.json` in the data folder) is the source of truth; a missing
 * file is written with the embedded defaults (demo compound, simulated thermometer) so a fresh
 * machine runs with no set-up. An invalid file is an error naming the exact field at fault; at start-up
 * the gate then runs on the last configuration that loaded (decision 0022) rather than not at all.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_FLOWS, FlowsConfig } from '../flows/flowsConfig';
import { CONFIG_FIELD_PATTERN, type ConfigFaultReason } from '../../shared/configStatus';

const RetentionDays = z.number().int().min(1).max(3650);
export const RetentionConfig = z
  .object({
    /** The entry log with its temperatures and alerts (events the hub has not acknowledged are kept regardless). */
    entryLogDays: RetentionDays,
    /** Visitor registrations, counted from the latest of registration, departure and pass expiry. */
    visitorDays: RetentionDays,
    /**
     * Returnee registrations and their home observations, counted from the end of the observation
     * (never while it runs). A default, so config files written before issue 4's retention still load.
     */
    returneeDays: RetentionDays.default(28),
    /** Parcels, counted from the handover (pickup or door drop); a parcel still on the shelf is kept. */
    parcelDays: RetentionDays.default(28),
    /** Passages at other gates learnt from the hub. */
    presenceDays: RetentionDays,
    /** The audit trail. */
    auditDays: RetentionDays,
    /** Purge reports themselves. */
    purgeReportDays: RetentionDays,
  })
  .strict();
export type RetentionConfig = z.infer<typeof RetentionConfig>;
export const DEFAULT_RETENTION: RetentionConfig = {
  entryLogDays: 28,
  visitorDays: 28,
  returneeDays: 28,
  parcelDays: 28,
  presenceDays: 28,
  auditDays: 365,
  purgeReportDays: 365,
};

export const GateConfig = z
  .object({
    compound: z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(100) }).strict(),
    gate: z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(100) }).strict(),
    locale: z.enum(['zh-CN', 'en']),
    timeZone: z.string().refine(isTimeZone, 'unknown IANA time zone'),
    kiosk: z.object({ fullscreen: z.boolean() }).strict(),
    host: z.object({ port: z.number().int().min(0).max(65535) }).strict(),
    policy: z
      .object({
        feverThresholdC: z.number().min(35).max(42),
        validRangeC: z.object({ min: z.number(), max: z.number() }).strict(),
        measureOnExit: z.boolean(),
        /** A check waiting for a reading this long is logged as unfinished. */
        pendingTimeoutS: z.number().int().min(5).max(3600),
        /** A reading taken this long before the scan still counts for it. */
        readingFreshS: z.number().int().min(1).max(600),
      })
      .strict(),
    thermometer: z.object({ kind: z.enum(['simulated', 'none']) }).strict(),
    demo: z.object({ seedRoster: z.boolean() }).strict(),
    /** Webcam QR reading in the UI; the camera is the browser's device id, chosen on the settings screen. */
    camera: z.object({ enabled: z.boolean(), deviceId: z.string().max(256).nullable() }).strict().default({ enabled: false, deviceId: null }),
    /** Serial and HID devices; each entry is validated on its own by the device manager. */
    devices: z.array(z.unknown()).max(32).default([]),
    /** PIN lockout (decision 0013): this many wrong PINs in a row lock that person for this long. */
    staff: z
      .object({ lockoutFailures: z.number().int().min(3).max(20), lockoutMinutes: z.number().int().min(1).max(24 * 60) })
      .strict()
      .default({ lockoutFailures: 5, lockoutMinutes: 5 }),
    /** Committee hub sync (the hub address and token come from enrolment, not from here). */
    sync: z
      .object({
        /** Pause between sync rounds while all is well (a new entry is pushed sooner). */
        intervalS: z.number().int().min(1).max(3600),
        /** "Roster as of …" on the guard screen turns amber beyond this age. */
        rosterStaleAfterH: z.number().min(0.1).max(24 * 30),
        /** The oldest check not yet at the hub raises an alarm beyond this age. */
        unsentAlarmAfterMin: z.number().min(1).max(24 * 60 * 7),
      })
      .strict()
      .default({ intervalS: 15, rosterStaleAfterH: 24, unsentAlarmAfterMin: 60 }),
    /** Days each kind of record is kept before the daily purge removes it (decision 0014). */
    retention: RetentionConfig.default(DEFAULT_RETENTION),
    /** Encryption at rest (decision 0014b); the key never comes from this file. */
    storage: z.object({ encrypted: z.boolean() }).strict().default({ encrypted: false }),
    /** Visitors, returnees and home observation (issue 4). */
    flows: FlowsConfig.default(DEFAULT_FLOWS),
  })
  .strict();
export type GateConfig = z.infer<typeof GateConfig>;

export const DEFAULT_CONFIG: GateConfig = {
  compound: { id: 'demo-compound', name: '示范小区（演示数据）' },
  gate: { id: 'gate-south', name: '南门' },
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  kiosk: { fullscreen: true },
  host: { port: 4780 },
  policy: { feverThresholdC: 37.3, validRangeC: { min: 30, max: 45 }, measureOnExit: false, pendingTimeoutS: 120, readingFreshS: 30 },
  thermometer: { kind: 'simulated' },
  demo: { seedRoster: true },
  camera: { enabled: false, deviceId: null },
  devices: [],
  staff: { lockoutFailures: 5, lockoutMinutes: 5 },
  sync: { intervalS: 15, rosterStaleAfterH: 24, unsentAlarmAfterMin: 60 },
  retention: DEFAULT_RETENTION,
  storage: { encrypted: false },
  flows: DEFAULT_FLOWS,
};

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
    /** What kind of fault, for the screen (the problems are English for the log). */
    readonly reason: ConfigFaultReason = 'invalid_value',
    /** The first setting at fault (invalid_value), when it is a plain settings path. */
    readonly field?: string,
  ) {
    super(`Invalid configuration in ${file}:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function configPath(dataDir: string): string {
  return join(dataDir, 'config.json');
}

/** Written via a temp file and rename so a crash never leaves a half-written config behind. */
export function saveConfig(dataDir: string, config: GateConfig): void {
  const file = configPath(dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(config, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** A hand-edited config is a few kilobytes; anything near this is not one, and is not read. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** A copy of the last config.json that loaded, kept for loadConfigOrLastGood. */
export function lastGoodConfigPath(dataDir: string): string {
  return join(dataDir, 'config.last-good.json');
}

const MAX_CONFIG_DEPTH = 32;

/** Bracket depth outside strings; an unbalanced file is left to JSON.parse to report. */
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

function readConfigFile(file: string): { config: GateConfig; text: string } {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_BYTES) throw new ConfigError(file, [`(file): ${size} bytes; at most ${MAX_CONFIG_BYTES}`], 'too_large');
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(file, [`(file): cannot be read: ${(err as Error).message}`], 'unreadable');
  }
  // Windows Notepad saves with a BOM (UTF-8) or as UTF-16 ("Unicode"); JSON.parse refuses both as is.
  const text =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? new TextDecoder('utf-16le').decode(bytes)
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? new TextDecoder('utf-16be').decode(bytes)
        : new TextDecoder('utf-8').decode(bytes);
  // Deep values would pass through `devices` (validated later, entry by entry) and then overflow
  // the stack wherever the config is copied or serialised; a real config is 4 levels deep.
  if (jsonDepth(text) > MAX_CONFIG_DEPTH) throw new ConfigError(file, [`(file): nested deeper than ${MAX_CONFIG_DEPTH} levels`], 'too_deep');
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(file, [`(file): not valid JSON: ${(err as Error).message}`], 'not_json');
  }
  const parsed = GateConfig.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      file,
      parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
      'invalid_value',
      faultField(parsed.error.issues[0]),
    );
  }
  return { config: parsed.data, text };
}

/** The setting an issue is about; an unknown key is named itself, not by the object holding it. */
function faultField(issue: z.core.$ZodIssue | undefined): string | undefined {
  if (!issue) return undefined;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const field = path.join('.');
  return CONFIG_FIELD_PATTERN.test(field) ? field : undefined;
}

/**
 * The configuration in config.json, whole or not at all: any invalid field throws ConfigError and
 * nothing of the file is used. A config that loads is copied to config.last-good.json.
 */
export function loadConfig(dataDir: string): GateConfig {
  mkdirSync(dataDir, { recursive: true });
  const file = configPath(dataDir);
  if (!existsSync(file)) {
    // Missing after a config has loaded here before is a fault, not a fresh machine: the defaults
    // would turn a real gate into the demo compound.
    if (existsSync(lastGoodConfigPath(dataDir))) throw new ConfigError(file, ['(file): missing'], 'missing');
    saveConfig(dataDir, DEFAULT_CONFIG);
    return DEFAULT_CONFIG;
  }
  const { config, text } = readConfigFile(file);
  const good = lastGoodConfigPath(dataDir);
  try {
    if (!existsSync(good) || readFileSync(good, 'utf8') !== text) {
      writeFileSync(`${good}.tmp`, text);
      renameSync(`${good}.tmp`, good);
    }
  } catch {
    // A full or read-only disk must not stop a gate whose config is fine; the old copy stays.
  }
  return config;
}

export type LoadedConfig = { config: GateConfig; fallback: ConfigError | null };

/**
 * For start-up (decision 0022): a broken config.json at 3 a.m. should not leave the gate dark, so
 * the last configuration that loaded is used instead, and `fallback` says why so the caller flags it.
 * Without a last good copy the error stands.
 */
export function loadConfigOrLastGood(dataDir: string): LoadedConfig {
  try {
    return { config: loadConfig(dataDir), fallback: null };
  } catch (err) {
    const good = lastGoodConfigPath(dataDir);
    if (!(err instanceof ConfigError) || !existsSync(good)) throw err;
    try {
      return { config: readConfigFile(good).config, fallback: err };
    } catch {
      throw err;
    }
  }
}
