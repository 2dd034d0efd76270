/**
 * The disk banner (issue 8 item 2): the headless host runs the demo compound with its data folder
 * on a real 64 MB tmpfs; a filler file takes the space. At ≥ 80 % the screen shows the amber line
 * ("imports and exports paused", the percentage in the gate's language); at 100 % it turns red;
 * once the filler is gone it disappears. Needs root for the mount; skipped with the reason otherwise.
 * Waits by polling (the core looks at the disk every second); nothing sleeps for a fixed time.
 */
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { startHost, type Host } from './fixtures';

const MOUNT = `/tmp/b-e2e-disk-${process.pid}`;

function mountTmpfs(): string | null {
  try {
    mkdirSync(MOUNT, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m,mode=0700', 'tmpfs', MOUNT], { stdio: 'pipe' });
    return null;
  } catch (err) {
    rmSync(MOUNT, { recursive: true, force: true });
    return ((err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message).split('\n')[0] ?? 'mount failed';
  }
}

/** Appends zeros until the file system is `pct` % used (100: until it refuses a page). */
function fill(file: string, pct: number): void {
  const fd = openSync(file, 'a');
  try {
    for (const size of [1 << 20, 64 * 1024, 4096]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        const s = statfsSync(MOUNT);
        if (pct < 100 && (1 - s.bavail / s.blocks) * 100 >= pct) return;
        try {
          writeSync(fd, chunk);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

test.describe('disk banner', () => {
  let skip: string | null = null;
  let host: Host | null = null;
  let url = '';

  test.beforeAll(async () => {
    skip = mountTmpfs();
    if (skip) return;
    const dataDir = join(MOUNT, 'data');
    mkdirSync(dataDir);
    host = await startHost({}, { dataDir });
    url = host.url;
  });

  test.afterAll(async () => {
    await host?.stop();
    if (!skip) {
      try {
        execFileSync('umount', [MOUNT], { stdio: 'pipe' });
      } catch (err) {
        console.log(`[disk e2e] umount failed: ${(err as Error).message}`);
      }
      rmSync(MOUNT, { recursive: true, force: true });
    }
  });

  test('amber at 80 %, red at 100 %, gone when space returns; on every tab', async ({ page }) => {
    test.skip(skip !== null, `cannot mount a tmpfs (${skip}); needs root`);
    if (skip) console.log(`[disk e2e] skipped: ${skip}`);
    const filler = join(MOUNT, 'filler.bin');
    await page.goto(url);
    await expect(page.getByTestId('gate-name')).toBeVisible();
    await expect(page.getByTestId('disk-banner')).toHaveCount(0);

    fill(filler, 85);
    const banner = page.getByTestId('disk-banner');
    await expect(banner).toHaveAttribute('data-level', 'low');
    await expect(banner).toContainText('导入和导出已暂停');
    await expect(banner).toContainText(/8\d%/);
    // The line sits above the screens, not in one of them, and the screen below keeps the rest of the window.
    await page.getByTestId('nav-log').click();
    await expect(banner).toBeVisible();
    const main = await page.locator('.app__main').boundingBox();
    const bar = await banner.boundingBox();
    const viewport = page.viewportSize();
    expect(main && bar && viewport).toBeTruthy();
    // One line high (a stretched grid row made it 319 px before the line had a row of its own).
    expect(bar!.height).toBeLessThan(100);
    expect(main!.y).toBeGreaterThanOrEqual(bar!.y + bar!.height - 1);
    expect(main!.y + main!.height).toBeLessThanOrEqual(viewport!.height + 1);

    fill(filler, 100);
    await expect(banner).toHaveAttribute('data-level', 'critical');
    await expect(banner).toContainText('存储空间即将用尽');
    await expect(banner).toHaveCSS('background-color', 'rgb(179, 18, 27)');

    unlinkSync(filler);
    await expect(banner).toHaveCount(0);
  });
});
