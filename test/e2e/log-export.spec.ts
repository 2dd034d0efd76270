import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, wedgeScan } from './fixtures';

test('the entry-log export downloads a CSV whose rows match the database', async ({ page, host }) => {
  await page.goto(host.url);
  const passes = host.query<{ number: string }>("SELECT p.number FROM pass p JOIN resident r ON r.id = p.resident_id WHERE r.status_code = 'black' ORDER BY p.number LIMIT 3");
  for (const p of passes) {
    await page.getByTestId('sim-36.5').click();
    await wedgeScan(page, p.number);
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
  }
  await wedgeScan(page, 'NOT-A-PASS-1');
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'deny');

  await page.getByTestId('nav-log').click();
  await expect(page.getByTestId('log-row')).toHaveCount(4);
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const download = await downloadPromise;
  const file = join(host.dataDir, 'export.csv');
  await download.saveAs(file);
  const bytes = readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
  expect(lines[0]).toContain('"出入证号"');
  const db = host.query<{ id: string; credential: string; decision: string }>('SELECT id, credential, decision FROM entry_log ORDER BY seq');
  expect(lines).toHaveLength(db.length + 1);
  db.forEach((row, i) => {
    const line = lines[i + 1]!;
    expect(line.startsWith(`"${row.id}"`)).toBe(true);
    expect(line).toContain(`"${row.credential}"`);
    expect(line).toContain(row.decision === 'admit' ? '"通行"' : '"禁止通行"');
  });
});

test('a malformed roster file gets a clear error and the roster is unchanged', async ({ page, host }) => {
  await page.goto(host.url);
  const before = host.query<{ n: number }>('SELECT count(*) AS n FROM resident');
  await page.getByTestId('nav-roster').click();
  await page.getByTestId('roster-file').setInputFiles({ name: 'roster.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 this is not a workbook') });
  await expect(page.getByTestId('import-error')).toBeVisible();
  expect(host.query<{ n: number }>('SELECT count(*) AS n FROM resident')).toEqual(before);
});

test('a roster with bad rows is reported row by row and only imported by explicit choice', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByTestId('nav-roster').click();
  const csv = '\uFEFF楼号,单元,室,姓名,电话,身份证号,户籍,出入证号,状态\n9,1,101,测试甲,13900001111,11010519491231002X,业主,TT00001,black\n9,1,102,测试乙,13900001112,110105194912310021,业主,TT00002,black\n';
  await page.getByTestId('roster-file').setInputFiles({ name: 'r.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-report')).toContainText('3');
  await expect(page.getByTestId('import-all')).toBeDisabled();
  expect(host.query("SELECT id FROM pass WHERE number LIKE 'TT%'")).toHaveLength(0);
  await page.getByTestId('import-valid').click();
  await expect(page.getByTestId('import-result')).toBeVisible();
  expect(host.query<{ number: string }>("SELECT number FROM pass WHERE number LIKE 'TT%'")).toEqual([{ number: 'TT00001' }]);
});
