/**
 * The guard screen's one job: the decision word and who it is about, readable from a step away on
 * every kiosk size we support, with the alarm banner, the header and the tool strips all showing
 * (the fullest deny there is). Measured with the browser's own layout, not by looking.
 */
import type { Page } from '@playwright/test';
import { expect, startHost, test as base } from './fixtures';

/**
 * Two device entries the gate cannot use, so the device strip shows under the decision as it would
 * at a gate whose scanner came unplugged (the thermometer stays the simulated one the tests drive).
 */
const test = base.extend({
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const host = await startHost({
      devices: [
        { id: 'lane-scanner', protocol: 'no-such-protocol', path: '/dev/ttyUSB9' },
        { id: 'gate-scanner-2', protocol: 'no-such-protocol', path: '/dev/ttyUSB8' },
      ],
    });
    await use(host);
    await host.stop();
  },
});
import { crowdedDeny, LANGS, openGuard, remeasure, VIEWPORTS } from './layout-states';

type Fit = { inViewport: boolean; coveredAt: string[]; clippedX: boolean; clippedY: boolean; rect: string };

/** Whether the element shows whole: inside the window, on top at its centre and corners, its text not cut. */
async function fit(page: Page, testId: string): Promise<Fit> {
  return page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    // Far enough in to miss a rounded corner (8 px radius), close enough to catch a strip over an edge.
    const inset = 5;
    const points: Array<[string, number, number]> = [
      ['centre', (r.left + r.right) / 2, (r.top + r.bottom) / 2],
      ['top-left', r.left + inset, r.top + inset],
      ['top-right', r.right - inset, r.top + inset],
      ['bottom-left', r.left + inset, r.bottom - inset],
      ['bottom-right', r.right - inset, r.bottom - inset],
    ];
    const coveredAt = points
      .filter(([, x, y]) => {
        const hit = document.elementFromPoint(x, y);
        return !hit || !el.contains(hit);
      })
      .map(([name, x, y]) => `${name} (${Math.round(x)},${Math.round(y)}) → ${document.elementFromPoint(x, y)?.className || document.elementFromPoint(x, y)?.tagName}`);
    return {
      inViewport: r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth && r.width > 0,
      coveredAt,
      clippedX: el.scrollWidth > el.clientWidth,
      clippedY: el.scrollHeight > el.clientHeight,
      rect: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)} in ${window.innerWidth}×${window.innerHeight}`,
    };
  });
}

for (const vp of VIEWPORTS) {
  for (const lang of LANGS) {
    test(`${vp.width}×${vp.height} ${lang}: a deny with an alarm shows the decision word and the household whole`, async ({ page, host }) => {
      await page.setViewportSize(vp);
      await openGuard(page, host, lang);
      await crowdedDeny(page, host);
      await expect(page.getByTestId('device-strip')).toBeVisible();
      const shots = process.env.GATEHOUSE_SHOTS;
      if (shots) await page.screenshot({ path: `${shots}/crowded-${vp.width}x${vp.height}-${lang}.png`, animations: 'disabled' });
      await expect(page.getByTestId('decision-word')).toHaveText(lang === 'en' ? 'Entry refused' : '禁止通行');

      for (const id of ['decision-word', 'household', 'resident-name', 'reasons', 'watch-note', 'dismiss', 'override']) {
        const f = await fit(page, id);
        expect.soft(f.inViewport, `${id} inside the window: ${f.rect}`).toBe(true);
        expect.soft(f.coveredAt, `${id} not covered: ${f.rect}`).toEqual([]);
        expect.soft(f.clippedX, `${id} text not cut sideways`).toBe(false);
        expect.soft(f.clippedY, `${id} text not cut off below`).toBe(false);
      }

      // The alarm's button to mark it handled is whole and on top, its title not cut.
      const ack = await fit(page, 'alarm-ack');
      expect.soft(ack.inViewport, `alarm-ack inside the window: ${ack.rect}`).toBe(true);
      expect.soft(ack.coveredAt, `alarm-ack not covered: ${ack.rect}`).toEqual([]);
      expect
        .soft(await page.locator('.alarm__title').evaluate((e) => e.scrollWidth <= e.clientWidth), 'alarm title not cut')
        .toBe(true);
      expect.soft(await page.evaluate(() => document.documentElement.scrollWidth), 'page never wider than the window').toBeLessThanOrEqual(vp.width);

      // The word is the biggest thing on the screen.
      const sizes = await page.evaluate(() => {
        const word = parseFloat(getComputedStyle(document.querySelector('[data-testid="decision-word"]')!).fontSize);
        const others = Array.from(document.querySelectorAll<HTMLElement>('body *'))
          .filter((e) => e.dataset.testid !== 'decision-word' && e.getClientRects().length > 0 && e.childNodes.length > 0 && Array.from(e.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()))
          .map((e) => parseFloat(getComputedStyle(e).fontSize));
        return { word, largestOther: Math.max(...others) };
      });
      expect.soft(sizes.word, 'decision word font size (px)').toBeGreaterThan(sizes.largestOther);
      expect.soft(sizes.word, 'decision word font size (px)').toBeGreaterThanOrEqual(56);

      // Gloved fingers: every control the guard can touch on this screen is at least 48 px each way.
      const small = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.header button, [data-testid="guard-screen"] button, [data-testid="guard-screen"] input, .alarm button'))
          .filter((e) => e.offsetParent !== null)
          .map((e) => ({ e, r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.width < 47.5 || r.height < 47.5))
          .map(({ e, r }) => `${e.dataset.testid ?? e.className ?? e.tagName} ${Math.round(r.width)}×${Math.round(r.height)}`),
      );
      expect.soft(small, 'touch targets under 48 px').toEqual([]);
    });
  }
}

// The longest word there is ("Temperature high — please wait and re-measure") wraps, and still fits.
for (const vp of VIEWPORTS) {
  test(`${vp.width}×${vp.height} en: the long re-measure sentence fits whole`, async ({ page, host }) => {
    await page.setViewportSize(vp);
    await openGuard(page, host, 'en');
    await remeasure(page, host);
    for (const id of ['decision-word', 'household', 'temperature', 'dismiss']) {
      const f = await fit(page, id);
      expect.soft(f.inViewport, `${id} inside the window: ${f.rect}`).toBe(true);
      expect.soft(f.coveredAt, `${id} not covered: ${f.rect}`).toEqual([]);
      expect.soft(f.clippedX || f.clippedY, `${id} text not cut`).toBe(false);
    }
  });
}
