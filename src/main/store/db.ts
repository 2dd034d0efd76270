/**
 * Opening the gate database. Every open goes through here so the durability settings hold on every
 * run, not only the first: better-sqlite3 is built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, so a WAL
 * database reopens with synchronous=NORMAL, which can lose acknowledged commits on power loss.
 */
import Database from 'better-sqlite3';
import { runMigrations } from './migrations';

export type Db = Database.Database;

export class StoreError extends Error {
  constructor(
    readonly code: 'newer_schema' | 'not_durable' | 'bad_migrations',
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

export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false });
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
