import { describe, expect, it } from 'vitest';
import {
  idCheckChar,
  isValidIdNumber,
  maskIdNumber,
  maskName,
  maskPhone,
} from '../../../src/main/roster/idNumber';

/*
 * Worked by hand (GB 11643 example 11010519491231002X):
 *   digits   1  1  0  1  0  5  1  9  4  9  1  2  3  1  0  0  2
 *   weights  7  9 10  5  8  4  2  1  6  3  7  9 10  5  8  4  2
 *   products 7  9  0  5  0 20  2  9 24 27  7 18 30  5  0  0  4   sum = 167
 *   167 mod 11 = 2 → "10X98765432"[2] = 'X'
 *
 * 440524188001010014:
 *   digits   4  4  0  5  2  4  1  8  8  0  0  1  0  1  0  0  1
 *   products 28 36 0 25 16 16  2  8 48  0  0  9  0  5  0  0  2   sum = 195
 *   195 mod 11 = 8 → '4'
 *
 * 310115199003071239:
 *   digits   3  1  0  1  1  5  1  9  9  0  0  3  0  7  1  2  3
 *   products 21 9  0  5  8 20  2  9 54  0  0 27  0 35  8  8  6   sum = 212
 *   212 mod 11 = 3 → '9'
 */
describe('idCheckChar', () => {
  it('matches the hand-worked examples', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
    expect(idCheckChar('31011519900307123')).toBe('9');
  });

  it('rejects input that is not 17 digits', () => {
    expect(() => idCheckChar('1101051949123100')).toThrow();
    expect(() => idCheckChar('1101051949123100X')).toThrow();
  });
});

describe('isValidIdNumber', () => {
  it('accepts valid numbers, including a lower-case x', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('440524188001010014')).toBe(true);
    expect(isValidIdNumber('310115199003071239')).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('440524188001010015')).toBe(false);
    expect(isValidIdNumber('31011519900307123X')).toBe(false);
  });

  it('rejects a birth date that does not exist, even with a correct check character', () => {
    const withCheck = (first17: string): string => first17 + idCheckChar(first17);
    expect(isValidIdNumber(withCheck('11010519490231002'))).toBe(false); // 31 February
    expect(isValidIdNumber(withCheck('11010519491331002'))).toBe(false); // month 13
    expect(isValidIdNumber(withCheck('11010519491200002'))).toBe(false); // day 0
    expect(isValidIdNumber(withCheck('11010519010229002'))).toBe(false); // 1901 is not a leap year
    expect(isValidIdNumber(withCheck('11010520000229002'))).toBe(true); // 2000 is
    expect(isValidIdNumber(withCheck('11010517991231002'))).toBe(false); // implausibly old
  });

  it('rejects a birth date after today', () => {
    const today = new Date(2020, 1, 10);
    const id = (d: string): string => `110105${d}002` + idCheckChar(`110105${d}002`);
    expect(isValidIdNumber(id('20200210'), today)).toBe(true);
    expect(isValidIdNumber(id('20200211'), today)).toBe(false);
  });

  it('rejects wrong lengths and shapes', () => {
    expect(isValidIdNumber('')).toBe(false);
    expect(isValidIdNumber('110105491231002')).toBe(false); // 15-digit first-generation card
    expect(isValidIdNumber('11010519491231002X0')).toBe(false);
    expect(isValidIdNumber('1101051949123100X2')).toBe(false);
    expect(isValidIdNumber('11010519491231002Y')).toBe(false);
    expect(isValidIdNumber('1101 0519491231002X')).toBe(false); // spaces are removed by normalise, not here
    // A leading zero is not a region code; check character computed so only that is wrong.
    expect(isValidIdNumber('01010519491231002' + idCheckChar('01010519491231002'))).toBe(false);
  });
});

describe('masking', () => {
  it('masks ID numbers to the first and last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('123456789')).toBe('1234*6789');
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber('')).toBe('');
  });

  it('masks phones to the last four', () => {
    expect(maskPhone('13912341234')).toBe('*******1234');
    expect(maskPhone('02161234567')).toBe('*******4567');
    expect(maskPhone('1234')).toBe('****');
  });

  it('masks names', () => {
    expect(maskName('张')).toBe('张');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张小明')).toBe('张*明');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('')).toBe('');
    // U+20BB7 (𠮷) is outside the BMP: one character, two UTF-16 units.
    expect(maskName('𠮷野家')).toBe('𠮷*家');
    expect(maskName('王𠮷')).toBe('王*');
  });
});
