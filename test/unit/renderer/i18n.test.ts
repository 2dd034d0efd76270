import { describe, expect, it } from 'vitest';
import { DeviceHealth, ErrorCode, ImportProblem } from '../../../src/shared/contract';
import {
  CheckStage,
  Decision,
  Direction,
  ReadingSource,
  ReasonCode,
  ResidencyType,
} from '../../../src/shared/domain';
import { en } from '../../../src/renderer/src/i18n/en';
import { KNOWN_PROTOCOLS } from '../../../src/renderer/src/i18n/protocols';
import { createI18n } from '../../../src/renderer/src/i18n/setup';
import { zhCN } from '../../../src/renderer/src/i18n/zh-CN';

const zhKeys = Object.keys(zhCN).sort();
const enKeys = Object.keys(en).sort();

describe('catalogues', () => {
  it('zh-CN and en have identical key sets', () => {
    expect(enKeys).toEqual(zhKeys);
  });

  it('have no empty strings', () => {
    for (const [key, value] of [...Object.entries(zhCN), ...Object.entries(en)]) {
      expect(value.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of zhKeys) {
      expect(vars(en[key as keyof typeof en]), key).toEqual(vars(zhCN[key as keyof typeof zhCN]));
    }
  });

  const expectKeys = (prefix: string, codes: readonly string[]) => {
    for (const code of codes) expect(zhKeys, `${prefix}${code}`).toContain(`${prefix}${code}`);
  };

  it('cover every code the contract can send', () => {
    expectKeys('reason.', ReasonCode.options);
    expectKeys('error.', ErrorCode.options);
    expectKeys('importProblem.', ImportProblem.shape.code.options);
    expectKeys('decision.', CheckStage.options);
    expectKeys('logDecision.', Decision.options);
    expectKeys('direction.', Direction.options);
    expectKeys('readingSource.', ReadingSource.options);
    expectKeys('residency.', ResidencyType.options);
    expectKeys('alertKind.', ['fever', 'home_observation_exit']);
    expectKeys('deviceState.', DeviceHealth.shape.state.options);
    expectKeys('deviceMessage.', DeviceHealth.shape.message.unwrap().options);
    expectKeys('protocol.', KNOWN_PROTOCOLS);
  });

  it('keep the ui-words.md phrases verbatim', () => {
    expect(zhCN['idle.scan']).toBe('请出示出入证');
    expect(zhCN['idle.measure']).toBe('请先测量体温');
    expect(zhCN['decision.admit']).toBe('请通行');
    expect(zhCN['decision.deny']).toBe('禁止通行');
    expect(zhCN['decision.remeasure']).toBe('体温偏高，请稍候复测');
    expect(en['alert.ack']).toBe('Mark as handled');
  });
});

describe('i18n instance', () => {
  it('defaults to zh-CN, switches to en, and interpolates {x} placeholders', async () => {
    const i18n = createI18n();
    expect(i18n.language).toBe('zh-CN');
    expect(i18n.t('reason.already_inside', { time: '08:15' })).toBe('已在小区内（入场时间 08:15）');
    await i18n.changeLanguage('en');
    expect(i18n.t('reason.already_inside', { time: '08:15' })).toBe('Already inside (entered 08:15)');
    expect(i18n.t('idle.scan')).toBe('Please show your pass');
  });
});
