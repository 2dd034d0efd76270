import { expect, startHost, test, wedgeScan, type Host } from './fixtures';

/** Types a PIN on the big pad, key by key, as a gloved finger would. */
async function tapPin(page: import('@playwright/test').Page, pin: string, testId = 'pin'): Promise<void> {
  for (const d of pin) await page.getByTestId(`${testId}-key-${d}`).click();
  await page.getByTestId(`${testId}-ok`).click();
}

test.describe('staff on duty: sign-in, handover, dual control', () => {
  let host: Host;
  test.afterEach(async () => {
    await host?.stop();
  });

  test('nobody on duty: the kiosk waits at sign-in; a wrong PIN is refused, the right one signs in, a staff card adds the second person', async ({ page }) => {
    host = await startHost({}, { signIn: [] });
    await page.goto(host.url);
    await expect(page.getByTestId('signin-screen')).toBeVisible();
    // Nothing under the sign-in screen asks the core for residents' data: no screen, no refusal toast.
    await expect(page.getByTestId('idle')).toHaveCount(0);
    await expect(page.getByTestId('error-toast')).toHaveCount(0);
    await page.getByTestId('signin-tile-demo-guard').click();
    await tapPin(page, '9999');
    await expect(page.getByTestId('signin-error')).toContainText('密码错误');
    await tapPin(page, '1111');
    await expect(page.getByTestId('handover-panel')).toBeVisible();
    await page.getByTestId('handover-ok').click();
    await expect(page.getByTestId('signin-screen')).toHaveCount(0);
    await expect(page.getByTestId('duty-demo-guard')).toContainText('王保安');
    // The volunteer scans their staff card at the guard screen: a sign-in, not a resident check.
    await wedgeScan(page, 'GS-DEMO-0002');
    await expect(page.getByTestId('duty-demo-volunteer')).toBeVisible();
    await page.getByTestId('handover-ok').click();
    expect(host.query<{ staff_id: string; method: string }>('SELECT staff_id, method FROM shift ORDER BY signed_in_at')).toEqual([
      { staff_id: 'demo-guard', method: 'pin' },
      { staff_id: 'demo-volunteer', method: 'card' },
    ]);
    expect(host.query('SELECT id FROM entry_log')).toHaveLength(0);
    expect(host.query<{ kind: string }>("SELECT kind FROM audit_log WHERE kind LIKE 'staff.%' AND kind <> 'staff.demo_seeded' ORDER BY seq").map((r) => r.kind)).toEqual([
      'staff.pin_refused',
      'staff.sign_in',
      'staff.sign_in',
    ]);
  });

  test('nobody on duty: a staff card scanned at the sign-in screen signs its holder in; a resident pass starts no check', async ({ page }) => {
    host = await startHost({}, { signIn: [] });
    await page.goto(host.url);
    await expect(page.getByTestId('signin-screen')).toBeVisible();
    await wedgeScan(page, 'HM00001');
    await expect(page.getByTestId('signin-error')).toContainText('请先登录');
    expect(host.query('SELECT id FROM entry_log')).toHaveLength(0);
    await wedgeScan(page, 'GS-DEMO-0001');
    await expect(page.getByTestId('handover-panel')).toBeVisible();
    await page.getByTestId('handover-ok').click();
    await expect(page.getByTestId('duty-demo-guard')).toBeVisible();
    await expect(page.getByTestId('idle')).toBeVisible();
    await expect(page.getByTestId('error-toast')).toHaveCount(0);
  });

  test('a handover note written at sign-out is shown to the next shift at sign-in', async ({ page }) => {
    host = await startHost();
    await page.goto(host.url);
    await page.getByTestId('duty-demo-guard').click();
    await page.getByTestId('handover-input').fill('3号楼电梯坏了，快递放门岗');
    await page.getByTestId('signout-confirm').click();
    await expect(page.getByTestId('signin-screen')).toBeVisible();
    await page.getByTestId('signin-tile-demo-volunteer').click();
    await tapPin(page, '2222');
    await expect(page.getByTestId('handover-note')).toContainText('3号楼电梯坏了，快递放门岗');
    await expect(page.getByTestId('handover-note')).toContainText('王保安');
  });

  test('admitting despite a deny needs both people’s PINs, the asker’s and the second person’s; both names are recorded', async ({ page }) => {
    host = await startHost({}, { signIn: ['demo-guard', 'demo-volunteer'] });
    await page.goto(host.url);
    await expect(page.getByTestId('idle')).toBeVisible();
    await wedgeScan(page, 'ZZ99999-FAKE');
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'deny');
    await page.getByTestId('override').click();
    await expect(page.getByTestId('approval-dialog')).toBeVisible();
    await page.getByTestId('approval-reason').fill('业主本人，证件在家');
    // Step 1: the guard asking taps their own name and types their own PIN.
    await expect(page.getByTestId('approval-dialog')).toHaveAttribute('data-step', 'requester');
    await page.getByTestId('approval-requester-tile-demo-guard').click();
    await tapPin(page, '1111', 'approval-requester-pin');
    // Step 2: the guard is not offered as their own second person.
    await expect(page.getByTestId('approval-dialog')).toHaveAttribute('data-step', 'approver');
    await expect(page.getByTestId('approval-tile-demo-guard')).toHaveCount(0);
    await page.getByTestId('approval-tile-demo-volunteer').click();
    await tapPin(page, '0000', 'approval-pin');
    await expect(page.getByTestId('approval-error')).toContainText('确认人：密码错误');
    expect(host.query('SELECT id FROM entry_correction')).toHaveLength(0);
    await tapPin(page, '2222', 'approval-pin');
    await expect(page.getByTestId('override-done')).toBeVisible();
    expect(host.query<{ kind: string; approver_id: string; staff_json: string; reason: string }>('SELECT kind, approver_id, staff_json, reason FROM entry_correction')).toEqual([
      { kind: 'override_admit', approver_id: 'demo-volunteer', staff_json: '["demo-guard","demo-volunteer"]', reason: '业主本人，证件在家' },
    ]);
    // The deny itself stays as it was written.
    expect(host.query<{ decision: string }>('SELECT decision FROM entry_log')).toEqual([{ decision: 'deny' }]);
    const [rec] = host.query<{ details_json: string }>("SELECT details_json FROM audit_log WHERE kind = 'dual_control.approved'");
    expect(JSON.parse(rec!.details_json)).toMatchObject({ requester: 'demo-guard', approver: 'demo-volunteer' });
  });

  test('a resident without a pass: alone on duty, the guard and then the manager confirm with their PINs before the check starts', async ({ page }) => {
    host = await startHost();
    const [h] = host.query<{ building: string; room: string }>(
      'SELECT b.name AS building, h.room FROM household h JOIN building b ON b.id = h.building_id ORDER BY b.name, h.room LIMIT 1',
    );
    await page.goto(host.url);
    await page.getByTestId('open-lookup').click();
    await page.getByTestId('lookup-building').selectOption(h!.building);
    await page.getByTestId('lookup-room').fill(h!.room);
    await page.getByTestId('lookup-search').click();
    await page.getByTestId('lookup-result').first().click();
    await expect(page.getByTestId('approval-dialog')).toHaveAttribute('data-action', 'manual_entry');
    await page.getByTestId('approval-reason').fill('忘带出入证');
    // Alone on duty, the guard is the one asking: their tile is already picked. A wrong PIN of theirs
    // is only found out at the end, and sends them back to their own step.
    await expect(page.getByTestId('approval-requester-tile-demo-guard')).toHaveAttribute('aria-pressed', 'true');
    await tapPin(page, '9999', 'approval-requester-pin');
    // Only managers are offered as the second person, and the guard is not among them.
    await expect(page.getByTestId('approval-tile-demo-guard')).toHaveCount(0);
    await expect(page.getByTestId('approval-tile-demo-volunteer')).toHaveCount(0);
    await page.getByTestId('approval-tile-demo-manager').click();
    await tapPin(page, '3333', 'approval-pin');
    await expect(page.getByTestId('approval-dialog')).toHaveAttribute('data-step', 'requester');
    await expect(page.getByTestId('approval-error')).toContainText('申请人：密码错误');
    await tapPin(page, '1111', 'approval-requester-pin');
    await tapPin(page, '3333', 'approval-pin');
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'await_reading');
    const [rec] = host.query<{ actors_json: string }>("SELECT actors_json FROM audit_log WHERE kind = 'dual_control.approved'");
    expect(JSON.parse(rec!.actors_json)).toEqual(['demo-guard', 'demo-manager']);
  });

  test('a watch note added on the staff tab shows on the scan card of that household', async ({ page }) => {
    host = await startHost();
    const [p] = host.query<{ number: string; building: string; unit: string; room: string }>(
      "SELECT p.number, b.name AS building, h.unit, h.room FROM pass p JOIN resident r ON r.id = p.resident_id JOIN household h ON h.id = r.household_id JOIN building b ON b.id = h.building_id WHERE r.status_code = 'black' ORDER BY p.number LIMIT 1",
    );
    await page.goto(host.url);
    await page.getByTestId('nav-staff').click();
    await page.getByTestId('watch-building').fill(p!.building);
    await page.getByTestId('watch-room').fill(p!.room);
    await page.getByRole('button', { name: '查找住户' }).click();
    const label = [p!.building, p!.unit, p!.room].filter(Boolean).join('-');
    // The answer arrives asynchronously: either one household, or a choice when the room number
    // repeats across units (then pick this household).
    await expect(page.getByTestId('watch-pick').or(page.getByTestId('watch-household')).first()).toBeVisible();
    if ((await page.getByTestId('watch-pick').count()) > 0) await page.getByTestId('watch-pick').getByText(label, { exact: true }).click();
    await expect(page.getByTestId('watch-household')).toHaveText(label);
    await page.getByTestId('watch-note-input').fill('居家观察至2/20，出门请联系居委');
    await page.getByTestId('watch-add').click();
    await expect(page.getByTestId('watch-row')).toContainText('居家观察至2/20');
    await page.getByTestId('nav-guard').click();
    await wedgeScan(page, p!.number);
    await expect(page.getByTestId('watch-note')).toContainText('居家观察至2/20，出门请联系居委');
  });
});

