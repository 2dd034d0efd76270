import { expect, test } from './fixtures';

type Home = { building: string; room: string; pass: string };

test('a parcel is logged at the drop-off shelf and collected by the resident with their pass', async ({ page, host }) => {
  const [home] = host.query<Home>(
    `SELECT b.name AS building, h.room, p.number AS pass FROM pass p JOIN resident r ON r.id = p.resident_id
      JOIN household h ON h.id = r.household_id JOIN building b ON b.id = h.building_id
      WHERE p.status = 'active' ORDER BY p.number LIMIT 1`,
  );
  await page.goto(host.url);
  await page.getByTestId('nav-parcels').click();
  await page.getByTestId('parcel-carrier-顺丰').click();
  await page.getByTestId('parcel-household-building').selectOption(home!.building);
  await page.getByTestId('parcel-household-room').fill(home!.room);
  await page.getByTestId('parcel-household-find').click();
  await expect(page.getByTestId('parcel-household-picked')).toContainText(home!.room);
  await page.getByTestId('parcel-tail').fill('12');
  await page.getByTestId('parcel-slot').fill('a3');
  await page.getByTestId('parcel-log').click();
  // Two digits are not enough to tell parcels apart: marked, not saved.
  await expect(page.locator('.flow-field--invalid')).toHaveCount(1);
  expect(host.query('SELECT id FROM parcel')).toHaveLength(0);
  await page.getByTestId('parcel-tail').fill('4321');
  await page.getByTestId('parcel-log').click();
  await expect(page.getByTestId('parcel-logged')).toContainText('顺丰 尾号 4321，放在 A3');
  await expect(page.getByTestId('parcel-shelf-item')).toHaveCount(1);

  await page.getByTestId('parcel-pass').fill(home!.pass);
  await page.getByTestId('parcel-show').click();
  await expect(page.getByTestId('parcel-pickup-item')).toHaveCount(1);
  await expect(page.getByTestId('parcel-pickup-item')).toContainText('顺丰 尾号 4321');
  await page.getByTestId('parcel-collect').click();
  await expect(page.getByTestId('parcel-collected')).toContainText('已取走 1 件');
  await expect(page.getByTestId('parcel-shelf-item')).toHaveCount(0);
  expect(host.query<{ kind: string; staff_json: string }>('SELECT kind, staff_json FROM parcel_handover')).toEqual([{ kind: 'pickup', staff_json: '["demo-guard"]' }]);
  expect(host.query<{ collected: number }>('SELECT collected_at IS NOT NULL AS collected FROM parcel')).toEqual([{ collected: 1 }]);
});
