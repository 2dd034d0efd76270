/**
 * Finding a resident by ID number without an index of ID numbers anyone could brute-force: the
 * column holds HMAC-SHA-256(key, number) with the key outside the database (idKey.ts).
 *
 * Writers (roster import, the hub's roster feed) store the number only; a missing digest is NULL
 * and is filled here, on start and before every lookup, so no writer can forget it. A different key
 * (the secrets folder restored from elsewhere, or lost and recreated) is noticed through a check
 * value in `meta`, and every digest is recomputed from the numbers still in the roster.
 */
import { createHmac } from 'node:crypto';
import type { Db } from '../store/db';

const CHECK_LABEL = 'gatehouse id-lookup key check v1';
const CHECK_META = 'id_hmac_key_check';

export class IdLookup {
  private readonly todo;
  private readonly setDigest;
  private readonly byDigest;

  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
  ) {
    this.todo = db.prepare<[], { id: string; id_number: string }>(
      "SELECT id, id_number FROM resident WHERE id_hmac IS NULL AND id_number <> ''",
    );
    this.setDigest = db.prepare('UPDATE resident SET id_hmac = ? WHERE id = ?');
    this.byDigest = db.prepare<[string], { id: string }>('SELECT id FROM resident WHERE id_hmac = ? ORDER BY id');
    this.adoptKey();
  }

  /** Upper-cased and trimmed: the check character X is typed either way. */
  digest(idNumber: string): string {
    return createHmac('sha256', this.key).update(idNumber.trim().toUpperCase(), 'utf8').digest('hex');
  }

  /** Fills every missing digest; returns how many were written. */
  backfill(): number {
    const rows = this.todo.all();
    if (rows.length === 0) return 0;
    this.db.transaction(() => {
      for (const r of rows) this.setDigest.run(this.digest(r.id_number), r.id);
    })();
    return rows.length;
  }

  /** Resident ids whose ID number is this one (normally one; the roster does not force uniqueness). */
  residentIds(idNumber: string): string[] {
    if (!idNumber.trim()) return [];
    this.backfill();
    return this.byDigest.all(this.digest(idNumber)).map((r) => r.id);
  }

  private adoptKey(): void {
    const check = createHmac('sha256', this.key).update(CHECK_LABEL).digest('hex').slice(0, 16);
    const stored = this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(CHECK_META)?.value;
    if (stored === check) return;
    this.db.transaction(() => {
      if (stored !== undefined) this.db.prepare('UPDATE resident SET id_hmac = NULL').run();
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(CHECK_META, check);
    })();
  }
}
