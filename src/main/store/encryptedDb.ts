/**
 * Encryption at rest (decision 0014b): the same SQLite, built with SQLite3 Multiple Ciphers
 * (ChaCha20-Poly1305 per page, the WAL included), through better-sqlite3-multiple-ciphers, whose API
 * is better-sqlite3's. Only an encrypted gate loads it; a plain one never touches it.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';

type Ctor = new (file: string, opts?: { readonly?: boolean }) => Database.Database;

let cipherCtor: Ctor | null = null;
function CipherDatabase(): Ctor {
  // Loaded on first use: the native module is only needed by gates that encrypt.
  cipherCtor ??= createRequire(__filename)('better-sqlite3-multiple-ciphers') as Ctor;
  return cipherCtor;
}

export class EncryptedDbError extends Error {
  constructor(
    readonly code: 'bad_key' | 'encrypted',
    message: string,
  ) {
    super(message);
    this.name = 'EncryptedDbError';
  }
}

const PLAIN_HEADER = 'SQLite format 3\u0000';

/** True for a plain SQLite file; false for an encrypted one. A missing or empty file is neither (null). */
export function isPlainSqlite(file: string): boolean | null {
  if (!existsSync(file)) return null;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    if (n === 0) return null;
    return n === 16 && head.toString('latin1') === PLAIN_HEADER;
  } finally {
    closeSync(fd);
  }
}

function keyPragma(db: Database.Database, pragma: 'hexkey' | 'hexrekey', key: Buffer): void {
  db.pragma(`${pragma}='${key.toString('hex')}'`);
}

/** Opens (or creates) an encrypted database; a plain one at that path is encrypted in place first. */
export function openEncrypted(file: string, key: Buffer, readonly: boolean): Database.Database {
  if (!readonly && isPlainSqlite(file) === true) encryptInPlace(file, key);
  const Ctor = CipherDatabase();
  const db = new Ctor(file, { readonly });
  try {
    keyPragma(db, 'hexkey', key);
    // The key is only checked when a page is read.
    db.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    return db;
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new EncryptedDbError('bad_key', `the database ${file} cannot be opened with this key (wrong passphrase, or secrets/ from another machine)`);
    }
    throw err;
  }
}

/**
 * A plain database (an existing gate switching encryption on) is rewritten encrypted. Rekeying
 * needs rollback-journal mode, so the WAL is checkpointed away first and WAL comes back after; it
 * runs at start, before anything else has the file open.
 */
export function encryptInPlace(file: string, key: Buffer): void {
  const Ctor = CipherDatabase();
  const db = new Ctor(file);
  try {
    db.pragma('journal_mode = DELETE');
    keyPragma(db, 'hexrekey', key);
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}
