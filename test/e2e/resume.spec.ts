import { execFileSync } from 'node:child_process';
import { call, expect, test, wedgeScan, type Host } from './fixtures';

/**
 * "Resumes": after the page comes back (reloaded, as a relaunched kiosk browser loads it, or
 * reconnected to a restarted core) it shows what the core holds now, not what it showed before:
 * the check waiting for a temperature, the alert still open, who is on duty.
 */
type Pass = { number: string };

function workerPid(dataDir: string): number | null {
  try {
    const out = execFileSync('pgrep', ['-f', `${dataDir} --worker`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    return out.length === 1 ? Number(out[0]) : null;
  } catch {
    return null; // pgrep exits 1 while no worker runs
  }
}

/** An open alert (a resident under home observation going out) and then a check waiting for its temperature. */
async function alertThenWaitingCheck(page: import('@playwright/test').Page, host: Host): Promise<void> {
  const [observed] = host.query<Pass>(
    "SELECT p.number FROM pass p JOIN resident r ON r.id = p.resident_id JOIN status_scheme s ON s.code = r.status_code WHERE s.gate_rule = 'no_exit' LIMIT 1",
  );
  const [resident] = host.query<Pass>("SELECT p.number FROM pass p JOIN resident r ON r.id = p.resident_id WHERE r.status_code = 'black' ORDER BY p.number LIMIT 1");
  await page.getByTestId('direction-out').click();
  await wedgeScan(page, observed!.number);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'deny');
  await expect(page.getByTestId('alerts-count')).toHaveText('1');
  await page.getByTestId('direction-in').click();
  await wedgeScan(page, resident!.number);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'await_reading');
}

test('a reloaded page (as a relaunched kiosk browser loads it) shows the waiting check, the open alert and the guard on duty, and the check goes on', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('idle')).toBeVisible();
  await alertThenWaitingCheck(page, host);
  await page.reload();
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'await_reading');
  await expect(page.getByTestId('alerts-count')).toHaveText('1');
  await expect(page.getByTestId('duty-demo-guard')).toBeVisible();
  await page.getByTestId('sim-36.5').click();
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
  await expect.poll(() => host.query<{ decision: string }>("SELECT decision FROM entry_log WHERE decision = 'admit'").length).toBe(1);
});

test('the same page reconnected to a restarted core shows what the new core holds: the open alert, the shift (kept across restarts), no stale waiting check', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('idle')).toBeVisible();
  await alertThenWaitingCheck(page, host);
  const first = workerPid(host.dataDir);
  expect(first).not.toBeNull();
  process.kill(first!, 'SIGKILL');
  await expect(page.getByTestId('connection')).toBeVisible();
  await expect.poll(() => workerPid(host.dataDir) ?? first, { timeout: 15_000 }).not.toBe(first);
  await expect(page.getByTestId('connection')).toBeHidden({ timeout: 15_000 });
  // What the restarted core says, asked outside the page.
  expect(await call(host.url, 'check:current', {})).toBeNull();
  const session = (await call(host.url, 'staff:session', {})) as { onDuty: { id: string }[] };
  expect(session.onDuty.map((p) => p.id)).toEqual(['demo-guard']);
  await expect(page.getByTestId('decision')).toBeHidden();
  await expect(page.getByTestId('alerts-count')).toHaveText('1');
  await expect(page.getByTestId('duty-demo-guard')).toBeVisible();
  // The guard goes on with a new check: the page and the core agree on what is going on.
  const [next] = host.query<Pass>("SELECT p.number FROM pass p JOIN resident r ON r.id = p.resident_id WHERE r.status_code = 'black' ORDER BY p.number LIMIT 1 OFFSET 2");
  await page.getByTestId('sim-36.5').click();
  await wedgeScan(page, next!.number);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
});

test('a page cut off while an alert is handled at another screen shows it handled once it is back', async ({ page, host }) => {
  // The page's socket goes through the test, so it can be cut and kept from reconnecting for a while.
  let hold = false;
  const live: import('@playwright/test').WebSocketRoute[] = [];
  await page.routeWebSocket(/\/ws$/, (ws) => {
    if (hold) {
      void ws.close();
      return;
    }
    ws.connectToServer();
    live.push(ws);
  });
  await page.goto(host.url);
  await expect(page.getByTestId('idle')).toBeVisible();
  await alertThenWaitingCheck(page, host);
  hold = true;
  for (const ws of live.splice(0)) await ws.close();
  await expect(page.getByTestId('connection')).toBeVisible();
  const [alert] = host.query<{ id: string }>('SELECT id FROM alert');
  await call(host.url, 'alert:ack', { id: alert!.id });
  hold = false;
  await expect(page.getByTestId('connection')).toBeHidden({ timeout: 15_000 });
  await expect(page.getByTestId('alerts-count')).toHaveText('0');
  // Same core: the waiting check is still there and still on screen.
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'await_reading');
});
