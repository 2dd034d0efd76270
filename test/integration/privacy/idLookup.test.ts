import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/main/core/clock';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { idKeyPath, KeyFileError, loadOrCreateIdKey, type KeyWrapper } from '../../../src/main/privacy/idKey';
import { IdLookup } from '../../../src/main/privacy/idLookup';
import { openDatabase, type Db } from '../../../src/main/store/db';
import { RosterStore, type RosterInput } from '../../../src/main/store/roster';
import { makeGate } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';

const ID_A = '11010519491231002X';
const ID_B = '440524188001010014';
const rows: RosterInput[] = [
  { building: '1', unit: '1', room: '101', name: '张伟', phone: '13900000001', idNumber: ID_A, residency: 'owner', passNumber: 'HM1', status: 'black' },
  { building: '1', unit: '1', room: '102', name: '李娜', phone: '13900000002', idNumber: ID_B, residency: 'owner', passNumber: 'HM2', status: 'black' },
  { building: '1', unit: '1', room: '103', name: '王芳', phone: '', idNumber: '', residency: 'renter', passNumber: 'HM3', status: 'black' },
];

let tmp: ReturnType<typeof tempDir>;
let db: Db;
const clock = fixedClock('2026-03-01T00:00:00Z');
const newId = uuidv7Generator(clock);

function importRows(r: RosterInput[]): void {
  const store = new RosterStore(db);
  db.transaction(() => store.replaceRoster('c', r, clock.now().toISOString(), newId))();
}
const idOf = (name: string): string => db.prepare<[string], { id: string }>('SELECT id FROM resident WHERE name = ?').get(name)!.id;

beforeEach(() => {
  tmp = tempDir();
  db = openDatabase(join(tmp.dir, 'g.sqlite'));
  db.prepare("INSERT INTO compound VALUES ('c', 'C', '2026-01-01')").run();
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

describe('the ID lookup key', () => {
  it('is created once in secrets/ with owner-only permissions and read back the same', () => {
    const key = loadOrCreateIdKey(tmp.dir);
    expect(key).toHaveLength(32);
    const file = idKeyPath(tmp.dir);
    expect(file).toBe(join(tmp.dir, 'secrets', 'id-lookup.key'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(tmp.dir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(loadOrCreateIdKey(tmp.dir).equals(key)).toBe(true);
    // Loosened by hand (a copy with the wrong umask): narrowed again on the next start.
    chmodSync(file, 0o644);
    loadOrCreateIdKey(tmp.dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('is stored wrapped when the shell wraps it, and a file from the other shell is refused by name', () => {
    const xor: KeyWrapper = { kind: 'test-wrap', wrap: (k) => Buffer.from(k.map((b) => b ^ 0x5a)), unwrap: (s) => Buffer.from(s.map((b) => b ^ 0x5a)) };
    const key = loadOrCreateIdKey(tmp.dir, xor);
    const stored = JSON.parse(readFileSync(idKeyPath(tmp.dir), 'utf8')) as { wrap: string; key: string };
    expect(stored.wrap).toBe('test-wrap');
    expect(Buffer.from(stored.key, 'base64').equals(key)).toBe(false);
    expect(loadOrCreateIdKey(tmp.dir, xor).equals(key)).toBe(true);
    expect(() => loadOrCreateIdKey(tmp.dir)).toThrowError(KeyFileError);
    expect(() => loadOrCreateIdKey(tmp.dir)).toThrowError(/"test-wrap" but this shell uses "plain"/);
    writeFileSync(idKeyPath(tmp.dir), 'not json');
    expect(() => loadOrCreateIdKey(tmp.dir, xor)).toThrowError(/not readable JSON/);
  });
});

describe('finding a resident by ID number', () => {
  it('stores a keyed digest, never a plain hash, and finds the resident by it (X in either case)', () => {
    importRows(rows);
    const lookup = new IdLookup(db, loadOrCreateIdKey(tmp.dir));
    expect(lookup.backfill()).toBe(2);
    const stored = db.prepare<[], { id_hmac: string | null }>("SELECT id_hmac FROM resident WHERE name = '张伟'").get()!.id_hmac;
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toBe(createHash('sha256').update(ID_A).digest('hex'));
    expect(db.prepare("SELECT id_hmac FROM resident WHERE name = '王芳'").get()).toEqual({ id_hmac: null });
    expect(lookup.residentIds(ID_A)).toEqual([idOf('张伟')]);
    expect(lookup.residentIds(ID_A.toLowerCase())).toEqual([idOf('张伟')]);
    expect(lookup.residentIds('110105194912310038')).toEqual([]);
    expect(lookup.residentIds('')).toEqual([]);
  });

  it('a re-import that changes an ID number resets its digest, and the next lookup fills it again', () => {
    importRows(rows);
    const lookup = new IdLookup(db, loadOrCreateIdKey(tmp.dir));
    lookup.backfill();
    importRows([{ ...rows[0]!, idNumber: ID_B }, { ...rows[1]!, idNumber: ID_A }, rows[2]!]);
    expect(db.prepare('SELECT count(*) AS n FROM resident WHERE id_hmac IS NULL').get()).toEqual({ n: 3 });
    expect(lookup.residentIds(ID_A)).toEqual([idOf('李娜')]);
    expect(lookup.residentIds(ID_B)).toEqual([idOf('张伟')]);
  });

  it('a different key (secrets restored from elsewhere) recomputes every digest instead of matching nothing', () => {
    importRows(rows);
    new IdLookup(db, loadOrCreateIdKey(tmp.dir)).backfill();
    const other = Buffer.alloc(32, 7);
    const lookup = new IdLookup(db, other);
    expect(db.prepare('SELECT count(*) AS n FROM resident WHERE id_hmac IS NOT NULL').get()).toEqual({ n: 0 });
    expect(lookup.residentIds(ID_B)).toEqual([idOf('李娜')]);
  });
});

describe('a roster import through the contract', () => {
  it('fills the keyed digests at once, and the ID-card scan and the search find the new resident', async () => {
    const gate = await makeGate({ roster: [] });
    try {
      const csv = `楼号,单元,室,姓名,电话,身份证号,户籍,出入证号,状态\n7,1,701,何平,13900007001,${ID_A},业主,HM77001,black\n`;
      const r = await gate.dispatch('roster:import', { fileName: 'r.csv', dataBase64: Buffer.from(csv).toString('base64'), mode: 'all_or_nothing', dryRun: false });
      expect(r).toMatchObject({ ok: true, value: { imported: true } });
      expect(gate.db.prepare('SELECT count(*) AS n FROM resident WHERE id_hmac IS NULL').get()).toEqual({ n: 0 });
      const found = await gate.dispatch('privacy:findByIdNumber', { idNumber: ID_A });
      expect(found).toMatchObject({ ok: true, value: [{ name: '何*', idNumberMasked: '1101**********002X', household: { building: '7', room: '701' } }] });
    } finally {
      await gate.cleanup();
    }
  });
});
