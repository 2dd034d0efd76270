import type { Page } from '@playwright/test';
import { call, expect, wedgeScan, type Host } from './fixtures';

/** The screen sizes a gate kiosk is set up on (older 4:3 panels to full HD). */
export const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export async function openGuard(page: Page, host: Host, lang: Lang): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByTestId('idle')).toBeVisible();
  if (lang === 'en') await page.getByTestId('lang-en').click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang === 'en' ? 'en' : 'zh-CN');
}

/**
 * The fullest deny the guard can get: a resident under home observation going out, whose household
 * has a watch note, someone else already out and its outing quota used up, so the decision panel
 * carries reasons, the watch note and the presence lines while the alarm banner sounds.
 */
export async function crowdedDeny(page: Page, host: Host): Promise<void> {
  const [p] = host.query<{ number: string; householdId: string; other: string }>(
    `SELECT p.number, r.household_id AS householdId,
            (SELECT min(p2.number) FROM pass p2 JOIN resident r2 ON r2.id = p2.resident_id
              WHERE r2.household_id = r.household_id AND r2.id <> r.id AND r2.status_code = 'black') AS other
       FROM pass p JOIN resident r ON r.id = p.resident_id JOIN status_scheme s ON s.code = r.status_code
      WHERE s.gate_rule = 'no_exit'
      ORDER BY other IS NULL, p.number LIMIT 1`,
  );
  await call(host.url, 'watch:add', { householdId: p!.householdId, note: '居家观察至2/20，出门请联系居委会 138****0000', until: null });
  await call(host.url, 'presence:setQuota', { quota: { maxOuts: 1, windowHours: 48, enforce: false } });
  await page.getByTestId('direction-out').click();
  if (p!.other) {
    await wedgeScan(page, p!.other);
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', /admit|await_reading|deny|refer/);
    if ((await page.getByTestId('decision').getAttribute('data-stage')) === 'await_reading') await page.getByTestId('sim-36.5').click();
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', /admit|deny|refer/);
    await page.getByTestId('dismiss').click();
    await expect(page.getByTestId('idle')).toBeVisible();
  }
  await wedgeScan(page, p!.number);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'deny');
  await expect(page.getByTestId('alarm')).toBeVisible();
  await expect(page.getByTestId('watch-note')).toBeVisible();
  await expect(page.getByTestId('household-presence')).toBeVisible();
}

export async function admitted(page: Page, host: Host): Promise<void> {
  const [pass] = host.query<{ number: string }>("SELECT p.number FROM pass p JOIN resident r ON r.id = p.resident_id WHERE r.status_code = 'black' ORDER BY p.number LIMIT 1");
  await page.getByTestId('sim-36.5').click();
  await wedgeScan(page, pass!.number);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
}

export async function remeasure(page: Page, host: Host): Promise<void> {
  const [pass] = host.query<{ number: string }>("SELECT p.number FROM pass p JOIN resident r ON r.id = p.resident_id WHERE r.status_code = 'black' ORDER BY p.number LIMIT 1 OFFSET 1");
  await wedgeScan(page, pass!.number);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'await_reading');
  await page.getByTestId('sim-37.8').click();
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'remeasure');
}
