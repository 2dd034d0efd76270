/**
 * Screenshots (zh-CN) of the visitor, deliveries and returnee screens and the alarm banner, for
 * reviewers: docs/screens/flows-*.png. Needs a build (`npx electron-vite build`, or
 * GATEHOUSE_OUT=<folder>) and Debian's Chromium.
 *
 *   node --import tsx test/e2e/screens-flows.ts
 *
 * Kept beside the e2e specs (not in scripts/) because it uses their host fixture and DOM types;
 * Playwright does not run it (not a *.spec.ts).
 */
import { chromium } from '@playwright/test';
import { join } from 'node:path';
import { idCheckChar } from '../../src/main/roster/idNumber';
import { startHost } from './fixtures';

const OUT = join(__dirname, '..', '..', 'docs', 'screens');
const ID = '11010519491231002' + idCheckChar('11010519491231002');

async function main(): Promise<void> {
  const host = await startHost();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const shot = (name: string) => page.screenshot({ path: join(OUT, `flows-${name}.png`) });
    const [home] = host.query<{ building: string; room: string; phone: string; pass: string }>(
      `SELECT b.name AS building, h.room, r.phone, p.number AS pass FROM pass p JOIN resident r ON r.id = p.resident_id
         JOIN household h ON h.id = r.household_id JOIN building b ON b.id = h.building_id JOIN status_scheme s ON s.code = r.status_code
        WHERE s.gate_rule = 'allow' AND (SELECT count(*) FROM resident x WHERE x.household_id = h.id) = 1 ORDER BY p.number LIMIT 1`,
    );
    const pick = async (prefix: string) => {
      await page.getByTestId(`${prefix}-building`).selectOption(home!.building);
      await page.getByTestId(`${prefix}-room`).fill(home!.room);
      await page.getByTestId(`${prefix}-find`).click();
      await page.getByTestId(`${prefix}-picked`).waitFor();
    };
    await page.goto(host.url);

    await page.getByTestId('nav-visitors').click();
    await page.getByTestId('visitor-name').fill('张大爷');
    await page.getByTestId('visitor-phone').fill('13812345678');
    await page.getByTestId('visitor-id').fill(ID);
    await pick('visitor-host');
    await page.getByTestId('visitor-called').fill(home!.phone);
    await page.getByTestId('visitor-answered').fill('户主');
    await page.getByTestId('visitor-outcome-confirmed').click();
    await page.getByTestId('visitor-temp-input').fill('36.6');
    await page.getByTestId('visitor-temp-add').click();
    await page.getByTestId('visitor-submit').click();
    await page.getByTestId('visitor-pass').waitFor();
    await shot('visitor');

    await page.getByTestId('nav-parcels').click();
    await page.getByTestId('parcel-carrier-顺丰').click();
    await pick('parcel-household');
    await page.getByTestId('parcel-tail').fill('4321');
    await page.getByTestId('parcel-slot').fill('A3');
    await page.getByTestId('parcel-log').click();
    await page.getByTestId('parcel-logged').waitFor();
    await page.getByTestId('parcel-pass').fill(home!.pass);
    await page.getByTestId('parcel-show').click();
    await page.getByTestId('parcel-pickup-item').waitFor();
    await shot('parcels');

    await page.getByTestId('nav-returnees').click();
    await pick('returnee-household');
    await page.getByTestId('returnee-member').first().click();
    await page.getByTestId('returnee-id').fill('31010119800101123' + idCheckChar('31010119800101123'));
    await page.getByTestId('returnee-phone').fill(home!.phone);
    await page.getByTestId('returnee-province').fill('湖北省');
    await page.getByTestId('returnee-city').fill('武汉市');
    await page.getByTestId('returnee-key-region').check();
    await page.getByTestId('returnee-transport-no').fill('G1234');
    await page.getByTestId('returnee-temp-input').fill('36.5');
    await page.getByTestId('returnee-temp-add').click();
    await page.getByTestId('returnee-submit').click();
    await page.getByTestId('returnee-observed-until').waitFor();
    await shot('returnee');

    await page.getByTestId('nav-guard').click();
    await page.getByTestId('direction-out').click();
    await page.evaluate(`(() => {
      const target = document.activeElement || document.body;
      const press = (key) => {
        target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true }));
      };
      for (const ch of ${JSON.stringify(home!.pass)}) press(ch);
      press('Enter');
    })()`);
    await page.getByTestId('alarm').waitFor();
    await shot('alarm');
  } finally {
    await browser.close();
    await host.stop();
  }
}

void main();
