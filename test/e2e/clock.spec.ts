/**
 * The clock banner (issue 8 item 6, decision 0024), end to end: the headless host runs with its
 * wall clock shiftable (wallShift.mjs); the browser's own clock is set three days off. The header
 * shows the gate's trusted time, not the browser's; when the host's system clock is set back a
 * day the amber banner says so while the header keeps the trusted time; a manager's accept lifts it.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { call, DEMO_PINS, startHost, type Host } from './fixtures';

const DAY = 86_400_000;

/** HH:MM in Shanghai, as the header shows it. */
function hhmm(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

test.describe('clock banner', () => {
  let host: Host | null = null;
  let url = '';
  let dir = '';

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'f-e2e-clock-'));
    writeFileSync(join(dir, 'shift'), '0');
    // NODE_OPTIONS, not an argument: the core runs in a worker the host forks, and must be shifted too.
    host = await startHost({}, {
      dataDir: join(dir, 'data'),
      env: { WALL_SHIFT_FILE: join(dir, 'shift'), NODE_OPTIONS: `--import=${pathToFileURL(join(__dirname, 'wallShift.mjs')).href}` },
    });
    url = host.url;
  });

  test.afterAll(async () => {
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the header keeps the gate's time; a system clock set back a day shows the banner until a manager accepts it", async ({ page }) => {
    // The browser runs on "another box" whose clock is three days and five hours off.
    await page.clock.install({ time: Date.now() - 3 * DAY - 5 * 3_600_000 });
    await page.goto(url);
    const clock = page.getByTestId('clock');
    await expect(clock).toBeVisible();
    await expect(page.getByTestId('clock-banner')).toHaveCount(0);
    await expect.poll(async () => [hhmm(Date.now()), hhmm(Date.now() - 60_000)].includes((await clock.textContent()) ?? '')).toBe(true);

    writeFileSync(join(dir, 'shift'), String(-DAY));
    const banner = page.getByTestId('clock-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('本机系统时间慢了 24 小时');
    const status = (await call(url, 'clock:status', {})) as { flagged: boolean; wallOffsetMs: number; lastChange: { kind: string } };
    expect(status).toMatchObject({ flagged: true, lastChange: { kind: 'wall_jump' } });
    expect(Math.abs(status.wallOffsetMs + DAY)).toBeLessThan(5_000);
    // The header still shows the trusted time (the same time of day, a day apart would look equal: compare the minute only).
    await expect.poll(async () => [hhmm(Date.now()), hhmm(Date.now() - 60_000)].includes((await clock.textContent()) ?? '')).toBe(true);

    // A guard alone cannot accept it; with the manager signed in the banner goes.
    await banner.getByTestId('clock-accept').click();
    await expect(banner).toBeVisible();
    await call(url, 'staff:signIn', { staffId: 'demo-manager', pin: DEMO_PINS['demo-manager'] });
    await banner.getByTestId('clock-accept').click();
    await expect(banner).toHaveCount(0);
    expect(await call(url, 'clock:status', {})).toMatchObject({ flagged: false, source: 'manager' });
  });
});
