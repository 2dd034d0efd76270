import { call, expect, test, wedgeScan } from './fixtures';

test('the scan card shows who of the household is out and warns over the household quota', async ({ page, host }) => {
  const [h] = host.query<{ a: string; b: string }>(
    `SELECT min(p.number) AS a, max(p.number) AS b FROM resident r JOIN pass p ON p.resident_id = r.id
      WHERE r.status_code = 'black' GROUP BY r.household_id HAVING count(*) >= 2 LIMIT 1`,
  );
  await call(host.url, 'presence:setQuota', { quota: { maxOuts: 1, windowHours: 48, enforce: false } });
  await page.goto(host.url);
  await page.getByTestId('direction-out').click();

  await wedgeScan(page, h!.a);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
  await expect(page.getByTestId('household-presence')).toContainText('本户无人外出');
  await expect(page.getByTestId('household-presence')).toHaveAttribute('data-over-quota', 'false');
  await page.getByTestId('dismiss').click();

  await wedgeScan(page, h!.b);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
  await expect(page.locator('[data-reason="household_quota"]')).toContainText('本户外出次数已达限额');
  const presence = page.getByTestId('household-presence');
  await expect(presence).toContainText('本户外出中');
  await expect(presence).toHaveAttribute('data-over-quota', 'true');
  await expect(page.getByTestId('household-quota')).toContainText('已外出 1 次（限 1 次）');
  expect(host.query<{ reasons: string }>("SELECT reasons FROM entry_log ORDER BY seq")).toEqual([{ reasons: '' }, { reasons: 'household_quota' }]);
});
