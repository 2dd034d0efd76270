import { describe, expect, it } from 'vitest';
import { GateCallError } from '../../../src/shared/contract';
import { createI18n } from '../../../src/renderer/src/i18n/setup';
import { fileImportError } from '../../../src/renderer/src/util/fileImportError';

// RosterFileReason (src/main/roster/parseRoster.ts); the fuzz checks the core sends no other.
const REASONS = ['unsupported_extension', 'empty', 'no_header', 'missing_columns', 'no_data', 'corrupt', 'too_many_rows', 'too_many_columns', 'too_large'];

describe('fileImportError', () => {
  it('replaces the English detail of a refused file with the translated reason, in both languages', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const t = createI18n(lang).t;
      for (const reason of REASONS) {
        const err = new GateCallError({ code: 'bad_file', message: 'The .xlsx file is damaged', details: { reason, missingColumns: ['楼号/building', '室/room'] } });
        const out = fileImportError(err, t) as GateCallError;
        expect(out).toBeInstanceOf(GateCallError);
        expect(out.code).toBe('bad_file');
        expect(out.message, `${lang} ${reason}`).not.toBe('The .xlsx file is damaged');
        expect(out.message).not.toContain('fileImport.reason');
        if (reason === 'missing_columns') expect(out.message).toContain('楼号/building');
      }
    }
    expect((fileImportError(new GateCallError({ code: 'bad_file', message: 'x', details: { reason: 'corrupt' } }), createI18n('zh-CN').t) as Error).message).toBe(
      '文件已损坏，或不是 Excel/CSV 文件，请重新导出后再试',
    );
  });

  it('passes other errors, and bad_file without a known reason, through unchanged', () => {
    const t = createI18n('zh-CN').t;
    const other = new GateCallError({ code: 'forbidden', message: 'no', details: { reason: 'corrupt' } });
    expect(fileImportError(other, t)).toBe(other);
    const unknown = new GateCallError({ code: 'bad_file', message: 'x', details: { reason: 'toString' } });
    expect(fileImportError(unknown, t)).toBe(unknown);
    const plain = new Error('boom');
    expect(fileImportError(plain, t)).toBe(plain);
  });
});
