/**
 * The SQL-built CSV lines (export/sqlCsvLines.ts) against the JS reference (entryLogCsvLine), on
 * hostile rows: quotes, commas, CR/LF, formula starts, U+001F, NUL, long digits, mobile and ID
 * numbers, unicode, empty and NULL columns, every code, odd staff JSON, awkward temperatures and
 * instants the gate never writes. Pages of one row, so every row is either built by SQLite (a
 * Buffer) or handed to JS (a string), and each SQL line must equal the JS line byte for byte.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntryCellMemo, entryLogCsvLine, type Lang } from '../../src/main/export/entryLogCsv';
import { entrySpan } from '../../src/main/export/entryRows';
import { localTimeFormatter } from '../../src/main/export/localTime';
import { ReasonCode } from '../../src/shared/domain';
import { fixedOffsetWindow, sqlCsvPages } from '../../src/main/export/sqlCsvLines';
import { openDatabase, type Db } from '../../src/main/store/db';
import type { EntryRow } from '../../src/main/store/entryLog';

const RUNS = Math.min(Number(process.env.FUZZ_RUNS ?? 300), 2000);
const CODES: string[] = [...ReasonCode.options];
const NASTY = [
  '',
  '=1+2',
  '+86',
  '-1',
  '@A1',
  '\t9',
  '\r=1',
  '\n=1',
  '"',
  'a"b""c',
  'a,b',
  'x\r\ny',
  '\u001f',
  'a\u0000=',
  '\u0000',
  '张三',
  '欧阳**红 😷',
  '、',
  '","',
  '\\',
  ' lead',
  '*',
  "'",
  '0',
  '=',
  '@',
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Z]{0,2}\d{1,6}$/) },
);
const nullable = fc.option(text, { nil: null, freq: 4 });
const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
const credential = fc.oneof(
  text,
  fc.constantFrom(
    '13912345678',
    '19912345678',
    '12912345678',
    '110105194912310021',
    '11010519491231002X',
    '11010519491231002x',
    '110105194912310022',
    '13912345678\u0000',
    '=1+1234567890123',
    'HM00001',
  ),
  digits(11),
  digits(18),
  digits(15),
  fc.stringMatching(/^1[3-9]\d{9}$/),
);
const reasons = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.constantFrom(...CODES) },
  { weight: 2, arbitrary: fc.subarray(CODES, { minLength: 2, maxLength: 4 }).map((c) => c.join(',')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('fever,xyz', 'constructor', 'fever,', ',fever', 'fever,,no_reading', 'Fever'),
  },
);
const staffJson = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('[]', '["王保安","李志愿者"]', '[""]', '["a"]') },
  { weight: 3, arbitrary: fc.array(text, { maxLength: 4 }).map((names) => JSON.stringify(names)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '[ "a" ]',
      '["a", "b"]',
      '["a",1]',
      '[1]',
      '["a",null,"b"]',
      '["a\\"b"]',
      '["\\u0041"]',
      '["=x","y"]',
      '["-1"]',
      '["a","b","c","d","e","f","g","h"]',
    ),
  },
);
const temp = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    36.5,
    37.9,
    36.05,
    36.25,
    36.35,
    0.15,
    0.05,
    -0.04,
    -0.05,
    -36.25,
    0,
    -0,
    42,
    999999.95,
    1e6,
    -1e6,
    5e-324,
  ),
  fc.double({ min: -2e6, max: 2e6, noNaN: true }),
  fc.integer({ min: 300, max: 450 }).map((t) => t / 10),
  fc.integer({ min: 3000, max: 4500 }).map((t) => t / 100),
);
const source = fc.oneof(
  fc.constant(null),
  fc.constantFrom('device', 'simulated', 'manual', '', 'constructor', 'other'),
);

/** Instants of May 2026 (the gate's own form) and a few the gate never writes, all inside the log's span. */
const instant = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .integer({ min: Date.parse('2026-05-01T00:00:00Z'), max: Date.parse('2026-05-31T23:59:59Z') })
      .map((ms) => new Date(ms).toISOString()),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2026-05-10T24:00:00.000Z',
      '2026-05-10T10:00:00Z',
      '2026-05-10T10:00:00.000+08:00',
      '2026-05-10 10:00:00',
      '2026-05-10T10:00:00.0000Z',
      '2026-05-10T10:00:00.000z',
      '2026-05-10T10:00:00.000Z\u0000x',
    ),
  },
);

const row = fc.record({
  id: text,
  occurred_at: instant,
  gate_id: text,
  direction: fc.constantFrom('in', 'out'),
  credential,
  building: nullable,
  unit: nullable,
  room: nullable,
  resident_name_masked: nullable,
  decision: fc.constantFrom('admit', 'deny', 'refer'),
  reasons,
  temp_body_c: temp,
  temp_source: source,
  staff_json: staffJson,
}) as fc.Arbitrary<EntryRow>;

let dir: string;
let db: Db;
let n = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-sqlcsv-'));
  db = openDatabase(join(dir, 'gate.sqlite'));
  // The log's first and last instants fix the window the SQL path may use: May 2026.
  insert([
    { ...base(), occurred_at: '2026-04-30T23:59:59.000Z' },
    { ...base(), occurred_at: '2026-06-01T00:00:00.000Z' },
  ]);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function base(): EntryRow {
  return {
    id: `base-${n++}`,
    occurred_at: '2026-05-01T00:00:00.000Z',
    gate_id: 'g',
    direction: 'in',
    credential: 'HM1',
    building: null,
    unit: null,
    room: null,
    resident_name_masked: null,
    decision: 'admit',
    reasons: '',
    temp_body_c: null,
    temp_source: null,
    staff_json: '[]',
  };
}

/** Inserts rows (ids made unique) and returns the filter selecting exactly them. */
function insert(rows: EntryRow[]): { where: string; params: Record<string, string> } {
  const stmt = db.prepare(
    `INSERT INTO entry_log (id, compound_id, gate_id, direction, credential, credential_source, building, unit, room,
       resident_name_masked, decision, reasons, temp_body_c, temp_source, staff_json, started_at, occurred_at, recorded_at)
     VALUES (?, 'c', ?, ?, ?, 'wedge', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let first = 0;
  let last = 0;
  db.transaction(() => {
    for (const r of rows) {
      const seq = Number(
        stmt.run(
          `${n++}:${r.id}`,
          r.gate_id,
          r.direction,
          r.credential,
          r.building,
          r.unit,
          r.room,
          r.resident_name_masked,
          r.decision,
          r.reasons,
          r.temp_body_c,
          r.temp_source,
          r.staff_json,
          r.occurred_at,
          r.occurred_at,
          r.occurred_at,
        ).lastInsertRowid,
      );
      first ||= seq;
      last = seq;
    }
  })();
  return {
    where: 'WHERE seq >= @first AND seq <= @last',
    params: { first: String(first), last: String(last) },
  };
}

/** What the database hands back (REAL -0 and integers as SQLite returns them), read whole. */
function stored(filter: { where: string; params: Record<string, string> }): EntryRow[] {
  return db
    .prepare<Record<string, string>, EntryRow>(
      `SELECT id, occurred_at, gate_id, direction, credential, building, unit, room, resident_name_masked,
         decision, reasons, temp_body_c, temp_source, staff_json FROM entry_log ${filter.where} ORDER BY seq`,
    )
    .all(filter.params);
}

type Tally = { sql: number; js: number };

function check(rows: EntryRow[], lang: Lang, timeZone: string, unmasked: boolean, tally: Tally): void {
  const filter = insert(rows);
  // Fresh formatter and memo per reference row: a JS line never depends on the rows before it.
  const reference = stored(filter).map((r) => {
    try {
      return entryLogCsvLine(r, {
        lang,
        unmasked,
        formatTime: localTimeFormatter(timeZone),
        memo: new EntryCellMemo(),
      });
    } catch {
      return null; // the JS path refuses this row (e.g. an instant it cannot read); SQL must too
    }
  });
  db.exec('BEGIN');
  try {
    const opts = { lang, unmasked, formatTime: localTimeFormatter(timeZone), memo: new EntryCellMemo() };
    const pages = sqlCsvPages(db, filter, entrySpan(db, filter), { ...opts, timeZone, pageSize: 1 });
    expect(pages).not.toBeNull();
    const it = pages![Symbol.iterator]();
    for (let i = 0; i < reference.length; i++) {
      let next: IteratorResult<{ rows: number; chunk: Buffer | string }>;
      try {
        next = it.next();
      } catch (err) {
        // Only a row the JS path also refuses may stop the export.
        expect(reference[i], String(err)).toBeNull();
        return;
      }
      expect(next.done).toBe(false);
      const { rows: count, chunk } = next.value!;
      expect(count).toBe(1);
      if (typeof chunk === 'string') tally.js++;
      else tally.sql++;
      const line = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      expect(line, JSON.stringify(rows[i])).toBe(reference[i]);
      if (typeof chunk !== 'string')
        expect(Buffer.compare(chunk, Buffer.from(reference[i]!, 'utf8'))).toBe(0);
    }
    expect(it.next().done).toBe(true);
  } finally {
    db.exec('COMMIT');
  }
}

describe('SQL-built CSV lines equal the JS lines byte for byte', () => {
  for (const [lang, timeZone, unmasked] of [
    ['zh-CN', 'Asia/Shanghai', false],
    ['en', 'Asia/Kolkata', false],
    ['zh-CN', 'UTC', true],
  ] as const) {
    it(`${lang}, ${timeZone}, ${unmasked ? 'unmasked' : 'masked'}`, () => {
      const tally: Tally = { sql: 0, js: 0 };
      fc.assert(
        fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), (rows) =>
          check(rows, lang, timeZone, unmasked, tally),
        ),
        { numRuns: RUNS },
      );
      // The comparison means something only if SQLite built many of these hostile rows (a row
      // with any odd cell goes to JS, so most do) and JS some.
      expect(tally.sql).toBeGreaterThan((tally.sql + tally.js) / 5);
      expect(tally.js).toBeGreaterThan(0);
    }, 120_000);
  }

  it('a zone that switches to summer time inside the range is left to the JS path', () => {
    expect(
      fixedOffsetWindow('Europe/Berlin', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'),
    ).toBeNull();
    expect(
      fixedOffsetWindow('Europe/Berlin', '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z')?.shift,
    ).toBe('+7200 seconds');
    expect(
      fixedOffsetWindow('America/St_Johns', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.123Z')?.shift,
    ).toBe('-12600 seconds');
    const filter = insert([base()]);
    db.exec('BEGIN');
    try {
      // The log spans May 2026, all of it on New York's summer time.
      expect(
        sqlCsvPages(db, filter, entrySpan(db, filter), {
          lang: 'zh-CN',
          formatTime: localTimeFormatter('America/New_York'),
          timeZone: 'America/New_York',
        }),
      ).not.toBeNull();
    } finally {
      db.exec('COMMIT');
    }
  });
});
