/**
 * One committee hub (its own process, embedded PGlite in a temp folder) and two headless gate hosts
 * of one compound, driven through their screens: one is enrolled on the settings screen by pasting
 * the committee's QR text, the other by scanning it with the gate's scanner; a check at gate 1
 * reaches the hub and shows the person inside at gate 2, a pass withdrawn at the hub is refused at
 * both gates after their sync, and the guard screen shows "名册更新于 …". Everything waits by
 * polling; nothing sleeps for a fixed time.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnHub, type HubProcess } from '../integration/sync/hubProcess';
import { startHost, wedgeScan, type Host } from './fixtures';

const ADMIN = 'e2e-admin-token-0123456789abcdef';
const COMMITTEE = 'c-e2e';
const COMPOUND = 'p-e2e';
const BASE = `/v1/admin/committees/${COMMITTEE}/compounds/${COMPOUND}`;
const ROSTER = [
  { building: '1', unit: '1', room: '101', name: '张伟', phone: '13900000001', idNumber: '', residency: 'owner', passNumber: 'HM90001', status: 'black' },
  { building: '1', unit: '1', room: '101', name: '李娜', phone: '13900000002', idNumber: '', residency: 'owner', passNumber: 'HM90002', status: 'black' },
  { building: '3', unit: '2', room: '402', name: '王小明', phone: '13900000003', idNumber: '', residency: 'renter', passNumber: 'HM90003', status: 'black' },
];

type Ctx = { hub: HubProcess; hubDir: string; gates: Array<{ host: Host; qr: string; id: string }> };
let ctx: Ctx | null = null;

async function admin(hub: HubProcess, method: string, path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${hub.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const test = base.extend<Record<string, never>>({});
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const hubDir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-hub-'));
  const hub = await spawnHub({ dataDir: hubDir, adminToken: ADMIN, port: await freePort() });
  await admin(hub, 'POST', '/v1/admin/committees', { id: COMMITTEE, name: '花木街道第四居委' });
  await admin(hub, 'POST', `/v1/admin/committees/${COMMITTEE}/compounds`, { id: COMPOUND, name: '示范小区' });
  await admin(hub, 'PUT', `${BASE}/roster`, { rows: ROSTER, mode: 'replace' });
  const gates: Ctx['gates'] = [];
  for (const [id, name] of [['gate-1', '东门'], ['gate-2', '南门']] as const) {
    const { enrolment } = await admin(hub, 'POST', `${BASE}/gates`, { id, name });
    const host = await startHost({
      compound: { id: COMPOUND, name: '示范小区' },
      gate: { id, name },
      // The demo compound and demo staff (signed in by startHost); the hub's roster replaces the demo one on the first pull.
      demo: { seedRoster: true },
      sync: { intervalS: 1, rosterStaleAfterH: 24, unsentAlarmAfterMin: 60 },
    });
    gates.push({ host, qr: enrolment.qr as string, id });
  }
  ctx = { hub, hubDir, gates };
});

test.afterAll(async () => {
  if (!ctx) return;
  for (const g of ctx.gates) await g.host.stop();
  await ctx.hub.stop();
  rmSync(ctx.hubDir, { recursive: true, force: true });
});

async function enrolThroughSettings(page: Page, g: Ctx['gates'][number], how: 'paste' | 'scan'): Promise<void> {
  await page.goto(g.host.url);
  await expect(page.getByTestId('idle')).toBeVisible();
  await expect(page.getByTestId('sync-strip')).toHaveCount(0); // not enrolled: nothing about the committee
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'not_enrolled');
  if (how === 'paste') {
    await page.getByTestId('sync-enrol-text').fill(g.qr);
  } else {
    // The gate's own scanner reads the committee's QR: it fills the box and is not logged as a check.
    await wedgeScan(page, g.qr);
    await expect(page.getByTestId('sync-enrol-text')).toHaveValue(g.qr);
    expect(g.host.query('SELECT id FROM entry_log')).toEqual([]);
  }
  await page.getByTestId('sync-enrol').click();
  await expect(page.getByTestId('sync-outcome')).toHaveAttribute('data-kind', 'enrolled');
  await expect(page.getByTestId('sync-hub')).toHaveText(ctx!.hub.url);
  await page.getByTestId('nav-guard').click();
}

async function check(page: Page, pass: string): Promise<void> {
  await page.getByTestId('sim-36.5').click();
  await wedgeScan(page, pass);
}

test('two gates and a hub: enrol on screen, a check reaches the hub and the other gate, a revocation stops the pass at both', async ({ browser }) => {
  test.setTimeout(120_000);
  const started = Date.now();
  const { hub, gates } = ctx!;
  const [g1, g2] = gates as [Ctx['gates'][number], Ctx['gates'][number]];
  const page1 = await browser.newPage();
  const page2 = await browser.newPage();
  await enrolThroughSettings(page1, g1, 'paste');
  await enrolThroughSettings(page2, g2, 'scan');

  // The hub's roster arrives by itself, and the guard screen says how fresh it is.
  for (const page of [page1, page2]) {
    await expect(page.getByTestId('roster-as-of')).toContainText('名册更新于', { timeout: 20_000 });
    await expect(page.getByTestId('roster-as-of')).toHaveAttribute('data-stale', 'false');
  }
  expect(g1.host.query<{ n: number }>('SELECT count(*) AS n FROM pass')).toEqual([{ n: 3 }]); // the demo roster is gone
  // Enrolled: the roster screen says the roster is the committee's, and the import is off.
  await page1.getByTestId('nav-roster').click();
  await expect(page1.getByTestId('roster-from-hub')).toContainText('名册由居委会统一下发');
  await expect(page1.getByTestId('roster-file')).toBeDisabled();
  await page1.getByTestId('nav-guard').click();

  // A check at gate 1 reaches the hub without anyone pressing "sync".
  await check(page1, 'HM90001');
  await expect(page1.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
  await expect
    .poll(async () => ((await admin(hub, 'GET', `/v1/admin/gates?compound=${COMPOUND}`)).gates as Array<{ gateId: string; hubMaxSeq: number | null }>).find((x) => x.gateId === 'gate-1')?.hubMaxSeq, { timeout: 20_000 })
    .toBe(1);
  // …and gate 2 learns the person is inside.
  await expect
    .poll(() => g2.host.query<{ direction: string; gate_id: string }>('SELECT direction, gate_id FROM sync_presence'), { timeout: 20_000 })
    .toEqual([{ direction: 'in', gate_id: 'gate-1' }]);
  await check(page2, 'HM90001');
  await expect(page2.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
  await expect(page2.locator('[data-reason="already_inside"]')).toBeVisible();

  // A pass withdrawn at the hub is refused at both gates once they have synced.
  await admin(hub, 'POST', `${BASE}/passes/HM90002/revoke`, { reason: '出入证遗失' });
  for (const g of [g1, g2]) {
    await expect.poll(() => g.host.query<{ pass_number: string }>('SELECT pass_number FROM sync_revocation'), { timeout: 20_000 }).toEqual([{ pass_number: 'HM90002' }]);
  }
  for (const page of [page1, page2]) {
    await check(page, 'HM90002');
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'deny');
    await expect(page.locator('[data-reason="revoked_pass"]')).toBeVisible();
  }

  // Everything logged reached the hub: gate 1's two checks, gate 2's two.
  await expect
    .poll(async () => ((await admin(hub, 'GET', `/v1/admin/gates?compound=${COMPOUND}`)).gates as Array<{ gateId: string; hubMaxSeq: number | null }>).map((x) => [x.gateId, x.hubMaxSeq]), { timeout: 20_000 })
    .toEqual([['gate-1', 2], ['gate-2', 2]]);

  // Nothing left unsent at either gate: the alerts the refusals raised went up too.
  for (const page of [page1, page2]) await expect(page.getByTestId('sync-unsent')).toHaveCount(0, { timeout: 20_000 });
  // For reviewers (in the test's output folder): the guard screen's line and the settings section.
  await page2.screenshot({ path: test.info().outputPath('guard-gate2.png') });
  await page2.getByTestId('nav-settings').click();
  await expect(page2.getByTestId('sync-state')).toHaveAttribute('data-state', /idle|syncing/);
  await page2.getByTestId('sync-settings').screenshot({ path: test.info().outputPath('settings-sync-gate2.png') });
  console.log(`sync e2e: two gates enrolled, 4 checks synced, 1 revocation applied at 2 gates in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
