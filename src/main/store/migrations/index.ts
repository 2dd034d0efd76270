/**
 * Numbered, forward-only migrations. A database written by a newer Gatehouse is refused rather
 * than guessed at: a kiosk rolled back to an older build must not corrupt the newer schema.
 */
import type { Db } from '../db';
import { StoreError } from '../db';
import m0001 from './0001-initial';
import m0002 from './0002-status-schemes';
import m0003 from './0003-sync';
import m0004 from './0004-checklist';
import m0005 from './0005-staff-audit';
import m0006 from './0006-privacy';
import m0007 from './0007-gate-flows';
import m0008 from './0008-passes-vehicles';
import m0009 from './0009-flows-retention';
import m0010 from './0010-audit-head';
import m0011 from './0011-clock';

export type Migration = { version: number; name: string; up: (db: Db) => void };

export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function runMigrations(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new StoreError('bad_migrations', `migration ${m.name} has version ${m.version}, expected ${i + 1}`);
    }
  });
  const latest = migrations.length;
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > latest) {
    throw new StoreError(
      'newer_schema',
      `This database was written by a newer version of Gatehouse (schema ${current}; this build knows ` +
        `up to ${latest}). Install the newer version or restore a backup; the database was not changed.`,
    );
  }
  const pending = migrations.slice(current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return latest;
}
