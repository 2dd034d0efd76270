import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, StoreError } from '../../../src/main/store/db';
import { MIGRATIONS, SCHEMA_VERSION, runMigrations } from '../../../src/main/store/migrations';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('opening the gate database', () => {
  it('is WAL with synchronous=FULL on the first open and on every reopen', () => {
    const file = join(tmp.dir, 'g.sqlite');
    openDatabase(file).close();
    // A plain better-sqlite3 reopen of the same WAL file reads NORMAL (1): the hazard we guard against.
    const plain = new Database(file);
    expect(plain.pragma('synchronous', { simple: true })).toBe(1);
    plain.close();
    for (let i = 0; i < 3; i++) {
      const db = openDatabase(file);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      db.close();
    }
  });

  it('runs the numbered migrations once and records the version', () => {
    const file = join(tmp.dir, 'g.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    const statuses = db.prepare("SELECT code FROM status_scheme WHERE scheme = 'yijingyuan9' ORDER BY sort").all();
    expect(statuses).toHaveLength(9);
    db.close();
    // A second open finds nothing to do and does not duplicate seed rows.
    const again = openDatabase(file);
    expect(again.prepare('SELECT count(*) AS n FROM status_scheme').get()).toEqual({ n: 14 });
    again.close();
  });

  it('refuses a database written by a newer version, and leaves it unchanged', () => {
    const file = join(tmp.dir, 'g.sqlite');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrowError(/newer version of Gatehouse/);
    try {
      openDatabase(file);
    } catch (err) {
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).toBe('newer_schema');
    }
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });

  it('a failing migration rolls back all pending ones', () => {
    const db = new Database(join(tmp.dir, 'm.sqlite'));
    const good = { version: 1, name: 'good', up: (d: Database.Database) => void d.exec('CREATE TABLE a (x)') };
    const bad = { version: 2, name: 'bad', up: (d: Database.Database) => void d.exec('CREATE TABLE broken (') };
    expect(() => runMigrations(db, [good, bad])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'a'").get()).toBeUndefined();
    db.close();
  });

  it('refuses migrations that are not numbered 1..n', () => {
    const db = new Database(':memory:');
    expect(() => runMigrations(db, [{ version: 2, name: 'x', up: () => {} }])).toThrowError(/expected 1/);
    db.close();
  });

  it('the entry log is append-only', () => {
    const db = openDatabase(join(tmp.dir, 'g.sqlite'));
    db.prepare(
      `INSERT INTO entry_log (id, compound_id, gate_id, direction, credential, credential_source, decision, started_at, occurred_at, recorded_at)
       VALUES ('e1', 'c', 'g', 'in', 'HM00001', 'wedge', 'admit', 't', 't', 't')`,
    ).run();
    expect(() => db.prepare("UPDATE entry_log SET decision = 'deny' WHERE id = 'e1'").run()).toThrowError(/append-only/);
    expect(() => db.prepare("DELETE FROM entry_log WHERE id = 'e1'").run()).toThrowError(/append-only/);
    expect(db.prepare("SELECT decision FROM entry_log WHERE id = 'e1'").get()).toEqual({ decision: 'admit' });
    db.close();
  });
});
