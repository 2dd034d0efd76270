import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test, wedgeScan } from './fixtures';

test.describe("manager's desk, headless host + Debian Chromium", () => {
  test.beforeEach(async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('idle')).toBeVisible();
    const passes = host.query<{ number: string }>(
      "SELECT p.number FROM pass p JOIN resident r ON r.id = p.resident_id WHERE r.status_code = 'black' ORDER BY p.number LIMIT 2",
    );
    for (const p of passes) {
      await page.getByTestId('sim-36.5').click();
      await wedgeScan(page, p.number);
      await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
    }
    await wedgeScan(page, 'NOT-A-PASS-7');
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'deny');
    await expect.poll(() => host.query('SELECT id FROM entry_log').length).toBe(3);
  });

  test("today's report counts the logged checks and downloads as a workbook", async ({ page, host }) => {
    await page.getByTestId('nav-desk').click();
    await expect(page.getByTestId('desk-screen')).toBeVisible();
    await page.getByTestId('report-run').click();
    const [{ n }] = host.query<{ n: number }>('SELECT count(*) AS n FROM entry_log') as [{ n: number }];
    const checks = page.getByTestId('report-checks');
    await expect(checks).toHaveAttribute('data-total', String(n));
    await expect(checks).toContainText(String(n));
    await expect(page.getByTestId('report-denied')).toHaveAttribute('data-total', '1');
    await expect(page.getByTestId('report-chart-denied').locator('[data-key="unknown_pass"]')).toContainText('出入证无效');
    await expect(page.getByTestId('report-chart-hour').locator('rect')).toHaveCount(24);

    const downloadPromise = page.waitForEvent('download');
    await page.getByTestId('report-xlsx').click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  test('a CSV export to the default folder has BOM, header and one line per entry', async ({ page, host }) => {
    await page.getByTestId('nav-desk').click();
    await page.getByTestId('desk-tab-export').click();
    await expect(page.getByTestId('export-masked')).toBeVisible();
    await expect(page.getByTestId('export-folder')).not.toHaveValue('');
    await page.getByTestId('export-start').click();
    const done = page.getByTestId('export-done');
    await expect(done).toBeVisible();
    const file = await done.getAttribute('data-path');
    expect(file).toBeTruthy();
    await expect(done).toContainText(file!);
    const bytes = readFileSync(file!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toContain('"出入证号"');
    const rows = host.query('SELECT id FROM entry_log');
    expect(lines).toHaveLength(rows.length + 1);
    await expect(done).toHaveAttribute('data-rows', String(rows.length));
  });

  test('an XLSX export reads back in exceljs with one row per entry, in log order', async ({ page, host }) => {
    await page.getByTestId('nav-desk').click();
    await page.getByTestId('desk-tab-export').click();
    await page.getByTestId('export-format').selectOption('xlsx');
    await page.getByTestId('export-start').click();
    const done = page.getByTestId('export-done');
    await expect(done).toBeVisible();
    const file = await done.getAttribute('data-path');
    expect(file).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file!);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell('E1').value).toBe('出入证号');
    const rows = host.query<{ id: string; credential: string }>('SELECT id, credential FROM entry_log ORDER BY seq');
    expect(sheet.rowCount).toBe(rows.length + 1);
    rows.forEach((r, i) => {
      expect(sheet.getCell(`A${i + 2}`).value).toBe(r.id);
      expect(sheet.getCell(`E${i + 2}`).value).toBe(r.credential);
    });
  });

  test('an export to a missing folder fails in words', async ({ page }) => {
    await page.getByTestId('nav-desk').click();
    await page.getByTestId('desk-tab-export').click();
    await page.getByTestId('export-folder').fill('/no/such/folder/usb');
    await page.getByTestId('export-start').click();
    await expect(page.getByTestId('export-failed')).toHaveAttribute('data-code', 'folder_missing');
    await expect(page.getByTestId('export-failed')).toContainText('U 盘');
  });

  test('checklist ticks carry the name and the disinfection sheet lists what was added', async ({ page, host }) => {
    await page.getByTestId('nav-desk').click();
    await page.getByTestId('desk-tab-checklist').click();
    const first = page.getByTestId('checklist-item').first();
    await expect(first).toHaveAttribute('data-ticked', 'false');
    await expect(first.getByTestId('checklist-tick')).toBeDisabled();
    await page.getByTestId('checklist-by').fill('王阿姨');
    // The box follows the core's answer, not the click, so click and wait for the recorded state.
    await first.getByTestId('checklist-tick').click();
    await expect(first).toHaveAttribute('data-ticked', 'true');
    await expect(first.getByTestId('checklist-who')).toContainText('王阿姨');
    expect(host.query<{ by_name: string }>('SELECT by_name FROM checklist_tick')).toEqual([{ by_name: '王阿姨' }]);

    await page.getByTestId('disinfection-place').fill('3号楼大堂');
    await page.getByTestId('disinfection-agent').fill('84消毒液');
    await page.getByTestId('disinfection-add').click();
    await expect(page.getByTestId('disinfection-row')).toHaveCount(1);
    await expect(page.getByTestId('disinfection-row')).toContainText('王阿姨');
  });
});
