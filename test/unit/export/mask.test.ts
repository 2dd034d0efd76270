import { describe, expect, it } from 'vitest';
import { exportIdNumber, exportName, exportPhone, maskCredential } from '../../../src/main/export/mask';
import { entryLogCells } from '../../../src/main/export/entryLogCsv';
import { localTimeFormatter } from '../../../src/main/export/localTime';
import type { EntryRow } from '../../../src/main/store/entryLog';

describe('masking in exports', () => {
  it('masks credentials that are ID or mobile numbers, and nothing else', () => {
    expect(maskCredential('11010519491231002X')).toBe('1101**********002X');
    expect(maskCredential('13912345678')).toBe('*******5678');
    expect(maskCredential('HM00001')).toBe('HM00001');
    // 18 digits that fail the GB 11643 check are a pass code, not an ID.
    expect(maskCredential('123456789012345678')).toBe('123456789012345678');
    expect(maskCredential('12345678901')).toBe('12345678901');
    expect(maskCredential('11010519491231002X', { unmasked: true })).toBe('11010519491231002X');
  });

  it('roster fields are masked unless unmasked is asked for; empty stays empty', () => {
    expect([
      exportIdNumber('11010519491231002X'),
      exportPhone('13900000001'),
      exportName('欧阳小红'),
    ]).toEqual(['1101**********002X', '*******0001', '欧**红']);
    expect([exportIdNumber(''), exportPhone(''), exportName('')]).toEqual(['', '', '']);
    const full = { unmasked: true };
    expect([
      exportIdNumber('11010519491231002X', full),
      exportPhone('13900000001', full),
      exportName('欧阳小红', full),
    ]).toEqual(['11010519491231002X', '13900000001', '欧阳小红']);
  });

  it('entry-log cells carry the masked credential', () => {
    const row: EntryRow = {
      id: 'e1',
      occurred_at: '2020-02-10T01:05:03.000Z',
      gate_id: 'gate-south',
      direction: 'in',
      credential: '11010519491231002X',
      building: null,
      unit: null,
      room: null,
      resident_name_masked: null,
      decision: 'deny',
      reasons: 'unknown_pass',
      temp_body_c: null,
      temp_source: null,
      staff_json: '[]',
    };
    const opts = { lang: 'zh-CN' as const, formatTime: localTimeFormatter('Asia/Shanghai') };
    expect(entryLogCells(row, opts)).toEqual([
      'e1',
      '2020-02-10 09:05:03',
      'gate-south',
      '进',
      '1101**********002X',
      '',
      '',
      '',
      '',
      '',
      '',
      '禁止通行',
      '出入证无效',
      '',
    ]);
    expect(entryLogCells(row, { ...opts, unmasked: true })[4]).toBe('11010519491231002X');
  });
});
