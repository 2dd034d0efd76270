/**
 * Not a check: writes screenshots of the guard screen in its main states at each kiosk size and
 * language to GATEHOUSE_SHOTS (a folder), for a person to look at. Skipped unless that is set.
 */
import type { Page } from '@playwright/test';
import { expect, test, type Host } from './fixtures';
import { admitted, crowdedDeny, LANGS, openGuard, remeasure, VIEWPORTS } from './layout-states';

const dir = process.env.GATEHOUSE_SHOTS;
const STATES = {
  idle: async () => {},
  admit: admitted,
  remeasure,
  deny: crowdedDeny,
  vehicle: async (page: Page, host: Host) => {
    await page.getByTestId('vehicle-open').click();
    await page.getByTestId('vehicle-plate').fill('沪A12345');
    await page.getByTestId('vehicle-lookup').click();
    await expect(page.getByTestId('vehicle-found')).toBeVisible();
    await admitted(page, host);
  },
} as const;

test.skip(!dir, 'set GATEHOUSE_SHOTS=<folder> to write screenshots');

for (const vp of VIEWPORTS) {
  for (const lang of LANGS) {
    for (const [name, drive] of Object.entries(STATES)) {
      test(`${name} ${vp.width}x${vp.height} ${lang}`, async ({ page, host }) => {
        await page.setViewportSize(vp);
        await openGuard(page, host, lang);
        await drive(page, host);
        await page.screenshot({ path: `${dir}/${name}-${vp.width}x${vp.height}-${lang}.png`, animations: 'disabled' });
      });
    }
  }
}
