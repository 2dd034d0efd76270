import { expect, test, wedgeScan } from './fixtures';

type Pass = { number: string; status: string };

test.describe('guard screen, headless host + Debian Chromium', () => {
  test.beforeEach(async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('idle')).toContainText('请出示出入证');
  });

  test('a keyboard-wedge scan of a sample pass with a normal reading → ADMIT and a new log row', async ({ page, host }) => {
    const [pass] = host.query<Pass>("SELECT p.number, r.status_code AS status FROM pass p JOIN resident r ON r.id = p.resident_id WHERE r.status_code = 'black' ORDER BY p.number LIMIT 1");
    await page.getByTestId('sim-36.5').click();
    await wedgeScan(page, pass!.number);
    const decision = page.getByTestId('decision');
    await expect(decision).toHaveAttribute('data-stage', 'admit');
    await expect(decision).toContainText('请通行');
    await expect(page.getByTestId('temperature')).toContainText('36.5℃');
    await expect(page.getByTestId('status-badge')).toContainText('在家');
    const rows = host.query<{ decision: string; credential: string; temp_body_c: number }>('SELECT decision, credential, temp_body_c FROM entry_log');
    expect(rows).toEqual([{ decision: 'admit', credential: pass!.number, temp_body_c: 36.5 }]);
    await expect(page.locator('body')).toHaveAttribute('data-last-sound', 'admit');

    await page.getByTestId('nav-log').click();
    await expect(page.getByTestId('log-row')).toHaveCount(1);
    await expect(page.getByTestId('log-row').first()).toContainText('36.5');
  });

  test('a fever reading → RE-MEASURE, then a second high reading → DENY', async ({ page, host }) => {
    const [pass] = host.query<Pass>("SELECT p.number FROM pass p JOIN resident r ON r.id = p.resident_id WHERE r.status_code = 'black' ORDER BY p.number LIMIT 1 OFFSET 1");
    await wedgeScan(page, pass!.number);
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'await_reading');
    await page.getByTestId('sim-37.8').click();
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'remeasure');
    await expect(page.getByTestId('decision')).toContainText('体温偏高，请稍候复测');
    expect(host.query('SELECT id FROM entry_log')).toHaveLength(0);
    await page.getByTestId('sim-37.8').click();
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'deny');
    await expect(page.locator('[data-reason="fever"]')).toBeVisible();
    expect(host.query<{ decision: string; reasons: string }>('SELECT decision, reasons FROM entry_log')).toEqual([{ decision: 'deny', reasons: 'fever' }]);
  });

  test('an unknown pass → DENY', async ({ page, host }) => {
    await wedgeScan(page, 'ZZ99999-FAKE');
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'deny');
    await expect(page.locator('[data-reason="unknown_pass"]')).toContainText('出入证无效');
    expect(host.query<{ decision: string }>('SELECT decision FROM entry_log')).toEqual([{ decision: 'deny' }]);
  });

  test('a resident under home observation going out → DENY with an alert', async ({ page, host }) => {
    const [pass] = host.query<Pass>(
      "SELECT p.number FROM pass p JOIN resident r ON r.id = p.resident_id JOIN status_scheme s ON s.code = r.status_code WHERE s.gate_rule = 'no_exit' LIMIT 1",
    );
    await page.getByTestId('direction-out').click();
    await wedgeScan(page, pass!.number);
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'deny');
    await expect(page.locator('[data-reason="home_observation"]')).toBeVisible();
    await expect(page.getByTestId('alert')).toBeVisible();
    expect(host.query<{ kind: string }>('SELECT kind FROM alert')).toEqual([{ kind: 'home_observation_exit' }]);
  });

  test('typing in the lookup box at human speed is not taken for a scan', async ({ page, host }) => {
    await page.getByTestId('open-lookup').click();
    const name = page.locator('input[data-testid="lookup-name"]');
    await name.click();
    await page.keyboard.type('HM00001', { delay: 150 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    expect(host.query('SELECT id FROM entry_log')).toHaveLength(0);
  });
});
