import { idCheckChar } from '../../src/main/roster/idNumber';
import { expect, test, wedgeScan } from './fixtures';

type Home = { building: string; room: string; phone: string; name: string };
const ID = '11010519491231002' + idCheckChar('11010519491231002');

test('a direct relative, confirmed by phone, is registered with a visitor pass and checked out', async ({ page, host }) => {
  const [home] = host.query<Home>(
    `SELECT b.name AS building, h.room, r.phone, r.name FROM resident r JOIN household h ON h.id = r.household_id
      JOIN building b ON b.id = h.building_id ORDER BY b.name, h.room LIMIT 1`,
  );
  await page.goto(host.url);
  await page.getByTestId('nav-visitors').click();
  await expect(page.getByTestId('visitor-policy')).toHaveText('仅限直系亲属探望，需电话确认');

  // Nothing filled: every wrong field is marked, nothing is sent.
  await page.getByTestId('visitor-submit').click();
  await expect(page.locator('.flow-field--invalid')).not.toHaveCount(0);
  expect(host.query('SELECT id FROM visitor')).toHaveLength(0);

  await page.getByTestId('visitor-name').fill('张大爷');
  await page.getByTestId('visitor-phone').fill('13812345678');
  await page.getByTestId('visitor-id').fill(ID);
  await page.getByTestId('visitor-host-building').selectOption(home!.building);
  await page.getByTestId('visitor-host-room').fill(home!.room);
  await page.getByTestId('visitor-host-find').click();
  await expect(page.getByTestId('visitor-host-picked')).toContainText(home!.room);
  await page.getByTestId('visitor-relation-parent').click();
  await page.getByTestId('visitor-called').fill(home!.phone);
  await page.getByTestId('visitor-answered').fill('户主');
  await page.getByTestId('visitor-outcome-confirmed').click();
  await page.getByTestId('visitor-temp-input').fill('36.6');
  await page.getByTestId('visitor-temp-add').click();
  await page.getByTestId('visitor-submit').click();

  const outcome = page.getByTestId('visitor-outcome');
  await expect(outcome).toHaveAttribute('data-stage', 'admit');
  await expect(outcome).toContainText('请通行');
  await expect(page.getByTestId('visitor-pass')).toContainText(/访客通行证 V[0-9A-F]{8}/);
  await expect(page.getByTestId('visitor-inside-item')).toHaveCount(1);
  await expect(page.getByTestId('visitor-inside-item')).toContainText('张*爷');

  const [visit] = host.query<{ id_number: string; confirm_outcome: string; staff_json: string; left_at: string | null }>(
    'SELECT id_number, confirm_outcome, staff_json, left_at FROM visitor',
  );
  expect(visit).toEqual({ id_number: `1101**********${ID.slice(-4)}`, confirm_outcome: 'confirmed', staff_json: '["demo-guard"]', left_at: null });

  await page.getByTestId('visitor-checkout').click();
  await expect(page.getByTestId('visitor-inside-item')).toHaveCount(0);
  expect(host.query<{ left: number }>('SELECT left_at IS NOT NULL AS left FROM visitor')).toEqual([{ left: 1 }]);
  expect(host.query<{ direction: string; reasons: string }>("SELECT direction, reasons FROM entry_log WHERE credential_source = 'visitor' ORDER BY seq")).toEqual([
    { direction: 'in', reasons: 'visitor,manual_reading' },
    { direction: 'out', reasons: 'visitor' },
  ]);
});

test('a visitor who is not a direct relative is refused, and the refusal is logged', async ({ page, host }) => {
  const [home] = host.query<Home>(
    `SELECT b.name AS building, h.room FROM household h JOIN building b ON b.id = h.building_id ORDER BY b.name, h.room LIMIT 1`,
  );
  await page.goto(host.url);
  await page.getByTestId('nav-visitors').click();
  await page.getByTestId('visitor-name').fill('王五');
  await page.getByTestId('visitor-phone').fill('13812345679');
  await page.getByTestId('visitor-id').fill(ID);
  await page.getByTestId('visitor-host-building').selectOption(home!.building);
  await page.getByTestId('visitor-host-room').fill(home!.room);
  await page.getByTestId('visitor-host-find').click();
  await expect(page.getByTestId('visitor-host-picked')).toBeVisible();
  await page.getByTestId('visitor-relation-sibling').click();
  await page.getByTestId('visitor-submit').click();
  await expect(page.getByTestId('visitor-outcome')).toHaveAttribute('data-stage', 'deny');
  await expect(page.getByTestId('visitor-outcome')).toContainText('仅限直系亲属探望');
  expect(host.query('SELECT decision, arrived_at FROM visitor')).toEqual([{ decision: 'deny', arrived_at: null }]);
});

test('a visitor leaving shows their visitor pass at the gate: scanned on the way out, checked out', async ({ page, host }) => {
  const [home] = host.query<Home>(
    `SELECT b.name AS building, h.room, r.phone FROM resident r JOIN household h ON h.id = r.household_id
      JOIN building b ON b.id = h.building_id ORDER BY b.name, h.room LIMIT 1`,
  );
  await page.goto(host.url);
  await page.getByTestId('nav-visitors').click();
  await page.getByTestId('visitor-name').fill('李阿姨');
  await page.getByTestId('visitor-phone').fill('13812345670');
  await page.getByTestId('visitor-id').fill(ID);
  await page.getByTestId('visitor-host-building').selectOption(home!.building);
  await page.getByTestId('visitor-host-room').fill(home!.room);
  await page.getByTestId('visitor-host-find').click();
  await expect(page.getByTestId('visitor-host-picked')).toBeVisible();
  await page.getByTestId('visitor-relation-child').click();
  await page.getByTestId('visitor-called').fill(home!.phone);
  await page.getByTestId('visitor-answered').fill('户主');
  await page.getByTestId('visitor-outcome-confirmed').click();
  await page.getByTestId('visitor-temp-input').fill('36.4');
  await page.getByTestId('visitor-temp-add').click();
  await page.getByTestId('visitor-submit').click();
  await expect(page.getByTestId('visitor-outcome')).toHaveAttribute('data-stage', 'admit');
  const pass = host.query<{ pass: string }>('SELECT pass_number AS pass FROM visitor')[0]?.pass ?? '';
  expect(pass).not.toBe('');

  await page.getByTestId('nav-guard').click();
  await page.getByTestId('direction-out').click();
  await wedgeScan(page, pass);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
  await expect(page.locator('[data-reason="visitor"]')).toContainText('访客');
  expect(host.query<{ left: number }>('SELECT left_at IS NOT NULL AS left FROM visitor')).toEqual([{ left: 1 }]);
  await page.getByTestId('nav-visitors').click();
  await expect(page.getByTestId('visitor-inside-item')).toHaveCount(0);
});
