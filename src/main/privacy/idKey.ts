/**
 * The key for ID-number lookups lives outside the database: a copy of gatehouse.sqlite alone (a
 * backup, a stolen disk image of just that file) then cannot be searched by hashing all 18-digit
 * numbers, which takes seconds for a plain hash (decision 0014).
 *
 * The file is `<dataDir>/secrets/id-lookup.key`, owner-only (0600, folder 0700). The headless host
 * stores the key as it is; the Electron shell passes a wrapper backed by the OS keychain
 * (safeStorage), so the file is useless without the logged-in OS account as well.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_BYTES = 32;
export const SECRETS_DIR = 'secrets';
export const ID_KEY_FILE = 'id-lookup.key';

/** How the key is stored at rest; `kind` is written into the file so a mismatch is named, not guessed. */
export type KeyWrapper = { kind: string; wrap(key: Buffer): Buffer; unwrap(stored: Buffer): Buffer };

export const plainWrapper: KeyWrapper = { kind: 'plain', wrap: (k) => Buffer.from(k), unwrap: (s) => Buffer.from(s) };

export class KeyFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${message} (${file})`);
    this.name = 'KeyFileError';
  }
}

type KeyFile = { v: 1; wrap: string; key: string };

export function idKeyPath(dataDir: string): string {
  return join(dataDir, SECRETS_DIR, ID_KEY_FILE);
}

/** `<dataDir>/secrets`, created owner-only (and narrowed again if a copy widened it). */
export function secretsDir(dataDir: string): string {
  const dir = join(dataDir, SECRETS_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

/** Reads the key, creating it on first start. Permissions wider than owner-only are narrowed. */
export function loadOrCreateIdKey(dataDir: string, wrapper: KeyWrapper = plainWrapper): Buffer {
  return loadOrCreateKey(dataDir, ID_KEY_FILE, wrapper, 'ID lookup');
}

/** A random 32-byte key in `<dataDir>/secrets/<fileName>`, stored through `wrapper`. */
export function loadOrCreateKey(dataDir: string, fileName: string, wrapper: KeyWrapper, what: string): Buffer {
  const dir = secretsDir(dataDir);
  const file = join(dir, fileName);
  if (!existsSync(file)) {
    const key = randomBytes(KEY_BYTES);
    const body: KeyFile = { v: 1, wrap: wrapper.kind, key: wrapper.wrap(key).toString('base64') };
    // 'wx': two processes starting at once must not each write their own key.
    writeFileSync(file, `${JSON.stringify(body)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600); // the process umask may have narrowed `mode`, never widened; be exact
    return key;
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  let body: KeyFile;
  try {
    body = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  } catch {
    throw new KeyFileError(file, `the ${what} key file is not readable JSON`);
  }
  if (body?.v !== 1 || typeof body.key !== 'string' || typeof body.wrap !== 'string') {
    throw new KeyFileError(file, `the ${what} key file has an unknown format`);
  }
  if (body.wrap !== wrapper.kind) {
    throw new KeyFileError(file, `the ${what} key was stored with "${body.wrap}" but this shell uses "${wrapper.kind}"`);
  }
  const key = wrapper.unwrap(Buffer.from(body.key, 'base64'));
  if (key.length !== KEY_BYTES) throw new KeyFileError(file, `the ${what} key has the wrong length`);
  return key;
}

/** How an existing key file was stored ('plain', 'safeStorage', …), or null when there is none yet. */
export function storedKeyKind(dataDir: string): string | null {
  const file = idKeyPath(dataDir);
  if (!existsSync(file)) return null;
  try {
    const body = JSON.parse(readFileSync(file, 'utf8')) as Partial<KeyFile>;
    return typeof body.wrap === 'string' ? body.wrap : null;
  } catch {
    return null;
  }
}
