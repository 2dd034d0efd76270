import { describe, expect, it } from 'vitest';
import { DEMO_STATUS_CODES } from '../../../src/main/roster/demoRoster';
import { parseRosterFile } from '../../../src/main/roster/parseRoster';

const KNOWN: ReadonlySet<string> = new Set(DEMO_STATUS_CODES);
const parse = (...lines: string[]) => parseRosterFile('roster.csv', Buffer.from(lines.join('\r\n') + '\r\n', 'utf8'), KNOWN);
const HEAD = '楼号,单元,室,姓名,电话,身份证号,户籍,出入证号,状态,车牌';

describe('roster import: the optional plate column', () => {
  it('reads plates normalised, several per cell; the column is optional', async () => {
    const r = await parse(HEAD, '1,1,101,张伟,,,owner,HM1,black,"沪ａ·12345、沪AD12345"', '1,1,102,李娜,,,owner,HM2,black,');
    expect(r.hasPlates).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.valid.map((x) => x.plates)).toEqual([['沪A12345', '沪AD12345'], []]);
    const without = await parse('楼号,单元,室,姓名,电话,身份证号,户籍,出入证号,状态', '1,1,101,张伟,,,owner,HM1,black');
    expect(without.hasPlates).toBe(false);
    expect(without.valid[0]).not.toHaveProperty('plates');
  });

  it('flags a malformed plate and a plate listed for two households', async () => {
    const r = await parse(
      HEAD,
      '1,1,101,张伟,,,owner,HM1,black,AB12345',
      '1,1,102,李娜,,,owner,HM2,black,沪B88888',
      '1,1,102,王芳,,,owner,HM3,black,沪B88888',
      '1,1,103,赵敏,,,owner,HM4,black,沪b 88888',
    );
    expect(r.problems).toEqual([
      { row: 2, field: 'plates', code: 'bad_plate', value: 'AB12345' },
      { row: 5, field: 'plates', code: 'duplicate_plate', value: '沪B88888' },
    ]);
    expect(r.valid.map((x) => x.name)).toEqual(['李娜', '王芳']);
  });
});
