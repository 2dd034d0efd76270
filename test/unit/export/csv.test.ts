import { describe, expect, it } from 'vitest';
import { BOM, csvCell } from '../../../src/main/export/csv';
import { parse } from 'csv-parse/sync';
import {
  ENTRY_LOG_KINDS,
  EntryCellMemo,
  entryLogCells,
  entryLogCsv,
  entryLogCsvLine,
} from '../../../src/main/export/entryLogCsv';
import { localTimeFormatter } from '../../../src/main/export/localTime';
import type { EntryRow } from '../../../src/main/store/entryLog';

describe('CSV cells for Excel', () => {
  it.each([
    ['=1+2', `"'=1+2"`],
    ['+86 139', `"'+86 139"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ["\t=cmd|' /C calc'!A0", `"'\t=cmd|' /C calc'!A0"`],
    ['\r=1', `"'\r=1"`],
    ['\n=1', `"'\n=1"`],
    // OWASP's example: the quote is doubled and the whole field stays one cell.
    ['=1+2";=1+2', `"'=1+2"";=1+2"`],
    ['张三', '"张三"'],
    ['a,b', '"a,b"'],
    ['line1\nline2', '"line1\nline2"'],
  ])('%j → %s', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('keeps long digit strings as text so Excel does not round them', () => {
    expect(csvCell('110105194912310021', 'digits')).toBe('="110105194912310021"');
    expect(csvCell('13912345678', 'digits')).toBe('="13912345678"');
    // Short codes and masked values are not numbers to Excel and stay plain.
    expect(csvCell('HM00001', 'digits')).toBe('"HM00001"');
    expect(csvCell('1101**********002X', 'digits')).toBe('"1101**********002X"');
    // Only pure digits get the ="…" form, so it cannot smuggle a formula.
    expect(csvCell('=1+1234567890123', 'digits')).toBe(`"'=1+1234567890123"`);
  });

  it('null becomes an empty field', () => {
    expect(csvCell(null)).toBe('""');
  });
});

describe('entry-log CSV', () => {
  const row: EntryRow = {
    id: '019ad0b6-0000-7000-8000-000000000001',
    occurred_at: '2020-02-10T01:05:03.000Z',
    gate_id: 'gate-south',
    direction: 'in',
    credential: '123456789012345678',
    building: '3',
    unit: '1',
    room: '402',
    resident_name_masked: '张*明',
    decision: 'deny',
    reasons: 'fever,manual_reading',
    temp_body_c: 37.8,
    temp_source: 'manual',
    staff_json: '["王保安","李志愿者"]',
  };

  it('starts with a BOM and Chinese headers, uses CRLF, gate-local time and words', () => {
    const text = [...entryLogCsv([row], { timeZone: 'Asia/Shanghai', lang: 'zh-CN' })].join('');
    expect(text.startsWith(BOM)).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('"记录编号","时间","门岗","方向","出入证号","楼号","单元","室","姓名","体温(℃)","测温方式","结果","原因","值守人员"');
    // 01:05:03 UTC is 09:05:03 in Shanghai (UTC+8).
    expect(lines[1]).toBe(
      '"019ad0b6-0000-7000-8000-000000000001","2020-02-10 09:05:03","gate-south","进",="123456789012345678","3","1","402","张*明","37.8","人工录入","禁止通行","体温异常；人工录入体温","王保安、李志愿者"',
    );
    expect(lines[2]).toBe('');
  });

  it('has English headers when the gate is set to English', () => {
    const text = [...entryLogCsv([], { timeZone: 'Asia/Shanghai', lang: 'en' })].join('');
    expect(text).toBe(`${BOM}"Record id","Time","Gate","Direction","Pass number","Building","Unit","Room","Name","Temperature (°C)","Reading","Decision","Reasons","Staff on duty"\r\n`);
  });
});

describe('entry-log CSV line (the export fast path) agrees with csvCell cell by cell', () => {
  const base: EntryRow = {
    id: 'id-1',
    occurred_at: '2020-02-10T01:05:03.000Z',
    gate_id: 'gate-south',
    direction: 'out',
    credential: 'HM00001',
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
  const nasty: Partial<EntryRow>[] = [
    {},
    { id: '=HYPERLINK("http://x")', gate_id: '+cmd', building: '-1', unit: '@A1', room: '\t9' },
    { credential: '13912345678' },
    { credential: '110105194912310021' },
    { credential: '11010519491231002X' },
    { credential: '123456789012345' },
    { credential: '=1+1234567890123' },
    { credential: 'a"b""c', resident_name_masked: '"引号"' },
    { resident_name_masked: '欧阳**红 😷', staff_json: '["王保安","=李"]' },
    { reasons: 'fever,unknown_code', temp_body_c: 37.25, temp_source: 'manual', decision: 'deny' },
    { temp_body_c: 36.05, staff_json: '["a,b","c\\nd"]' },
    { credential: '\r\n=1' },
  ];
  it.each(nasty.map((n, i) => [i, n] as const))('row %i', (_i, patch) => {
    const row = { ...base, ...patch };
    const opts = { lang: 'zh-CN' as const, formatTime: localTimeFormatter('Asia/Shanghai') };
    const reference = `${entryLogCells(row, opts)
      .map((v, c) => csvCell(v, ENTRY_LOG_KINDS[c]))
      .join(',')}\r\n`;
    expect(entryLogCsvLine(row, { ...opts, memo: new EntryCellMemo() })).toBe(reference);
    // Parsed back, every cell is the display value (apostrophe and ="…" forms aside).
    const parsed = (parse(reference, { relax_quotes: true }) as string[][])[0]!;
    expect(parsed).toHaveLength(14);
  });

  it('a memo shared across rows gives the same words as a fresh one', () => {
    const memo = new EntryCellMemo();
    const opts = { lang: 'en' as const, formatTime: localTimeFormatter('UTC') };
    const rows = nasty.map((n) => ({ ...base, ...n }));
    const twice = [...rows, ...rows].map((r) => entryLogCsvLine(r, { ...opts, memo }));
    expect(twice).toEqual([...rows, ...rows].map((r) => entryLogCsvLine(r, { ...opts, memo: new EntryCellMemo() })));
    expect(entryLogCells({ ...base, temp_body_c: 37.25 }, { ...opts, memo })[9]).toBe((37.25).toFixed(1));
  });
});
