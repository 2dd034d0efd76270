/**
 * Opening the gate database. Every open goes through here so the durability settings hold on every
 * run, not only the first: better-sqlite3 is built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, so a WAL
 * database reopens with synchronous=NORMAL, which can lose acknowledged commits on power loss.
 */
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { EncryptedDbError, isPlainSqlite, openEncrypted } from './encryptedDb';
import { runMigrations } from './migrations';

export type Db = Database.Database;

export class StoreError extends Error {
  constructor(
    readonly code: 'newer_schema' | 'not_durable' | 'bad_migrations' | 'bad_key' | 'encrypted',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** PRAGMA synchronous values: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
const SYNCHRONOUS_FULL = 2;
export const AUTOCHECKPOINT_PAGES = 8000;

/** Copies the WAL back into the database without waiting on readers; called when no check is open. */
export function checkpointIdle(db: Db): void {
  db.pragma('wal_checkpoint(PASSIVE)');
}

/**
 * Keys of the encrypted databases this process opened, by path: a second connection to the same
 * file (an export's read-only reader) opens it without being handed the key again.
 */
const keysByFile = new Map<string, Buffer>();

function openHandle(file: string, readonly: boolean, key: Buffer | undefined): Db {
  const k = key ?? keysByFile.get(resolve(file));
  if (k) {
    try {
      const db = openEncrypted(file, k, readonly);
      keysByFile.set(resolve(file), k);
      return db;
    } catch (err) {
      if (err instanceof EncryptedDbError) throw new StoreError(err.code, err.message);
      throw err;
    }
  }
  if (isPlainSqlite(file) === false) {
    throw new StoreError(
      'encrypted',
      `The database ${file} is encrypted. Set "storage": {"encrypted": true} in config.json and provide its key ` +
        '(GATEHOUSE_DB_PASSPHRASE on the headless host); the database was not changed.',
    );
  }
  return new Database(file, { readonly });
}

/** `key`: open (or create, or encrypt in place) the database encrypted with this 32-byte key. */
export function openDatabase(file: string, options: { readonly?: boolean; key?: Buffer } = {}): Db {
  const db = openHandle(file, options.readonly ?? false, options.key);
  try {
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // The automatic checkpoint (default every 1000 pages) runs inside whichever commit crosses the
      // line, putting a database-file fsync on a guard's scan. The runtime checkpoints while the
      // gate is idle instead; this larger limit is only the safety net.
      db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      assertDurable(db);
    }
    db.pragma('foreign_keys = ON');
    // Deleted rows (a retention purge, a resident dropped from the roster) are overwritten with zeros
    // instead of lingering in free pages, where a copy of the file would still hold them.
    if (!options.readonly) db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) runMigrations(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function assertDurable(db: Db): void {
  const journal = db.pragma('journal_mode', { simple: true });
  const sync = db.pragma('synchronous', { simple: true });
  if (journal !== 'wal' || sync !== SYNCHRONOUS_FULL) {
    throw new StoreError(
      'not_durable',
      `database is not durable: journal_mode=${String(journal)} synchronous=${String(sync)} (need wal / 2)`,
    );
  }
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A statement prepared once per connection and reused. Preparing costs tens of microseconds, which
 * matters on the scan path (every check asks several features about the person), so code that
 * runs per check uses this instead of `db.prepare` on each call.
 */
export function statement<P extends unknown[] | object = unknown[], R = unknown>(db: Db, sql: string): Database.Statement<P, R> {
  let byDb = statements.get(db);
  if (!byDb) {
    byDb = new Map();
    statements.set(db, byDb);
  }
  let s = byDb.get(sql);
  if (!s) {
    s = db.prepare(sql);
    byDb.set(sql, s);
  }
  return s as unknown as Database.Statement<P, R>;
}
