import { describe, expect, it } from 'vitest';
import { entryWord } from '../../../src/main/export/entryLogCsv';
import { ReasonCode } from '../../../src/shared/domain';

describe('reason words in exports, reports and forms', () => {
  it.each(['zh-CN', 'en'] as const)('every reason code has its own %s words, never the raw code', (lang) => {
    const words = ReasonCode.options.map((code) => entryWord(code, lang));
    for (const [i, code] of ReasonCode.options.entries()) expect(words[i], code).not.toBe(code);
    expect(new Set(words).size).toBe(words.length);
  });

  it('names the codes issue 4 added in the committee’s words', () => {
    expect(entryWord('forged_pass', 'zh-CN')).toBe('出入证校验失败');
    expect(entryWord('visitor_overstay', 'zh-CN')).toBe('访客超时未离开');
    expect(entryWord('household_quota', 'en')).toBe('household outing quota used');
  });
});
