import { execFileSync } from 'node:child_process';
import { expect, test, wedgeScan } from './fixtures';

/** The pid of this host's core worker (the supervisor forks `host.js … --worker`). */
function workerPid(dataDir: string): number | null {
  try {
    const out = execFileSync('pgrep', ['-f', `${dataDir} --worker`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    return out.length === 1 ? Number(out[0]) : null;
  } catch {
    return null; // pgrep exits 1 while no worker runs (between a crash and the restart)
  }
}

test('the headless host restarts its crashed core and the page reconnects and checks again', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('idle')).toBeVisible();
  const [pass] = host.query<{ number: string }>(
    "SELECT p.number FROM pass p JOIN resident r ON r.id = p.resident_id WHERE r.status_code = 'black' ORDER BY p.number LIMIT 1",
  );
  const first = workerPid(host.dataDir);
  expect(first).not.toBeNull();
  process.kill(first!, 'SIGKILL');
  await expect(page.getByTestId('connection')).toBeVisible();
  await expect.poll(() => workerPid(host.dataDir) ?? first, { timeout: 15_000 }).not.toBe(first);
  await expect(page.getByTestId('connection')).toBeHidden({ timeout: 15_000 });
  // The restarted core has nobody signed in (shifts end with the process): sign the guard in again.
  await page.evaluate(async () => {
    const ws = new WebSocket(location.origin.replace('http', 'ws') + '/ws');
    await new Promise((r) => (ws.onopen = r));
    ws.send(JSON.stringify({ id: 1, method: 'staff:signIn', input: { staffId: 'demo-guard', pin: '1111' } }));
    await new Promise((r) => (ws.onmessage = r));
    ws.close();
  });
  await page.getByTestId('sim-36.5').click();
  await wedgeScan(page, pass!.number);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'admit');
  await expect.poll(() => host.query('SELECT id FROM entry_log').length).toBe(1);
});
