import { expect, test, wedgeScan } from './fixtures';

test.describe('privacy desk, headless host + Debian Chromium', () => {
  test('finds a resident by ID number (masked), shows the full number only with the manager’s PIN, and lists purge reports', async ({ page, host }) => {
    const [r] = host.query<{ id: string; id_number: string; phone: string }>(
      "SELECT id, id_number, phone FROM resident WHERE id_number <> '' ORDER BY id LIMIT 1",
    );
    const full = r!.id_number;
    await page.goto(host.url);
    await page.getByTestId('nav-desk').click();
    await page.getByTestId('desk-tab-privacy').click();

    // Retention and the start-up purge are shown.
    await expect(page.getByTestId('retention-entryLogDays')).toContainText('28');
    await expect(page.getByTestId('purge-report').first()).toHaveAttribute('data-cause', 'start');
    await page.getByTestId('privacy-purge-now').click();
    await expect(page.getByTestId('purge-report').first()).toHaveAttribute('data-cause', 'manual');

    await page.getByTestId('privacy-id-input').fill(full);
    await page.getByTestId('privacy-find-submit').click();
    const match = page.getByTestId('privacy-match');
    await expect(match).toHaveCount(1);
    await expect(match).toHaveAttribute('data-resident-id', r!.id);
    await expect(page.getByTestId('privacy-match-id')).toHaveText(`${full.slice(0, 4)}**********${full.slice(-4)}`);
    // The number typed does not stay on screen, and nothing on the page holds it yet.
    await expect(page.getByTestId('privacy-id-input')).toHaveValue('');
    expect(await page.content()).not.toContain(full);

    await page.getByTestId('privacy-reveal-id').click();
    const dialog = page.getByTestId('approval-dialog');
    await expect(dialog).toHaveAttribute('data-action', 'full_id_view');
    // The guard on duty asks with their PIN, then the manager confirms with theirs.
    for (const k of '1111') await page.getByTestId(`approval-requester-pin-key-${k}`).click();
    await page.getByTestId('approval-requester-pin-ok').click();
    await page.getByTestId('approval-tile-demo-manager').click();
    for (const k of '0000') await page.getByTestId(`approval-pin-key-${k}`).click();
    await page.getByTestId('approval-pin-ok').click();
    await expect(page.getByTestId('approval-error')).toBeVisible();
    expect(await page.content()).not.toContain(full);
    for (const k of '3333') await page.getByTestId(`approval-pin-key-${k}`).click();
    await page.getByTestId('approval-pin-ok').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('privacy-revealed')).toContainText(full);
    await expect
      .poll(() => host.query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE kind = 'privacy.full_view' AND subject = ?", r!.id)[0]!.n)
      .toBe(1);
  });

  test('an ID card scanned instead of a pass finds the resident, and the screen and the log show it masked', async ({ page, host }) => {
    const [r] = host.query<{ id_number: string }>(
      "SELECT r.id_number FROM resident r WHERE r.id_number <> '' AND r.status_code = 'black' ORDER BY r.id LIMIT 1",
    );
    const full = r!.id_number;
    await page.goto(host.url);
    await expect(page.getByTestId('idle')).toBeVisible();
    await page.getByTestId('sim-36.5').click();
    await wedgeScan(page, full);
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
    expect(await page.content()).not.toContain(full);
    await page.getByTestId('nav-log').click();
    await expect(page.getByTestId('log-row').first()).toBeVisible();
    expect(await page.content()).not.toContain(full);
    // The log itself keeps the credential masked too: the full number is nowhere in the entry.
    const [entry] = host.query<{ credential: string }>('SELECT credential FROM entry_log ORDER BY seq DESC LIMIT 1');
    expect(entry!.credential).toBe(`${full.slice(0, 4)}**********${full.slice(-4)}`);
  });
});
