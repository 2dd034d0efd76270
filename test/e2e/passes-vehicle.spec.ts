import { expect, test, wedgeScan } from './fixtures';

type Member = { number: string; building: string; room: string };

test('a resident car with two occupants, one with a fever: each checked at the gate, the car turned back', async ({ page, host }) => {
  // A household with two members who may come and go (black) and have passes.
  const [h] = host.query<{ household_id: string }>(
    `SELECT r.household_id FROM resident r JOIN pass p ON p.resident_id = r.id WHERE r.status_code = 'black'
      GROUP BY r.household_id HAVING count(*) >= 2 LIMIT 1`,
  );
  const members = host.query<Member>(
    `SELECT p.number, b.name AS building, hh.room FROM resident r JOIN pass p ON p.resident_id = r.id
       JOIN household hh ON hh.id = r.household_id JOIN building b ON b.id = hh.building_id
      WHERE r.household_id = ? ORDER BY p.number LIMIT 2`,
    h!.household_id,
  );
  const [driver, passenger] = members as [Member, Member];

  await page.goto(host.url);
  // The plate is put on the roster first (typed with a full-width letter and a dot, as people do).
  await page.getByTestId('nav-passes').click();
  const section = page.getByTestId('vehicle-section');
  await section.locator('select').selectOption(driver.building);
  await section.getByTestId('resident-plate-room').fill(driver.room);
  await section.getByTestId('resident-plate').fill('沪Ａ·12345');
  await section.getByTestId('resident-plate-add').click();
  await expect(section.getByTestId('resident-plate-message')).toContainText('沪A12345');

  await page.getByTestId('nav-guard').click();
  await page.getByTestId('vehicle-open').click();
  await page.getByTestId('vehicle-plate').fill('沪a12345');
  await page.getByTestId('vehicle-lookup').click();
  await expect(page.getByTestId('vehicle-found')).toContainText(driver.room);
  await page.getByTestId('vehicle-start').click();
  await expect(page.getByTestId('vehicle-current')).toHaveAttribute('data-plate', '沪A12345');

  await wedgeScan(page, driver.number);
  await page.getByTestId('sim-36.5').click();
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
  await expect(page.getByTestId('vehicle-occupants').locator('li')).toHaveCount(1);

  await wedgeScan(page, passenger.number);
  await page.getByTestId('sim-37.8').click();
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'remeasure');
  await page.getByTestId('sim-37.8').click();
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'deny');
  await expect(page.getByTestId('vehicle-occupants').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('vehicle-occupants').locator('li[data-decision="deny"]')).toHaveCount(1);

  await page.getByTestId('vehicle-finish').click();
  await expect(page.getByTestId('vehicle-result')).toHaveAttribute('data-decision', 'deny');
  await expect(page.getByTestId('vehicle-result')).toContainText('有乘车人禁止通行');

  const [event] = host.query<{ id: string; plate: string; decision: string; reasons: string; kind: string }>('SELECT id, plate, decision, reasons, kind FROM vehicle_event');
  expect(event).toMatchObject({ plate: '沪A12345', decision: 'deny', reasons: 'occupant_denied', kind: 'resident' });
  const linked = host.query<{ credential: string; decision: string }>(
    'SELECT e.credential, e.decision FROM vehicle_occupant o JOIN entry_log e ON e.id = o.entry_id WHERE o.vehicle_event_id = ? ORDER BY e.seq',
    event!.id,
  );
  expect(linked).toEqual([
    { credential: driver.number, decision: 'admit' },
    { credential: passenger.number, decision: 'deny' },
  ]);

  await page.getByTestId('nav-passes').click();
  await expect(page.getByTestId('vehicle-log').locator('tr[data-decision="deny"]')).toHaveCount(1);
});

test('an unknown plate is refused and logged; a malformed plate is explained', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByTestId('vehicle-open').click();
  await page.getByTestId('vehicle-plate').fill('AB12345');
  await page.getByTestId('vehicle-lookup').click();
  await expect(page.getByTestId('vehicle-problem')).toContainText('省份简称');
  await page.getByTestId('vehicle-plate').fill('苏E88888');
  await page.getByTestId('vehicle-lookup').click();
  await expect(page.getByTestId('vehicle-found')).toContainText('非本小区车辆');
  await page.getByTestId('vehicle-refuse').click();
  await expect(page.getByTestId('vehicle-result')).toContainText('陌生车辆，已拒绝');
  expect(host.query('SELECT plate, decision, kind FROM vehicle_event')).toEqual([{ plate: '苏E88888', decision: 'deny', kind: 'unknown' }]);
});
