/**
 * Screenshots (zh-CN) of the status map, household detail, temporary pass preview, vehicle check and
 * the scan card's presence line, for reviewers: docs/screens/passes-*.png. Needs a build
 * (`npx electron-vite build`, or GATEHOUSE_OUT=<folder>) and Debian's Chromium.
 *
 *   node --import tsx scripts/screens-passes.ts
 */
import { chromium } from '@playwright/test';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import WebSocket from 'ws';

const ROOT = join(__dirname, '..');

/** The built headless host on a free port with a fresh demo data folder (as the e2e fixture does). */
async function startHost() {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-screens-'));
  const child = spawn(process.execPath, [join(ROOT, process.env.GATEHOUSE_OUT ?? 'out', 'main/host.js'), '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let log = '';
    child.stdout.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /GATEHOUSE_READY (\S+)/.exec(log);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`host exited (${code}):\n${log}`)));
  });
  // Write methods need someone signed in at the post: the demo guard (public demo PIN).
  await call(url, 'staff:signIn', { staffId: 'demo-guard', pin: '1111' });
  return {
    url,
    query<T>(sql: string, ...params: unknown[]): T[] {
      const db = new Database(join(dataDir, 'gatehouse.sqlite'), { readonly: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function call(url: string, method: string, input: unknown): Promise<void> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws').replace(/\/$/, '')}/ws`);
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const ok = await new Promise<boolean>((resolve) => {
      ws.on('message', (d: Buffer) => {
        const f = JSON.parse(d.toString()) as { kind: string; id?: number; result?: { ok: boolean } };
        if (f.kind === 'result' && f.id === 1) resolve(f.result?.ok === true);
      });
      ws.send(JSON.stringify({ id: 1, method, input }));
    });
    if (!ok) throw new Error(`${method} failed`);
  } finally {
    ws.close();
  }
}

/** Like the e2e wedgeScan, as a string: tsx's name helpers do not exist inside the page. */
async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.evaluate(`(() => {
    const target = document.activeElement || document.body;
    const press = (key) => {
      target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true }));
    };
    for (const ch of ${JSON.stringify(code)}) press(ch);
    press('Enter');
  })()`);
}

const OUT = join(__dirname, '..', 'docs', 'screens');

async function main(): Promise<void> {
  const host = await startHost();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const shot = (name: string) => page.screenshot({ path: join(OUT, `passes-${name}.png`) });
    await page.goto(host.url);
    await page.getByTestId('nav-map').click();
    await page.getByTestId('map-household').first().waitFor();
    await shot('status-map');
    await page.getByTestId('map-household').nth(3).click();
    await page.getByTestId('household-members').waitFor();
    await shot('household-detail');

    const [h] = host.query<{ building: string; room: string; number: string; number2: string }>(
      `SELECT b.name AS building, hh.room, min(p.number) AS number, max(p.number) AS number2
         FROM household hh JOIN building b ON b.id = hh.building_id JOIN resident r ON r.household_id = hh.id
         JOIN pass p ON p.resident_id = r.id WHERE hh.status_code = 'black'
        GROUP BY hh.id HAVING count(*) >= 2 LIMIT 1`,
    );
    await page.goto(host.url);
    await page.getByTestId('nav-passes').click();
    await page.getByTestId('temp-pass-building').selectOption(h!.building);
    await page.getByTestId('temp-pass-room').fill(h!.room);
    await page.getByTestId('temp-pass-purpose').selectOption('medical');
    await page.getByTestId('temp-pass-submit').click();
    await page.frameLocator('[data-testid="temp-pass-frame"]').locator('.qr svg').waitFor();
    await shot('temp-pass');

    await page.getByTestId('quota-on').check();
    await page.getByTestId('quota-save').click();
    await page.getByTestId('resident-plate-room').fill(h!.room);
    await page.getByTestId('vehicle-section').locator('select').selectOption(h!.building);
    await page.getByTestId('resident-plate').fill('沪A12345');
    await page.getByTestId('resident-plate-add').click();
    await page.getByTestId('resident-plate-message').waitFor();

    await page.getByTestId('nav-guard').click();
    await page.getByTestId('direction-out').click();
    await wedgeScan(page, h!.number);
    await page.getByTestId('household-presence').waitFor();
    await page.getByTestId('dismiss').click();
    await wedgeScan(page, h!.number2);
    await page.getByTestId('household-quota').waitFor();
    await shot('scan-card-presence');
    await page.getByTestId('dismiss').click();

    await page.getByTestId('direction-in').click();
    await page.getByTestId('vehicle-open').click();
    await page.getByTestId('vehicle-plate').fill('沪A12345');
    await page.getByTestId('vehicle-lookup').click();
    await page.getByTestId('vehicle-start').click();
    await wedgeScan(page, h!.number);
    await page.getByTestId('sim-36.5').click();
    await wedgeScan(page, h!.number2);
    await page.getByTestId('sim-37.8').click();
    await page.getByTestId('sim-37.8').click();
    await page.locator('[data-testid="vehicle-occupants"] li').nth(1).waitFor();
    await shot('vehicle');
  } finally {
    await browser.close();
    await host.stop();
  }
}

void main().then(
  () => console.log(`screens written to ${OUT}`),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
