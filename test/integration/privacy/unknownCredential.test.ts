import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storableUnknownCredential } from '../../../src/main/privacy/unknownCredential';
import { idCheckChar } from '../../../src/main/roster/idNumber';
import { EntryLogStore } from '../../../src/main/store/entryLog';
import { MIGRATIONS, runMigrations } from '../../../src/main/store/migrations';
import { eventSources } from '../../../src/main/sync/sources';
import { makeGate, type TestGate } from '../../helpers/gate';
import { tempDir } from '../../helpers/tmp';

const ID17 = '32010619850315004';
const ID = ID17 + idCheckChar(ID17);
/** Right shape, wrong check character: a mistyped ID number is still mostly someone's. */
const ID_TYPO = ID17 + (idCheckChar(ID17) === '1' ? '2' : '1');
const PHONE = '13912345678';

let gate: TestGate | null = null;
afterEach(async () => {
  await gate?.cleanup();
  gate = null;
});

async function scan(code: string): Promise<void> {
  const r = await gate!.dispatch('check:scan', { code, source: 'wedge', direction: 'in' });
  if (!r.ok) throw new Error(r.error.message);
  await gate!.dispatch('check:dismiss', {});
}

describe('a scanned or typed code that matches no pass', () => {
  it('is logged and queued for the hub with an ID or phone number masked, never in full', async () => {
    gate = await makeGate();
    for (const code of [ID, ID_TYPO, PHONE, '139 1234 5678', 'NOPASS-77']) await scan(code);
    const logged = (
      gate.db.prepare('SELECT credential FROM entry_log ORDER BY seq').all() as { credential: string }[]
    ).map((r) => r.credential);
    expect(logged).toEqual([
      '3201**********' + ID.slice(-4),
      '3201**********' + ID_TYPO.slice(-4),
      '*******5678',
      '*******5678',
      'NOPASS-77',
    ]);
    const pushed = JSON.stringify(
      eventSources(gate.db, 'gate-south')
        .find((s) => s.name === 'entry')!
        .after(0, 100)
        .map((r) => r.event),
    );
    expect(pushed).toContain('*******5678');
    for (const full of [ID, ID_TYPO, PHONE, '139 1234 5678', ID17]) expect(pushed).not.toContain(full);
    // Nothing else in the database holds the number either (the audit trail, a quarantine, …).
    const dump = (
      gate.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    )
      .map((t) => JSON.stringify(gate!.db.prepare(`SELECT * FROM "${t.name}"`).all()))
      .join('\n');
    for (const full of [ID, ID_TYPO, PHONE, ID17]) expect(dump).not.toContain(full);
  });

  it('a pass number that happens to look like a phone number is still logged as the pass it is', async () => {
    gate = await makeGate();
    const passNo = '13800001111';
    gate.db
      .prepare(
        "INSERT INTO pass (id, number, resident_id, status, issued_at) SELECT 'p-phone', ?, resident_id, 'active', issued_at FROM pass LIMIT 1",
      )
      .run(passNo);
    await scan(passNo);
    expect(gate.db.prepare('SELECT credential, pass_id FROM entry_log').get()).toEqual({
      credential: passNo,
      pass_id: 'p-phone',
    });
    expect(storableUnknownCredential('HM90001')).toBe('HM90001');
  });
});

describe('migration 0009', () => {
  it('masks unknown ID and phone numbers already in the entry log, and leaves passes and lookups alone', () => {
    const tmp = tempDir();
    const db = new Database(join(tmp.dir, 'old.sqlite'));
    try {
      runMigrations(db, MIGRATIONS.slice(0, 8));
      const log = new EntryLogStore(db);
      const at = '2026-02-01T01:00:00.000Z';
      const row = (id: string, credential: string, passId: string | null, source: string) =>
        log.append(
          {
            id,
            compoundId: 'c',
            gateId: 'g',
            direction: 'in',
            credential,
            credentialSource: source,
            passId,
            residentId: null,
            householdId: null,
            building: null,
            unit: null,
            room: null,
            residentNameMasked: null,
            statusCode: null,
            tempObjectC: null,
            tempBodyC: null,
            tempDevice: null,
            tempSource: null,
            readingsJson: '[]',
            decision: 'deny',
            reasons: [],
            alert: false,
            staff: [],
            startedAt: at,
            occurredAt: at,
            recordedAt: at,
          } as Parameters<EntryLogStore['append']>[0],
          null,
        );
      row('e1', ID, null, 'wedge');
      row('e2', PHONE, null, 'camera');
      row('e3', PHONE, 'pass-1', 'wedge'); // a compound that issues phone numbers as passes
      row('e4', 'manual-lookup', null, 'lookup');
      row('e5', 'HM00001', null, 'wedge');
      runMigrations(db);
      expect(db.prepare('SELECT id, credential FROM entry_log ORDER BY seq').all()).toEqual([
        { id: 'e1', credential: '3201**********' + ID.slice(-4) },
        { id: 'e2', credential: '*******5678' },
        { id: 'e3', credential: PHONE },
        { id: 'e4', credential: 'manual-lookup' },
        { id: 'e5', credential: 'HM00001' },
      ]);
      // The log is append-only again afterwards.
      expect(() => db.prepare("UPDATE entry_log SET credential = 'x' WHERE id = 'e5'").run()).toThrowError(
        /append-only/,
      );
    } finally {
      db.close();
      tmp.cleanup();
    }
  });
});
