import { describe, expect, it } from 'vitest';
import {
  cellValueText,
  normaliseCell,
  normaliseIdNumber,
  normaliseKey,
  normaliseName,
  normalisePhone,
  normaliseResidency,
} from '../../../src/main/roster/normalise';

describe('normaliseCell', () => {
  it('turns full-width digits, letters, punctuation and the ideographic space into ASCII', () => {
    // U+FF11 U+FF10 U+FF11 = "101"; U+FF28 U+FF2D = "HM"; U+3000 is the ideographic space.
    expect(normaliseCell('\uFF11\uFF10\uFF11')).toBe('101');
    expect(normaliseCell('\uFF28\uFF2D\uFF10\uFF10\uFF10\uFF10\uFF11')).toBe('HM00001');
    expect(normaliseCell('a\u3000b')).toBe('a b');
    expect(normaliseCell('\uFF01\uFF5E')).toBe('!~'); // both ends of the full-width block
  });

  it('trims, collapses inner whitespace and strips zero-width characters and the BOM', () => {
    expect(normaliseCell('  1号楼 \t  A  ')).toBe('1号楼 A');
    expect(normaliseCell('\uFEFF楼号')).toBe('楼号');
    expect(normaliseCell('10\u200B1\u200C\u200D\u2060')).toBe('101');
    expect(normaliseCell('\u3000\u3000')).toBe('');
    expect(normaliseCell('a\u00A0b')).toBe('a b'); // no-break space from web pages
  });

  it('leaves Chinese text alone', () => {
    expect(normaliseCell('在家，假期未离开')).toBe('在家,假期未离开'); // only U+FF0C changes
    expect(normaliseCell('张三')).toBe('张三');
  });
});

describe('normaliseKey', () => {
  it('case-folds after normalising', () => {
    expect(normaliseKey(' Pass\u3000Number ')).toBe('pass number');
    expect(normaliseKey('ＩＤ')).toBe('id');
  });
});

describe('normaliseName', () => {
  it('removes padding between Han characters but keeps spaces in Latin names', () => {
    expect(normaliseName(' 王  伟 ')).toBe('王伟');
    expect(normaliseName('王\u3000伟')).toBe('王伟');
    expect(normaliseName('John  Smith')).toBe('John Smith');
    expect(normaliseName('阿依古丽·买买提')).toBe('阿依古丽·买买提');
  });
});

describe('normaliseIdNumber', () => {
  it('removes all spaces and upper-cases x', () => {
    expect(normaliseIdNumber(' 110105 19491231 002x ')).toBe('11010519491231002X');
    // Full-width digits and a full-width x (U+FF58).
    expect(normaliseIdNumber('\uFF11\uFF11\uFF10\uFF11\uFF10\uFF15 19491231002\uFF58')).toBe(
      '11010519491231002X',
    );
  });
});

describe('normalisePhone', () => {
  it('removes spaces and dashes', () => {
    expect(normalisePhone('139 1234-5678')).toBe('13912345678');
    expect(normalisePhone('021-6123 4567')).toBe('02161234567');
    expect(normalisePhone('139－1234－5678')).toBe('13912345678'); // full-width hyphen U+FF0D
    expect(normalisePhone('139\u20141234\u20145678')).toBe('13912345678'); // em dash
  });

  it('strips +86 / 86 only from a 13-digit value', () => {
    expect(normalisePhone('+86 139 1234 5678')).toBe('13912345678');
    expect(normalisePhone('8613912345678')).toBe('13912345678');
    expect(normalisePhone('+8613912345678')).toBe('13912345678');
    expect(normalisePhone('86123456')).toBe('86123456'); // a landline that happens to start with 86
    expect(normalisePhone('861391234567')).toBe('861391234567'); // 12 digits: left for validation
  });

  it('leaves an empty cell empty', () => {
    expect(normalisePhone('  ')).toBe('');
  });
});

describe('normaliseResidency', () => {
  it('maps the Chinese and English words, empty to owner, anything else to null', () => {
    expect(['业主', '户主', 'Owner', ' OWNER ', ''].map(normaliseResidency)).toEqual(Array(5).fill('owner'));
    expect(['租户', '租客', 'Renter'].map(normaliseResidency)).toEqual(Array(3).fill('renter'));
    expect(normaliseResidency('房东')).toBeNull();
  });
});

describe('cellValueText', () => {
  it('prints numbers as Excel shows them, without exponent or binary noise', () => {
    expect(cellValueText(13912345678)).toBe('13912345678');
    expect(cellValueText(101)).toBe('101');
    expect(cellValueText(0.1 + 0.2)).toBe('0.3'); // 0.30000000000000004 in binary
    // 1e21 is the first integer String() prints with an exponent; 10^21 is exact in a double.
    expect(cellValueText(1e21)).toBe('1000000000000000000000');
    expect(cellValueText(Number.NaN)).toBe('');
  });

  it('reduces rich text, formulas, hyperlinks, errors and dates', () => {
    expect(cellValueText({ richText: [{ text: '张' }, { font: {}, text: '三' }] })).toBe('张三');
    expect(cellValueText({ formula: 'A1&B1', result: 'HM00001' })).toBe('HM00001');
    expect(cellValueText({ sharedFormula: 'A1', result: 7 })).toBe('7');
    expect(cellValueText({ formula: '1/0', result: { error: '#DIV/0!' } })).toBe('');
    expect(cellValueText({ formula: 'NOW()' })).toBe('');
    expect(cellValueText({ text: '王五', hyperlink: 'mailto:x@example.com' })).toBe('王五');
    expect(cellValueText({ error: '#N/A' })).toBe('');
    expect(cellValueText(new Date(Date.UTC(2020, 1, 10)))).toBe('2020-02-10');
    expect(cellValueText(true)).toBe('TRUE');
    expect(cellValueText(null)).toBe('');
    expect(cellValueText(undefined)).toBe('');
  });
});
