import { expect, test, wedgeScan } from './fixtures';

test('issue a temporary pass, print-preview it, scan it back in; a tampered copy is refused', async ({ page, host }) => {
  const [h] = host.query<{ building: string; room: string; id: string }>(
    `SELECT b.name AS building, hh.room, hh.id FROM household hh JOIN building b ON b.id = hh.building_id
      WHERE hh.status_code = 'black' ORDER BY b.name, hh.room LIMIT 1`,
  );
  await page.goto(host.url);
  await page.getByTestId('nav-passes').click();
  const form = page.getByTestId('temp-pass-form');
  await form.getByTestId('temp-pass-building').selectOption(h!.building);
  await form.getByTestId('temp-pass-room').fill(h!.room);
  await form.getByTestId('temp-pass-purpose').selectOption('medical');
  await form.getByTestId('temp-pass-hours').fill('6');
  await form.getByTestId('temp-pass-submit').click();

  const preview = page.getByTestId('temp-pass-preview');
  await expect(preview).toBeVisible();
  const receipt = page.frameLocator('[data-testid="temp-pass-frame"]');
  await expect(receipt.locator('h1')).toHaveText('临时通行证');
  await expect(receipt.locator('.qr svg')).toBeVisible();
  await expect(receipt.locator('body')).toHaveAttribute('data-width-mm', '58');
  await expect(receipt.locator('table')).toContainText('就医');
  await preview.getByTestId('temp-pass-width').selectOption('80');
  await expect(receipt.locator('body')).toHaveAttribute('data-width-mm', '80');
  const payload = await receipt.locator('.qr').getAttribute('data-payload');
  expect(payload).toMatch(/^GHTP1\./);
  const [pass] = host.query<{ id: string; household_id: string; purpose: string }>('SELECT id, household_id, purpose FROM temp_pass');
  expect(pass).toMatchObject({ household_id: h!.id, purpose: 'medical' });

  // Back at the gate: the pass is scanned on return, the person measured, and admitted.
  await page.getByTestId('nav-guard').click();
  await page.getByTestId('sim-36.5').click();
  await wedgeScan(page, payload!);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
  expect(host.query('SELECT credential, decision, household_id FROM entry_log ORDER BY seq')).toEqual([
    { credential: `temp-pass:${pass!.id}`, decision: 'admit', household_id: h!.id },
  ]);

  // One character changed inside the signed body.
  const at = 20;
  const tampered = payload!.slice(0, at) + (payload![at] === 'Q' ? 'R' : 'Q') + payload!.slice(at + 1);
  await page.getByTestId('dismiss').click();
  await wedgeScan(page, tampered);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'deny');
  await expect(page.locator('[data-reason="forged_pass"]')).toContainText('出入证校验失败');
  const rows = host.query<{ decision: string; reasons: string }>('SELECT decision, reasons FROM entry_log ORDER BY seq');
  expect(rows[1]).toEqual({ decision: 'deny', reasons: 'forged_pass' });
});

test('a revoked temporary pass is refused with the reason', async ({ page, host }) => {
  const [h] = host.query<{ building: string; room: string }>(
    `SELECT b.name AS building, hh.room FROM household hh JOIN building b ON b.id = hh.building_id WHERE hh.status_code = 'black' LIMIT 1`,
  );
  await page.goto(host.url);
  await page.getByTestId('nav-passes').click();
  await page.getByTestId('temp-pass-building').selectOption(h!.building);
  await page.getByTestId('temp-pass-room').fill(h!.room);
  await page.getByTestId('temp-pass-submit').click();
  const payload = await page.frameLocator('[data-testid="temp-pass-frame"]').locator('.qr').getAttribute('data-payload');
  await page.getByTestId('temp-pass-revoke').click();
  await page.getByTestId('temp-pass-revoke-confirm').click();
  await expect(page.getByTestId('temp-pass-list').locator('tr[data-state="revoked"]')).toHaveCount(1);
  await page.getByTestId('nav-guard').click();
  await wedgeScan(page, payload!);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'deny');
  await expect(page.locator('[data-reason="revoked_pass"]')).toBeVisible();
});
