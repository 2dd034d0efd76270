import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AuditLog, canonicalJson, GENESIS_HASH, recordHash } from '../../../src/main/audit/auditLog';
import { fixedClock } from '../../../src/main/core/clock';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { openDatabase, type Db } from '../../../src/main/store/db';
import { tempDir } from '../../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let audit: AuditLog;
const clock = fixedClock('2020-02-10T01:00:00.000Z');

beforeEach(() => {
  clock.set('2020-02-10T01:00:00.000Z');
  tmp = tempDir();
  db = openDatabase(join(tmp.dir, 'a.sqlite'));
  audit = new AuditLog(db, clock, uuidv7Generator(clock));
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

const fill = (n: number): void => {
  for (let i = 0; i < n; i++) {
    clock.advance(60_000);
    audit.append('test.event', { actors: ['a', 'b'], subject: `s${i}`, details: { i, nested: { z: 1, a: [2, { y: 1, b: 2 }] } } });
  }
};
/** What an attacker with the database file does first: drop the triggers that refuse edits. */
const dropTriggers = (): void => {
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
};

describe('hash-chained audit trail', () => {
  it('links each record to the previous one, starting at genesis, and verifies', () => {
    fill(5);
    const rows = db.prepare('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq').all() as Array<{ seq: number; prev_hash: string; hash: string }>;
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(audit.verify()).toEqual({ ok: true, records: 5, head: rows[4]!.hash });
    expect(audit.head()).toMatchObject({ seq: 5, hash: rows[4]!.hash });
  });

  it('encodes details canonically: key order does not change the stored text', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 1, e: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[1,{"e":2,"f":1}]},"b":1}');
  });

  it('refuses UPDATE and DELETE through the triggers', () => {
    fill(2);
    expect(() => db.prepare("UPDATE audit_log SET kind = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
  });

  it('a tampered row (triggers dropped) is reported as the first broken link', () => {
    fill(6);
    dropTriggers();
    db.prepare(`UPDATE audit_log SET details_json = '{"i":99}' WHERE seq = 4`).run();
    const v = audit.verify();
    expect(v).toMatchObject({ ok: false, records: 3, brokenAt: { seq: 4, problem: 'hash_mismatch' } });
  });

  it('a re-hashed tampered row still breaks the next link', () => {
    fill(5);
    dropTriggers();
    // The attacker recomputes row 3's own hash, but row 4 still names the old one.
    const r = db.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as Record<string, string | number>;
    const details = '{"i":77}';
    const hash = recordHash({ seq: 3, id: r.id as string, at: r.at as string, kind: r.kind as string, actorsJson: r.actors_json as string, subject: r.subject as string, detailsJson: details, prevHash: r.prev_hash as string });
    db.prepare('UPDATE audit_log SET details_json = ?, hash = ? WHERE seq = 3').run(details, hash);
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: { seq: 4, problem: 'prev_mismatch' } });
  });

  it('a deleted row is reported where the chain jumps', () => {
    fill(5);
    dropTriggers();
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(audit.verify()).toMatchObject({ ok: false, records: 1, brokenAt: { seq: 3, problem: 'seq_gap' } });
  });

  it('append joins a caller transaction: a rollback takes the record with it', () => {
    fill(1);
    expect(() =>
      db.transaction(() => {
        audit.append('test.inside', { actors: ['a'] });
        throw new Error('the audited change failed');
      })(),
    ).toThrow('the audited change failed');
    expect(audit.head()?.seq).toBe(1);
    expect(audit.verify().ok).toBe(true);
  });

  it('the retention purge removes only older records and the chain still verifies from its anchor', () => {
    fill(4); // 01:01 .. 01:04
    const cutoff = '2020-02-10T01:02:30.000Z';
    expect(audit.purgeBefore(cutoff, ['m'])).toBe(2);
    expect((db.prepare('SELECT min(seq) AS s FROM audit_log').get() as { s: number }).s).toBe(3);
    fill(2);
    expect(audit.verify()).toMatchObject({ ok: true, records: 5 });
    expect(audit.list(1, 0, 'audit.purged')[0]!.details).toMatchObject({ removed: 2, anchorSeq: 2 });
    // Purging everything leaves only the purge record, still linked to the anchor.
    clock.advance(3600_000);
    audit.purgeBefore(clock.now().toISOString(), ['m']);
    expect(audit.verify()).toMatchObject({ ok: true, records: 1 });
  });

  it('head at an instant is the daily chain head', () => {
    fill(3);
    const second = audit.list(3, 0).reverse()[1]!;
    expect(audit.headAt(second.at)).toMatchObject({ seq: 2, hash: second.hash });
    expect(audit.headAt('2000-01-01T00:00:00.000Z')).toBeNull();
  });

  it('the daily head is the last record before local midnight in the gate’s zone', () => {
    clock.set('2020-02-10T15:59:00.000Z'); // 23:59 in Shanghai
    audit.append('test.late', { actors: [] });
    clock.set('2020-02-10T16:00:00.000Z'); // 00:00 on the 11th
    audit.append('test.next_day', { actors: [] });
    expect(audit.dailyHead('2020-02-10', 'Asia/Shanghai')).toMatchObject({ seq: 1 });
    expect(audit.dailyHead('2020-02-11', 'Asia/Shanghai')).toMatchObject({ seq: 2 });
    expect(audit.dailyHead('2020-02-09', 'Asia/Shanghai')).toBeNull();
  });
});
