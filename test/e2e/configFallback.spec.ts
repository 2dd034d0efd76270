/**
 * The config fallback banner (decision 0022), end to end: the headless host starts on a data folder
 * whose config.json is cut off mid-write and whose config.last-good.json holds the gate's settings.
 * The gate starts on the last good settings; every screen shows one amber line in zh-CN saying what
 * was wrong and what to do; saving the settings (camera:set, as the Devices tab does) rewrites
 * config.json and the line goes without a reload. Waits by polling; nothing sleeps for a fixed time.
 */
import { test, expect } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../src/main/config/config';
import { call, DEMO_PINS, startHost, type Host } from './fixtures';

const GOOD = { ...DEFAULT_CONFIG, gate: { id: 'gate-north', name: '北门（上次正常）' } };

test.describe('config fallback banner', () => {
  let host: Host | null = null;
  let url = '';
  let dir = '';

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'h-e2e-config-'));
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const good = JSON.stringify(GOOD, null, 2);
    writeFileSync(join(dataDir, 'config.last-good.json'), good);
    writeFileSync(join(dataDir, 'config.json'), good.slice(0, good.length / 2)); // a save cut off half way
    host = await startHost({}, { dataDir, signIn: [] });
    url = host.url;
  });

  test.afterAll(async () => {
    await host?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('amber line in zh-CN on every tab while on the last good config; gone once the settings are saved', async ({ page }) => {
    await page.goto(url);
    const banner = page.getByTestId('config-banner');
    // Nobody on duty yet: the line is already there (config:status is public), dimmed behind the sign-in dialog.
    await expect(page.getByTestId('signin-screen')).toBeVisible();
    await expect(banner).toBeVisible();
    await call(url, 'staff:signIn', { staffId: 'demo-guard', pin: DEMO_PINS['demo-guard'] });
    // Started on the last good settings, not the defaults and not dark.
    await expect(page.getByTestId('gate-name')).toContainText('北门（上次正常）');
    await expect(banner).toHaveAttribute('data-reason', 'not_json');
    await expect(banner).toContainText('设置文件 config.json 格式损坏');
    await expect(banner).toContainText('沿用上次正常的设置，检查照常');
    await expect(banner).toContainText('请管理员修正该文件，或在“设备”页重新保存设置');
    // One line at the kiosk's width (the sentence is kept short enough for it).
    expect((await banner.boundingBox())!.height).toBeLessThan(40);
    await expect(banner).toHaveCSS('background-color', 'rgb(242, 177, 0)');
    expect(host!.log()).toContain('running on the last good configuration');

    // Above the screens on every tab, one line high, and the screen below keeps the rest of the window.
    for (const tab of ['nav-log', 'nav-settings', 'nav-guard']) {
      await page.getByTestId(tab).click();
      await expect(banner).toBeVisible();
      const main = await page.locator('.app__main').boundingBox();
      const bar = await banner.boundingBox();
      const viewport = page.viewportSize();
      expect(main && bar && viewport).toBeTruthy();
      expect(bar!.height).toBeLessThan(100);
      expect(main!.y).toBeGreaterThanOrEqual(bar!.y + bar!.height - 1);
      expect(main!.y + main!.height).toBeLessThanOrEqual(viewport!.height + 1);
    }

    // A settings save rewrites config.json from the running settings; the pushed event clears the line.
    await call(url, 'camera:set', { enabled: false, deviceId: null });
    await expect(banner).toHaveCount(0);
    expect(JSON.parse(readFileSync(join(dir, 'data', 'config.json'), 'utf8')).gate).toEqual(GOOD.gate);
  });
});
