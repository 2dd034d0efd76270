/**
 * The database key, for gates with `storage.encrypted` (decision 0014b).
 *
 * - Electron: a random 32-byte key in `secrets/db.key`, wrapped by the OS keychain (safeStorage), so
 *   the kiosk starts unattended and the file alone is useless.
 * - Headless host: derived from a passphrase with scrypt (salt in `secrets/db.salt`). The passphrase
 *   comes from `GATEHOUSE_DB_PASSPHRASE`, or from the file named by `GATEHOUSE_DB_PASSPHRASE_FILE`
 *   (systemd `LoadCredential=`), never from config.json: a key stored beside the data protects
 *   nothing.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_BYTES, loadOrCreateKey, secretsDir, type KeyWrapper } from './idKey';

export const DB_KEY_FILE = 'db.key';
const SALT_FILE = 'db.salt';
/** scrypt cost: about 0.1 s once per start on a gate box, ~10^5 times slower than SHA-256 per guess. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
export const MIN_PASSPHRASE = 12;

export class DbKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DbKeyError';
  }
}

export function wrappedDbKey(dataDir: string, wrapper: KeyWrapper): Buffer {
  return loadOrCreateKey(dataDir, DB_KEY_FILE, wrapper, 'database');
}

export function passphraseDbKey(dataDir: string, passphrase: string): Buffer {
  if (passphrase.length < MIN_PASSPHRASE) throw new DbKeyError(`the database passphrase must be at least ${MIN_PASSPHRASE} characters`);
  const saltFile = join(secretsDir(dataDir), SALT_FILE);
  if (!existsSync(saltFile)) writeFileSync(saltFile, randomBytes(16).toString('hex'), { mode: 0o600, flag: 'wx' });
  const salt = Buffer.from(readFileSync(saltFile, 'utf8').trim(), 'hex');
  return scryptSync(passphrase.normalize('NFC'), salt, KEY_BYTES, SCRYPT);
}

/** The headless host's key, from its environment; a clear refusal when none is given. */
export function headlessDbKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const file = env.GATEHOUSE_DB_PASSPHRASE_FILE;
  const passphrase = file ? readFileSync(file, 'utf8').replace(/\r?\n$/, '') : env.GATEHOUSE_DB_PASSPHRASE;
  if (!passphrase) {
    throw new DbKeyError(
      'config.json has "storage": {"encrypted": true} but no passphrase was given: set GATEHOUSE_DB_PASSPHRASE or GATEHOUSE_DB_PASSPHRASE_FILE',
    );
  }
  return passphraseDbKey(dataDir, passphrase);
}
