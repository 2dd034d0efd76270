import { idCheckChar } from '../../src/main/roster/idNumber';
import { expect, test, wedgeScan } from './fixtures';

type Person = { building: string; room: string; pass: string; phone: string; residentId: string };
const ID = '31010119800101123' + idCheckChar('31010119800101123');

test('a registered returnee is denied on the way out, and the alarm sounds until a guard acknowledges it', async ({ page, host }) => {
  // A resident whose status lets them out, in a one-person household so the member button is unambiguous.
  const [who] = host.query<Person>(
    `SELECT b.name AS building, h.room, p.number AS pass, r.phone, r.id AS residentId FROM pass p JOIN resident r ON r.id = p.resident_id
      JOIN household h ON h.id = r.household_id JOIN building b ON b.id = h.building_id JOIN status_scheme s ON s.code = r.status_code
     WHERE s.gate_rule = 'allow' AND p.status = 'active' AND (SELECT count(*) FROM resident x WHERE x.household_id = h.id) = 1
     ORDER BY p.number LIMIT 1`,
  );
  await page.goto(host.url);
  await page.getByTestId('nav-returnees').click();
  await page.getByTestId('returnee-household-building').selectOption(who!.building);
  await page.getByTestId('returnee-household-room').fill(who!.room);
  await page.getByTestId('returnee-household-find').click();
  await page.getByTestId('returnee-member').first().click();
  await page.getByTestId('returnee-id').fill(ID);
  await page.getByTestId('returnee-phone').fill(who!.phone);
  await page.getByTestId('returnee-province').fill('湖北省');
  await page.getByTestId('returnee-city').fill('武汉市');
  await page.getByTestId('returnee-key-region').check();
  await page.getByTestId('returnee-transport-train').click();
  await page.getByTestId('returnee-transport-no').fill('G1234');
  await page.getByTestId('returnee-temp-input').fill('36.5');
  await page.getByTestId('returnee-temp-add').click();
  await page.getByTestId('returnee-submit').click();
  await expect(page.getByTestId('returnee-outcome')).toHaveAttribute('data-stage', 'admit');
  await expect(page.getByTestId('returnee-observed-until')).toContainText('居家观察至');
  await expect(page.getByTestId('returnee-observation')).toHaveCount(1);
  expect(host.query<{ resident_id: string }>('SELECT resident_id FROM observation')).toEqual([{ resident_id: who!.residentId }]);

  await page.getByTestId('nav-guard').click();
  await page.getByTestId('direction-out').click();
  await wedgeScan(page, who!.pass);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'deny');
  await expect(page.locator('[data-reason="home_observation"]')).toContainText('居家观察期间请勿外出');

  const alarm = page.getByTestId('alarm');
  await expect(alarm).toBeVisible();
  await expect(alarm).toHaveAttribute('data-kind', 'home_observation_exit');
  await expect(page.locator('body')).toHaveAttribute('data-alarm', 'on');
  await expect(page.locator('body')).toHaveAttribute('data-last-sound', 'alarm');
  // It stays on whichever tab the guard goes to.
  await page.getByTestId('nav-parcels').click();
  await expect(alarm).toBeVisible();

  await page.getByTestId('alarm-ack').click();
  await expect(alarm).toBeHidden();
  await expect(page.locator('body')).toHaveAttribute('data-alarm', 'off');
  expect(host.query<{ kind: string; staff_json: string }>('SELECT a.kind, k.staff_json FROM alert a JOIN alert_ack k ON k.alert_id = a.id')).toEqual([
    { kind: 'home_observation_exit', staff_json: '["demo-guard"]' },
  ]);

  // Ending the observation early is dual control: the guard asks with their PIN, the manager confirms with theirs.
  await page.getByTestId('nav-returnees').click();
  await page.getByTestId('returnee-end-early').click();
  const dialog = page.getByTestId('approval-dialog');
  await expect(dialog).toHaveAttribute('data-action', 'end_observation');
  await page.getByTestId('approval-reason').fill('核酸阴性，居委会决定');
  for (const k of '1111') await page.getByTestId(`approval-requester-pin-key-${k}`).click();
  await page.getByTestId('approval-requester-pin-ok').click();
  await page.getByTestId('approval-tile-demo-manager').click();
  for (const k of '3333') await page.getByTestId(`approval-pin-key-${k}`).click();
  await page.getByTestId('approval-pin-ok').click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => host.query<{ reason: string }>('SELECT reason FROM observation_end')).toEqual([{ reason: '核酸阴性，居委会决定' }]);
  const [rec] = host.query<{ details_json: string }>("SELECT details_json FROM audit_log WHERE kind = 'observation.ended_early'");
  expect(JSON.parse(rec!.details_json)).toMatchObject({ requester: 'demo-guard', approver: 'demo-manager' });
});
