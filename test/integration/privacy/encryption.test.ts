import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/main/config/config';
import { DbKeyError, headlessDbKey, passphraseDbKey, wrappedDbKey } from '../../../src/main/privacy/dbKey';
import { plainWrapper } from '../../../src/main/privacy/idKey';
import { startGate } from '../../../src/main/runtime/startGate';
import { openDatabase, StoreError } from '../../../src/main/store/db';
import { makeGate, ROOT } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';

const MARKER = 'ZHANG-WEI-13912340001';
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** Every byte the database keeps on disk: the file, its WAL and shared memory. */
function onDisk(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
}

function writeMarker(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS probe (x TEXT); INSERT INTO probe VALUES ('${MARKER}')`);
}

describe('encryption at rest', () => {
  it('an encrypted database keeps nothing readable on disk (WAL included), stays durable, and opens only with its key', () => {
    const file = join(tmp.dir, 'g.sqlite');
    const key = passphraseDbKey(tmp.dir, 'correct horse battery staple');
    const db = openDatabase(file, { key });
    writeMarker(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(onDisk(file).includes(MARKER)).toBe(false); // still in the WAL: encrypted there too
    db.close();
    expect(onDisk(file).includes(MARKER)).toBe(false);
    expect(readFileSync(file).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');

    // Plain SQLite cannot read it, and the gate's opener names the problem instead of guessing.
    const plain = new Database(file);
    expect(() => plain.prepare('SELECT * FROM probe').all()).toThrowError(/not a database/);
    plain.close();
    // A copy of the file (a backup, a USB stick) opened without the key: refused by name, not guessed at.
    const copy = join(tmp.dir, 'copy.sqlite');
    copyFileSync(file, copy);
    expect(() => openDatabase(copy)).toThrowError(expect.objectContaining({ code: 'encrypted' }));
    expect(() => openDatabase(file, { key: passphraseDbKey(tmp.dir, 'wrong horse battery staple') })).toThrowError(
      expect.objectContaining({ code: 'bad_key' }),
    );
    const again = openDatabase(file, { key: passphraseDbKey(tmp.dir, 'correct horse battery staple') });
    expect(again.prepare('SELECT x FROM probe').all()).toEqual([{ x: MARKER }]);
    // A second connection in this process (an export's reader) needs no key handed to it.
    const reader = openDatabase(file, { readonly: true });
    expect(reader.prepare('SELECT count(*) AS n FROM probe').get()).toEqual({ n: 1 });
    reader.close();
    again.close();
  });

  it('switching it on encrypts an existing plain gate database in place, keeping its data and schema', () => {
    const file = join(tmp.dir, 'g.sqlite');
    const db = openDatabase(file);
    writeMarker(db);
    const version = db.pragma('user_version', { simple: true });
    db.close();
    expect(onDisk(file).includes(MARKER)).toBe(true);
    const key = passphraseDbKey(tmp.dir, 'correct horse battery staple');
    const enc = openDatabase(file, { key });
    expect(enc.prepare('SELECT x FROM probe').all()).toEqual([{ x: MARKER }]);
    expect(enc.pragma('user_version', { simple: true })).toBe(version);
    expect(enc.pragma('journal_mode', { simple: true })).toBe('wal');
    enc.close();
    expect(onDisk(file).includes(MARKER)).toBe(false);
  });

  it('the headless key comes from a passphrase in the environment or a credentials file, never from nowhere', () => {
    expect(() => headlessDbKey(tmp.dir, {})).toThrowError(DbKeyError);
    expect(() => headlessDbKey(tmp.dir, { GATEHOUSE_DB_PASSPHRASE: 'short' })).toThrowError(/at least 12/);
    const viaEnv = headlessDbKey(tmp.dir, { GATEHOUSE_DB_PASSPHRASE: 'correct horse battery staple' });
    writeFileSync(join(tmp.dir, 'pass'), 'correct horse battery staple\n');
    expect(headlessDbKey(tmp.dir, { GATEHOUSE_DB_PASSPHRASE_FILE: join(tmp.dir, 'pass') }).equals(viaEnv)).toBe(true);
    expect(viaEnv).toHaveLength(32);
    expect(statSync(join(tmp.dir, 'secrets', 'db.salt')).mode & 0o777).toBe(0o600);
    // The Electron shell's key is random and stored wrapped (here: the plain wrapper of a box without a keychain).
    const wrapped = wrappedDbKey(tmp.dir, plainWrapper);
    expect(wrappedDbKey(tmp.dir, plainWrapper).equals(wrapped)).toBe(true);
  });

  it('a gate configured encrypted starts with its passphrase and refuses to start without it', async () => {
    const dataDir = join(tmp.dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ ...DEFAULT_CONFIG, demo: { seedRoster: false }, storage: { encrypted: true } }));
    const start = (env: NodeJS.ProcessEnv) =>
      startGate({ dataDir, resourcesDir: join(ROOT, 'resources'), log: () => {}, dbKey: (dir) => headlessDbKey(dir, env) });
    await expect(start({})).rejects.toThrowError(DbKeyError);
    const gate = await start({ GATEHOUSE_DB_PASSPHRASE: 'correct horse battery staple' });
    expect((await gate.dispatch('gate:info', {})).ok).toBe(true);
    await gate.close();
    expect(readFileSync(join(dataDir, 'gatehouse.sqlite')).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    await expect(start({ GATEHOUSE_DB_PASSPHRASE: 'another passphrase entirely' })).rejects.toThrowError(StoreError);
  });

  it('an encrypted gate runs checks and streams its export through the second, read-only connection', async () => {
    process.env.GATEHOUSE_DB_PASSPHRASE = 'correct horse battery staple';
    const gate = await makeGate({ config: { storage: { encrypted: true } } });
    try {
      const events: unknown[] = [];
      gate.events.subscribe((e, p) => e === 'export:progress' && events.push(p));
      expect((await gate.dispatch('check:scan', { code: 'HM90001', source: 'wedge', direction: 'in' })).ok).toBe(true);
      expect((await gate.dispatch('device:simulateReading', { celsius: 36.5 })).ok).toBe(true);
      const out = join(tmp.dir, 'out');
      mkdirSync(out);
      expect((await gate.dispatch('export:start', { format: 'csv', folder: out, filter: {} })).ok).toBe(true);
      await vi.waitFor(() => expect(events.some((e) => (e as { state: string }).state === 'done')).toBe(true), { timeout: 10_000 });
      const [csv] = readdirSync(out);
      expect(readFileSync(join(out, csv!), 'utf8')).toContain('HM90001');
      expect(onDisk(join(gate.dataDir, 'gatehouse.sqlite')).includes('HM90001')).toBe(false);
    } finally {
      delete process.env.GATEHOUSE_DB_PASSPHRASE;
      await gate.cleanup();
    }
  });
});
