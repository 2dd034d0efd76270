/**
 * The streamed CSV export where SQLite builds the lines (a zone with one offset over the log):
 * pages of plain rows come back as one Buffer each, a page holding a row SQLite leaves to JS is
 * written by entryLogCsvLine, a reasons list met once is learnt for the pages after it, and the
 * whole file equals the JS reference byte for byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntryCellMemo, entryLogCsvHeader, entryLogCsvLine } from '../../../src/main/export/entryLogCsv';
import { ENTRY_PAGE, entrySpan } from '../../../src/main/export/entryRows';
import { localTimeFormatter } from '../../../src/main/export/localTime';
import { sqlCsvPages } from '../../../src/main/export/sqlCsvLines';
import { exportEntryLog } from '../../../src/main/export/streamExport';
import { openDatabase, type Db } from '../../../src/main/store/db';
import type { EntryRow } from '../../../src/main/store/entryLog';
import { tempDir } from '../../helpers/tmp';

const TZ = 'Asia/Shanghai';
const ROWS = 3 * ENTRY_PAGE + 17;
let tmp: ReturnType<typeof tempDir>;
let db: Db;

/** Row i of the log: plain gate rows, with odd ones at chosen places. */
function rowAt(i: number): EntryRow {
  const at = new Date(Date.parse('2026-05-01T15:59:00Z') + i * 7_001).toISOString();
  const r: EntryRow = {
    id: `0190-${i}`,
    occurred_at: at,
    gate_id: i % 3 ? 'gate-south' : 'gate-north',
    direction: i % 2 ? 'out' : 'in',
    credential: `HM${String(i).padStart(5, '0')}`,
    building: String(1 + (i % 8)),
    unit: '1',
    room: String(101 + (i % 30)),
    resident_name_masked: '张*明',
    decision: 'admit',
    reasons: '',
    temp_body_c: 36.5,
    temp_source: 'device',
    staff_json: i < 1500 ? '["王保安","李志愿者"]' : '["赵*","=钱"]',
  };
  if (i % 97 === 5) Object.assign(r, { decision: 'deny', reasons: 'fever', temp_body_c: 37.95 });
  if (i % 131 === 7)
    Object.assign(r, { credential: '13912345678', resident_name_masked: null, building: null });
  if (i % 173 === 9) Object.assign(r, { gate_id: '=cmd|"/C calc"!A0', unit: '-1', room: '@A1' });
  if (i % 211 === 3)
    Object.assign(r, { credential: '123456789012345', temp_body_c: null, temp_source: null });
  // An ID number as a pass (JS decides the mask), early in page 1.
  if (i === 11) r.credential = '11010519491231002X';
  // A reasons list: JS writes page 1's, SQLite learns it for page 3.
  if (i === 12 || i === 2500) Object.assign(r, { decision: 'refer', reasons: 'status_refer,manual_reading' });
  return r;
}

beforeAll(() => {
  tmp = tempDir('gatehouse-sqlcsv-');
  db = openDatabase(join(tmp.dir, 'gate.sqlite'));
  const insert = db.prepare(
    `INSERT INTO entry_log (id, compound_id, gate_id, direction, credential, credential_source, building, unit, room,
       resident_name_masked, decision, reasons, temp_body_c, temp_source, staff_json, started_at, occurred_at, recorded_at)
     VALUES (@id, 'c', @gate_id, @direction, @credential, 'wedge', @building, @unit, @room, @resident_name_masked,
       @decision, @reasons, @temp_body_c, @temp_source, @staff_json, @occurred_at, @occurred_at, @occurred_at)`,
  );
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) insert.run(rowAt(i));
  })();
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

const reference = (rows: EntryRow[]): string =>
  entryLogCsvHeader('zh-CN') +
  rows
    .map((r) =>
      entryLogCsvLine(r, { lang: 'zh-CN', formatTime: localTimeFormatter(TZ), memo: new EntryCellMemo() }),
    )
    .join('');

describe('streamed CSV built by SQLite', () => {
  it('equals the JS lines byte for byte, across pages, a day boundary and odd rows', async () => {
    const result = await exportEntryLog({
      db,
      format: 'csv',
      folder: tmp.dir,
      filter: {},
      timeZone: TZ,
      lang: 'zh-CN',
    });
    expect(result.rows).toBe(ROWS);
    const rows = Array.from({ length: ROWS }, (_, i) => rowAt(i));
    expect(readFileSync(result.path).equals(Buffer.from(reference(rows), 'utf8'))).toBe(true);
    // The CST day starts at 16:00 UTC: both sides are in the file.
    const text = readFileSync(result.path, 'utf8');
    expect(text).toContain('"2026-05-01 23:59:00"');
    expect(text).toContain('"2026-05-02 00:00:03"');
    expect(text).toContain(`"'=cmd|""/C calc""!A0"`);
    expect(text).toContain('"*******5678"');
    expect(text).toContain('="123456789012345"');
    expect(text).toContain('"1101**********002X"');
    expect(text).toContain('"赵*、=钱"');
  });

  it('hands SQLite every page but the one with an ID-shaped pass, and learns a reasons list', () => {
    const filter = { where: '', params: {} };
    db.exec('BEGIN');
    try {
      const pages = sqlCsvPages(db, filter, entrySpan(db, filter), {
        lang: 'zh-CN',
        formatTime: localTimeFormatter(TZ),
        memo: new EntryCellMemo(),
        timeZone: TZ,
      });
      expect(pages).not.toBeNull();
      const kinds = [...pages!].map((p) => [typeof p.chunk === 'string' ? 'js' : 'sql', p.rows]);
      expect(kinds).toEqual([
        ['js', ENTRY_PAGE],
        ['sql', ENTRY_PAGE],
        ['sql', ENTRY_PAGE],
        ['sql', 17],
      ]);
    } finally {
      db.exec('COMMIT');
    }
  });

  it('in a DST zone between its switches (Berlin in May) too', async () => {
    const filter = { where: '', params: {} };
    db.exec('BEGIN');
    try {
      const opts = {
        lang: 'en' as const,
        formatTime: localTimeFormatter('Europe/Berlin'),
        timeZone: 'Europe/Berlin',
      };
      expect(sqlCsvPages(db, filter, entrySpan(db, filter), opts)).not.toBeNull();
    } finally {
      db.exec('COMMIT');
    }
    const result = await exportEntryLog({
      db,
      format: 'csv',
      folder: tmp.dir,
      filter: {},
      timeZone: 'Europe/Berlin',
      lang: 'en',
    });
    const rows = Array.from({ length: ROWS }, (_, i) => rowAt(i));
    const expected =
      entryLogCsvHeader('en') +
      rows
        .map((r) =>
          entryLogCsvLine(r, {
            lang: 'en',
            formatTime: localTimeFormatter('Europe/Berlin'),
            memo: new EntryCellMemo(),
          }),
        )
        .join('');
    expect(readFileSync(result.path).equals(Buffer.from(expected, 'utf8'))).toBe(true);
  });
});
