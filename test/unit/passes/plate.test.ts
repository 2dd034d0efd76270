import { describe, expect, it } from 'vitest';
import { normalisePlate } from '../../../src/main/vehicles/plate';

const ok = (raw: string) => {
  const r = normalisePlate(raw);
  if (!r.ok) throw new Error(`${raw}: ${r.problem}`);
  return r;
};
const problem = (raw: string) => {
  const r = normalisePlate(raw);
  return r.ok ? 'ok' : r.problem;
};

describe('plate normalisation', () => {
  it('canonicalises full-width letters and digits, spaces, dots and lower case', () => {
    expect(ok('沪Ａ１２３４５').plate).toBe('沪A12345');
    expect(ok(' 沪 a·123 45 ').plate).toBe('沪A12345');
    expect(ok('沪A-12345').plate).toBe('沪A12345');
    expect(ok('沪A　12345').plate).toBe('沪A12345'); // ideographic space
    expect(ok('京b9z8y7').plate).toBe('京B9Z8Y7');
  });

  it('accepts new-energy 8-character plates, small (letter first) and large (D/F last)', () => {
    expect(ok('沪AD12345')).toEqual({ ok: true, plate: '沪AD12345', newEnergy: true });
    expect(ok('沪ＡＦ１２３４５').plate).toBe('沪AF12345');
    expect(ok('粤B12345D')).toMatchObject({ plate: '粤B12345D', newEnergy: true });
    expect(ok('沪AD12345').newEnergy).toBe(true);
    expect(ok('沪A12345').newEnergy).toBe(false);
  });

  it('accepts a 4-character serial with a special suffix', () => {
    expect(ok('沪A1234学').plate).toBe('沪A1234学');
    expect(ok('粤Z1234港').plate).toBe('粤Z1234港');
  });

  it('refuses what is not a plate, naming the problem', () => {
    expect(problem('')).toBe('empty');
    expect(problem('  ')).toBe('empty');
    expect(problem('AA12345')).toBe('bad_province');
    expect(problem('港A12345')).toBe('bad_province');
    expect(problem('沪112345')).toBe('bad_authority');
    expect(problem('沪I12345')).toBe('bad_authority');
    expect(problem('沪A1234')).toBe('bad_length');
    expect(problem('沪A1234567')).toBe('bad_length');
    expect(problem('沪A12O45')).toBe('bad_serial'); // letter O is never used
    expect(problem('沪A12345X')).toBe('bad_serial'); // 8 chars but neither new-energy form
    expect(problem('沪AD1234X')).toBe('bad_serial');
    expect(problem('沪A123学4')).toBe('bad_serial');
  });
});
