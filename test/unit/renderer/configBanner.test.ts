/**
 * The config fallback line's text (decision 0022): nothing while config.json loaded; otherwise what
 * was wrong in words for every reason code the contract has, the setting's name when there is one,
 * the start time in the gate's time zone, and what to do — in zh-CN (the default) and en.
 */
import { describe, expect, it } from 'vitest';
import { ConfigFaultReason, type ConfigStatus } from '../../../src/shared/configStatus';
import { configBannerText } from '../../../src/renderer/src/config/configBanner';
import { createI18n } from '../../../src/renderer/src/i18n/setup';

const zh = createI18n('zh-CN').t;
const en = createI18n('en').t;
const SINCE = '2020-02-10T01:00:00.000Z'; // 09:00 in Shanghai
const on = (reason: ConfigFaultReason, field?: string): ConfigStatus => ({ fallback: { reason, ...(field ? { field } : {}), since: SINCE } });

describe('config fallback banner text', () => {
  it('says nothing while config.json loaded as it is, or before the status is known', () => {
    expect(configBannerText(zh, { fallback: null }, 'Asia/Shanghai')).toBeNull();
    expect(configBannerText(zh, null, 'Asia/Shanghai')).toBeNull();
  });

  it('names the fault in words, then says the gate runs on the last good settings and what a manager should do (zh-CN)', () => {
    expect(configBannerText(zh, on('not_json'), 'Asia/Shanghai')).toBe(
      '设置文件 config.json 格式损坏，自 2020-02-10 09:00 起沿用上次正常的设置，检查照常。请管理员修正该文件，或在“设备”页重新保存设置',
    );
    expect(configBannerText(zh, on('missing'), 'Asia/Shanghai')).toMatch(/^设置文件 config\.json 不见了，自 /);
  });

  it('names the setting at fault when the core gave one, and the plain sentence when it did not', () => {
    expect(configBannerText(zh, on('invalid_value', 'policy.feverThresholdC'), 'Asia/Shanghai')).toMatch(/^设置文件 config\.json 中的 policy\.feverThresholdC 无效，/);
    expect(configBannerText(zh, on('invalid_value'), 'Asia/Shanghai')).toMatch(/^设置文件 config\.json 中有无效设置，/);
    expect(configBannerText(en, on('invalid_value', 'kiosk.fulscreen'), 'UTC')).toBe(
      'The setting kiosk.fulscreen in config.json is invalid: since 2020-02-10 01:00 the gate uses the last good settings; checks go on. A manager should fix the file or save the settings again on the Devices tab',
    );
  });

  it('every reason code of the contract has its own sentence in both languages (no key shown raw, none shared)', () => {
    for (const t of [zh, en]) {
      const problems = ConfigFaultReason.options.map((r) => {
        const text = configBannerText(t, on(r), 'Asia/Shanghai')!;
        expect(text, r).not.toContain('config.problem');
        expect(text, r).not.toContain('{');
        return text.split(/，|: /u)[0] ?? text;
      });
      expect(new Set(problems).size).toBe(ConfigFaultReason.options.length);
    }
  });
});
