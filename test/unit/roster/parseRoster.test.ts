import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEMO_STATUS_CODES, demoRosterCsv, generateDemoRoster } from '../../../src/main/roster/demoRoster';
import { isValidIdNumber } from '../../../src/main/roster/idNumber';
import { parseRosterFile, RosterFileError } from '../../../src/main/roster/parseRoster';

const KNOWN: ReadonlySet<string> = new Set(DEMO_STATUS_CODES);
const ZH = '楼号,单元,室,姓名,电话,身份证号,户籍,出入证号,状态';
const EN = 'Building,Unit,Room,Name,Phone,ID Number,Residency,Pass Number,Status';
const csv = (...lines: string[]): Buffer => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
const parseCsv = (...lines: string[]) => parseRosterFile('roster.csv', csv(...lines), KNOWN);

async function xlsx(rows: unknown[][], edit?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名册');
  for (const r of rows) ws.addRow(r);
  edit?.(ws);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A minimal ZIP whose central directory may declare any uncompressed size. */
function zip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(packed.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(packed.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(lh, name, packed);
    central.push(cd, name);
    offset += 30 + name.length + packed.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, eocd]);
}

async function fileError(p: Promise<unknown>): Promise<RosterFileError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RosterFileError);
  expect((err as RosterFileError).code).toBe('bad_file');
  return err as RosterFileError;
}

describe('parseRosterFile: CSV', () => {
  it('reads Chinese headers, with a BOM', async () => {
    const data = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      csv(ZH, '1,2,301,张三,13912345678,11010519491231002X,业主,HM00001,black'),
    ]);
    const r = await parseRosterFile('名册.CSV', data, KNOWN);
    expect(r.problems).toEqual([]);
    expect(r.totalRows).toBe(1);
    expect(r.valid).toEqual([
      {
        row: 2,
        building: '1',
        unit: '2',
        room: '301',
        name: '张三',
        phone: '13912345678',
        idNumber: '11010519491231002X',
        residency: 'owner',
        passNumber: 'HM00001',
        status: 'black',
      },
    ]);
  });

  it('reads English headers in any case and order, and the synonyms', async () => {
    const r = await parseCsv(EN, '3,,1502,Li Si,,,renter,HM00009,Yellow');
    expect(r.problems).toEqual([]);
    expect(r.valid[0]).toMatchObject({
      building: '3',
      unit: '',
      room: '1502',
      name: 'Li Si',
      residency: 'renter',
    });
    expect(r.valid[0]?.status).toBe('yellow');

    const r2 = await parseCsv('STATUS,pass,id_number,NAME,room,楼栋,手机', 'pink,HM1,,王五,101,2,');
    expect(r2.problems).toEqual([]);
    expect(r2.valid[0]).toMatchObject({
      building: '2',
      room: '101',
      name: '王五',
      passNumber: 'HM1',
      status: 'pink',
    });
    expect(r2.valid[0]?.unit).toBe('');
    expect(r2.valid[0]?.residency).toBe('owner');
  });

  it('normalises full-width digits, stray spaces and padded headers', async () => {
    const r = await parseCsv(
      ' 楼 号 ,单元,室号,姓\u3000名,电话,身份证,户籍类型,出入证,状态 ',
      // Full-width "1", "101", "HM00001"; spaces inside the phone and ID; padded name.
      '\uFF11 , 1 ,\uFF11\uFF10\uFF11, 王  伟 ,139 1234 5678, 110105 19491231 002x ,业主 ,\uFF28\uFF2D00001, black ',
    );
    expect(r.problems).toEqual([]);
    expect(r.valid[0]).toMatchObject({
      building: '1',
      room: '101',
      name: '王伟',
      phone: '13912345678',
      idNumber: '11010519491231002X',
      passNumber: 'HM00001',
      status: 'black',
    });
  });

  it('reports a wrong check digit and an impossible birth date, masked', async () => {
    const r = await parseCsv(
      ZH,
      '1,1,101,张三,,110105194912310021,,HM1,',
      // 31 February with a correct check character: month 12 → 02 lowers digit 11 (weight 7) by 1,
      // so the sum is 167 − 7 = 160; 160 mod 11 = 6 → '6'.
      '1,1,102,李四,,110105194902310026,,HM2,',
    );
    expect(r.valid).toEqual([]);
    expect(r.problems).toEqual([
      { row: 2, field: 'idNumber', code: 'bad_id_number', value: '1101**********0021' },
      { row: 3, field: 'idNumber', code: 'bad_id_number', value: '1101**********0026' },
    ]);
  });

  it('flags every row that shares a pass number', async () => {
    const r = await parseCsv(
      ZH,
      '1,1,101,张三,,,,HM00001,',
      '1,1,101,李四,,,,HM00002,',
      '1,1,102,王五,,,,HM00001,',
      '1,1,103,赵六,,,,HM00001,',
      '1,1,104,孙七,,,,,',
      '1,1,105,周八,,,,,',
    );
    expect(r.valid.map((v) => v.name)).toEqual(['李四', '孙七', '周八']); // two empty passes are no clash
    expect(r.problems).toEqual(
      [2, 4, 5].map((row) => ({ row, field: 'passNumber', code: 'duplicate_pass', value: 'HM00001' })),
    );
  });

  it('matches statuses by code or by label, and flags unknown ones', async () => {
    const labels = new Map([
      ['在家，假期未离开', 'black'],
      ['Returned from another province', 'yellow'],
      ['Some old label', 'hq_red'], // maps to a code this gate does not know
    ]);
    const data = csv(
      ZH,
      '1,1,101,甲,,,,A1,在家,假期未离开',
      '1,1,102,乙,,,,A2,returned from another province',
      '1,1,103,丙,,,,A3,red',
      '1,1,104,丁,,,,A4,some old label',
      '1,1,105,戊,,,,A5,ORANGE_YELLOW',
    );
    const r = await parseRosterFile('r.csv', data, KNOWN, labels);
    expect(r.problems).toEqual([
      { row: 2, field: 'status', code: 'unknown_status', value: '在家' }, // unquoted comma split the label
      { row: 4, field: 'status', code: 'unknown_status', value: 'red' },
      { row: 5, field: 'status', code: 'unknown_status', value: 'some old label' },
    ]);
    expect(r.valid.map((v) => v.status)).toEqual(['yellow', 'orange_yellow']);

    const quoted = csv(ZH, '1,1,101,甲,,,,A1,"在家，假期未离开"');
    expect((await parseRosterFile('r.csv', quoted, KNOWN, labels)).valid[0]?.status).toBe('black');
  });

  it('treats an empty status as black only when the scheme has black', async () => {
    const r = await parseRosterFile('r.csv', csv(ZH, '1,1,101,甲,,,,A1,'), new Set(['hq_green']));
    expect(r.problems).toEqual([{ row: 2, field: 'status', code: 'unknown_status', value: '' }]);
  });

  it('lists every problem of a row: missing building, room, name; bad residency and phone', async () => {
    const r = await parseCsv(
      ZH,
      ',1,,,12345,,房东,HM1,black',
      '2,1,201,王五,+86 139-1234-5678,,租客,HM2,black',
      '2,1,202,赵六,1391234567,,owner,HM3,black',
      '2,1,203,钱七,021-6123 4567,,OWNER,HM4,black',
    );
    expect(r.problems).toEqual([
      { row: 2, field: 'building', code: 'missing_building', value: '' },
      { row: 2, field: 'room', code: 'missing_room', value: '' },
      { row: 2, field: 'name', code: 'missing_name', value: '' },
      { row: 2, field: 'phone', code: 'bad_phone', value: '*2345' },
      { row: 2, field: 'residency', code: 'bad_residency', value: '房东' },
      { row: 4, field: 'phone', code: 'bad_phone', value: '******4567' }, // 10 digits starting with 1
    ]);
    expect(r.valid.map((v) => [v.row, v.phone, v.residency])).toEqual([
      [3, '13912345678', 'renter'],
      [5, '02161234567', 'owner'],
    ]);
  });

  it('skips empty rows without counting them, keeping spreadsheet row numbers', async () => {
    const r = await parseCsv(
      ZH,
      '1,1,101,甲,,,,A1,',
      ',,,,,,,,',
      '',
      ' , \u3000,',
      '1,1,102,乙,,,,A2,',
      ',,,,,,,,',
    );
    expect(r.totalRows).toBe(2);
    expect(r.valid.map((v) => v.row)).toEqual([2, 6]);
  });

  it('finds the header below a title row', async () => {
    const r = await parseCsv('华木小区居民名册,,,', '', ZH, '1,1,101,甲,,,,A1,');
    expect(r.valid.map((v) => v.row)).toEqual([4]);
  });

  it('decodes a GBK-encoded CSV', async () => {
    // GBK bytes: 楼号 C2A5 BAC5, 室 CAD2, 姓名 D0D5 C3FB, 出入证号 B3F6 C8EB D6A4 BAC5, 状态 D7B4 CCAC,
    // 张三 D5C5 C8FD. "BA C5" is not valid UTF-8, which is how the decoder tells them apart.
    const hex = (h: string): Buffer => Buffer.from(h.replace(/\s/g, ''), 'hex');
    const a = (s: string): Buffer => Buffer.from(s, 'ascii');
    const data = Buffer.concat([
      hex('C2A5 BAC5'),
      a(','),
      hex('CAD2'),
      a(','),
      hex('D0D5 C3FB'),
      a(','),
      hex('B3F6 C8EB D6A4 BAC5'),
      a(','),
      hex('D7B4 CCAC'),
      a('\r\n'),
      a('1,101,'),
      hex('D5C5 C8FD'),
      a(',HM00001,black\r\n'),
    ]);
    const r = await parseRosterFile('gbk.csv', data, KNOWN);
    expect(r.problems).toEqual([]);
    expect(r.valid[0]).toMatchObject({ building: '1', room: '101', name: '张三', passNumber: 'HM00001' });
  });
});

describe('parseRosterFile: XLSX', () => {
  it('reads numbers, rich text, formulas and merged cells; an ID stored as a number fails', async () => {
    const data = await xlsx(
      [
        ['楼号', '单元', '室', '姓名', '电话', '身份证号', '户籍', '出入证号', '状态'],
        [
          '5',
          1,
          101,
          { richText: [{ text: '张' }, { text: '三' }] },
          13912345678,
          '440524188001010014',
          '业主',
          'HM00001',
          'black',
        ],
        // 440524188001010014 as a double is 440524188001009984, printed "440524188001010000":
        // first 17 "44052418800101000" → sum 195 − 2 = 193, 193 mod 11 = 6 → check '6', not '0'.
        [
          null,
          1,
          { formula: '100+2', result: 102 },
          '李四',
          null,
          Number('440524188001010014'),
          '租户',
          'HM00002',
          'blue',
        ],
      ],
      (ws) => ws.mergeCells('A2:A3'),
    );
    const r = await parseRosterFile('roster.xlsx', data, KNOWN);
    expect(r.totalRows).toBe(2);
    expect(r.valid).toEqual([
      {
        row: 2,
        building: '5',
        unit: '1',
        room: '101',
        name: '张三',
        phone: '13912345678',
        idNumber: '440524188001010014',
        residency: 'owner',
        passNumber: 'HM00001',
        status: 'black',
      },
    ]);
    expect(r.problems).toEqual([
      { row: 3, field: 'idNumber', code: 'bad_id_number', value: '4405**********0000' },
    ]);
  });

  it('rejects a truncated or damaged workbook', async () => {
    const good = await xlsx([ZH.split(','), ['1', '1', '101', '甲', '', '', '', 'A1', '']]);
    expect(
      (await fileError(parseRosterFile('r.xlsx', good.subarray(0, good.length >> 1), KNOWN))).reason,
    ).toBe('corrupt');
    const damaged = Buffer.from(good);
    damaged.fill(0x55, 200, 600);
    expect((await fileError(parseRosterFile('r.xlsx', damaged, KNOWN))).reason).toBe('corrupt');
    expect((await fileError(parseRosterFile('r.xlsx', Buffer.from('not a zip'), KNOWN))).reason).toBe(
      'corrupt',
    );
  });

  it('refuses zips that expand too far, by declaration, by ratio, or by lying', async () => {
    const huge = zip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<x/>'), declaredSize: 300 * 1024 * 1024 },
    ]);
    const e1 = await fileError(parseRosterFile('r.xlsx', huge, KNOWN));
    expect(e1.reason).toBe('too_large');
    expect(e1.message).toMatch(/300 MB/);

    const zeros = Buffer.alloc(8 * 1024 * 1024); // deflates about 1000:1
    expect(
      (await fileError(parseRosterFile('r.xlsx', zip([{ name: 'a.xml', data: zeros }]), KNOWN))).reason,
    ).toBe('too_large');

    const liar = zip([{ name: 'a.xml', data: zeros, declaredSize: 1000 }]);
    const e3 = await fileError(parseRosterFile('r.xlsx', liar, KNOWN));
    expect(e3.reason).toBe('too_large');
    expect(e3.message).toMatch(/declared size/);
  });
});

describe('parseRosterFile: bad files', () => {
  it('rejects unsupported extensions', async () => {
    for (const name of ['roster.xls', 'roster.txt', 'roster', 'csv']) {
      expect((await fileError(parseRosterFile(name, csv(ZH), KNOWN))).reason).toBe('unsupported_extension');
    }
  });

  it('rejects empty files and header-only files', async () => {
    expect((await fileError(parseRosterFile('r.csv', Buffer.alloc(0), KNOWN))).reason).toBe('empty');
    expect((await fileError(parseRosterFile('r.csv', Buffer.from('\uFEFF \r\n\r\n'), KNOWN))).reason).toBe(
      'empty',
    );
    expect((await fileError(parseCsv(ZH, ',,,,,,,,'))).reason).toBe('no_data');
    expect((await fileError(parseRosterFile('r.xlsx', await xlsx([]), KNOWN))).reason).toBe('empty');
  });

  it('names the missing required columns', async () => {
    const err = await fileError(parseCsv('楼号,姓名,电话,单元', '1,甲,,1'));
    expect(err.reason).toBe('missing_columns');
    expect(err.missingColumns).toEqual(['室/room', '出入证号/pass', '状态/status']);
    expect(err.message).toContain('室/room, 出入证号/pass, 状态/status');

    const xerr = await fileError(
      parseRosterFile(
        'r.xlsx',
        await xlsx([
          ['Building', 'Room', 'Name'],
          ['1', '101', 'x'],
        ]),
        KNOWN,
      ),
    );
    expect(xerr.missingColumns).toEqual(['出入证号/pass', '状态/status']);
  });

  it('rejects a file without any header row', async () => {
    expect((await fileError(parseCsv('a,b,c', '1,2,3'))).reason).toBe('no_header');
  });

  it('rejects more than 100,000 rows and more than 64 columns', async () => {
    // Passes are left empty so 100,000 identical rows are all valid.
    const big = (n: number): Buffer => Buffer.from(ZH + '\r\n' + '1,1,101,甲,,,,,\r\n'.repeat(n), 'utf8');
    expect((await fileError(parseRosterFile('r.csv', big(100_001), KNOWN))).reason).toBe('too_many_rows');
    const ok = await parseRosterFile('r.csv', big(100_000), KNOWN);
    expect(ok.totalRows).toBe(100_000);

    const wide = ZH + ',x'.repeat(56); // 9 + 56 = 65 columns
    expect((await fileError(parseCsv(wide, '1,1,101,甲,,,,,'))).reason).toBe('too_many_columns');
    expect((await parseCsv(ZH + ',x'.repeat(55) + ',,,', '1,1,101,甲,,,,,')).totalRows).toBe(1); // 64 + empty tail
  }, 30_000);
});

describe('demo roster', () => {
  const rows = generateDemoRoster();
  const households = new Set(rows.map((r) => `${r.building}/${r.unit}/${r.room}`));

  it('is a plausible compound', () => {
    expect(new Set(rows.map((r) => r.building))).toEqual(new Set(['1', '2', '3', '4', '5', '6', '7', '8']));
    expect(households.size).toBeGreaterThanOrEqual(340);
    expect(households.size).toBeLessThanOrEqual(380);
    expect(rows.length).toBeGreaterThanOrEqual(850);
    expect(rows.length).toBeLessThanOrEqual(950);
    expect(rows.some((r) => r.residency === 'renter')).toBe(true);
    expect(rows.every((r) => /^[1-3]$/.test(r.unit) && /^([1-9]|1[0-5])0[12]$/.test(r.room))).toBe(true);
  });

  it('uses every status in several households, mostly black', () => {
    for (const code of DEMO_STATUS_CODES) {
      const n = new Set(rows.filter((r) => r.status === code).map((r) => `${r.building}/${r.unit}/${r.room}`))
        .size;
      expect(n, code).toBeGreaterThanOrEqual(3);
    }
    expect(rows.filter((r) => r.status === 'black').length / rows.length).toBeGreaterThan(0.6);
  });

  it('has valid, unique ID numbers and unique sequential passes', () => {
    expect(rows.every((r) => isValidIdNumber(r.idNumber))).toBe(true);
    expect(new Set(rows.map((r) => r.idNumber)).size).toBe(rows.length);
    const passes = rows.map((r) => r.passNumber).filter((p) => p !== '');
    expect(new Set(passes).size).toBe(passes.length);
    expect(passes.every((p) => /^HM\d{5}$/.test(p))).toBe(true);
    expect(passes[0]).toBe('HM00001');
    const without = rows.length - passes.length;
    expect(without).toBeGreaterThan(0);
    expect(without / rows.length).toBeLessThan(0.06);
  });

  it('is deterministic and matches the CSV text', () => {
    expect(generateDemoRoster()).toEqual(rows);
    const text = demoRosterCsv();
    expect(text.startsWith('\uFEFF楼号,单元,室,姓名,电话,身份证号,户籍,出入证号,状态\r\n')).toBe(true);
    expect(text.split('\r\n').length).toBe(rows.length + 2);
  });

  it('parses from resources/demo-roster.csv and .xlsx with zero problems', async () => {
    for (const name of ['demo-roster.csv', 'demo-roster.xlsx']) {
      const data = readFileSync(fileURLToPath(new URL(`../../../resources/${name}`, import.meta.url)));
      const r = await parseRosterFile(name, data, KNOWN);
      expect(r.problems, name).toEqual([]);
      expect(r.totalRows, name).toBe(rows.length);
      expect(r.valid, name).toEqual(rows);
    }
  });
});
