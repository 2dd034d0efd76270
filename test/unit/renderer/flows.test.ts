import { describe, expect, it } from 'vitest';
import { AlertKind, ConfirmOutcome, Relation, Symptom, Transport, VisitorInput } from '../../../src/shared/flows';
import { ReasonCode } from '../../../src/shared/domain';
import { en } from '../../../src/renderer/src/i18n/en';
import { zhCN } from '../../../src/renderer/src/i18n/zh-CN';
import { fieldOfError, invalidFields } from '../../../src/renderer/src/flows/fieldErrors';

describe('flow screens: words for every code they show', () => {
  it.each([
    ['alertKind.', AlertKind.options],
    ['relation.', Relation.options],
    ['confirm.', ConfirmOutcome.options],
    ['transport.', Transport.options],
    ['symptom.', Symptom.options],
    ['reason.', ReasonCode.options],
  ] as const)('%s* in zh-CN and en', (prefix, codes) => {
    for (const code of codes) {
      expect(zhCN, `${prefix}${code}`).toHaveProperty([`${prefix}${code}`]);
      expect(en, `${prefix}${code}`).toHaveProperty([`${prefix}${code}`]);
    }
  });
});

describe('field-by-field validation on the form', () => {
  it('names every wrong field at once, by its top-level name', () => {
    const bad = invalidFields(VisitorInput, {
      name: '',
      phone: '123',
      idNumber: '11010519491231002',
      householdId: 'h1',
      relation: 'parent',
      confirmation: { numberCalled: 'x', answeredBy: '张伟', outcome: 'confirmed' },
      readings: [],
    });
    expect([...bad].sort()).toEqual(['confirmation', 'idNumber', 'name', 'phone']);
  });
  it('reads the field out of a refusal only the core can make (the ID check digit)', () => {
    expect(fieldOfError(new Error('invalid input at idNumber: check digit or birth date is wrong'))).toBe('idNumber');
    expect(fieldOfError(new Error('no such household'))).toBeNull();
  });
});
