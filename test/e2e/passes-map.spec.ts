import { call, expect, test } from './fixtures';

type Count = { status_code: string; n: number };

test.describe('household status map (作战图)', () => {
  test('counts match the roster; a committee change recolours the household on every open map', async ({ page, context, host }) => {
    await page.goto(host.url);
    await page.getByTestId('nav-map').click();
    const counts = host.query<Count>('SELECT status_code, count(*) AS n FROM household GROUP BY status_code');
    const total = counts.reduce((s, c) => s + c.n, 0);
    await expect(page.getByTestId('map-household')).toHaveCount(total);
    for (const c of counts) await expect(page.getByTestId(`map-count-${c.status_code}`)).toHaveText(String(c.n));
    // Every colour also has its legend number, so the map reads without colour vision.
    await expect(page.getByTestId('map-legend').locator('li')).toHaveCount(9);

    // A second screen (say, the committee office) watching the same map.
    const other = await context.newPage();
    await other.goto(host.url);
    await other.getByTestId('nav-map').click();
    await expect(other.getByTestId('map-household')).toHaveCount(total);

    const [target] = host.query<{ id: string }>("SELECT id FROM household WHERE status_code = 'black' LIMIT 1");
    const blackBefore = counts.find((c) => c.status_code === 'black')!.n;
    const orangeBefore = counts.find((c) => c.status_code === 'orange')?.n ?? 0;
    const cell = page.locator(`[data-household="${target!.id}"]`);
    await expect(cell).toHaveAttribute('data-status', 'black');
    await cell.click();
    const detail = page.getByTestId('household-detail');
    await expect(detail.getByTestId('household-members').locator('li').first()).toContainText('*');
    await detail.getByTestId('household-new-status').selectOption('orange');
    await detail.getByTestId('household-note').fill('重点地区返回');
    await detail.getByTestId('household-save').click();
    await expect(detail.getByTestId('household-status')).toHaveAttribute('data-status', 'orange');
    await expect(detail.getByTestId('household-history')).toContainText('重点地区返回');
    await detail.getByTestId('household-close').click();

    for (const p of [page, other]) {
      const c = p.locator(`[data-household="${target!.id}"]`);
      await expect(c).toHaveAttribute('data-status', 'orange');
      await expect(c).toHaveCSS('background-color', 'rgb(243, 108, 0)');
      await expect(p.getByTestId('map-count-black')).toHaveText(String(blackBefore - 1));
      await expect(p.getByTestId('map-count-orange')).toHaveText(String(orangeBefore + 1));
    }
    expect(host.query('SELECT to_status FROM household_status_history WHERE household_id = ?', target!.id)).toEqual([{ to_status: 'orange' }]);
  });

  test('the 5-colour scheme can be shown and adopted', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByTestId('nav-map').click();
    await page.getByTestId('map-scheme').selectOption('hongqiao5');
    await expect(page.getByTestId('map-legend').locator('li[data-status^="hq_"]')).toHaveCount(5);
    const total = host.query<{ n: number }>('SELECT count(*) AS n FROM household')[0]!.n;
    await expect(page.getByTestId('map-count-other')).toHaveText(String(total));
    await page.getByTestId('map-use-scheme').click();
    await expect(page.getByTestId('map-use-scheme')).toHaveCount(0);
    expect(host.query("SELECT value FROM meta WHERE key = 'status_scheme'")).toEqual([{ value: 'hongqiao5' }]);
  });
});

test('a returnee registered at the gate turns the household orange on the open map', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByTestId('nav-map').click();
  const [target] = host.query<{ id: string }>("SELECT id FROM household WHERE status_code = 'black' LIMIT 1");
  const cell = page.locator(`[data-household="${target!.id}"]`);
  await expect(cell).toHaveAttribute('data-status', 'black');
  const first17 = '31010119800101123';
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const idNumber = first17 + '10X98765432'[[...first17].reduce((s, c, i) => s + Number(c) * w[i]!, 0) % 11];
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await call(host.url, 'returnee:register', {
    residentId: null,
    householdId: target!.id,
    name: '陈晓',
    idNumber,
    phone: '13900000009',
    originProvince: '湖北省',
    originCity: '武汉市',
    keyRegion: true,
    transport: 'train',
    transportNo: 'G1',
    arrivedOn: today,
    symptoms: [],
    readings: [{ celsius: 36.5, source: 'simulated' }],
  });
  await expect(cell).toHaveAttribute('data-status', 'orange');
  await expect(cell).toHaveCSS('background-color', 'rgb(243, 108, 0)');
  await cell.click();
  await expect(page.getByTestId('household-history')).toContainText('门岗');
});
