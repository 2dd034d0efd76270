import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPtySimulator } from '../../drivers/simulator/ptySimulator';
import { ptyPair } from '../helpers/socat';
import { expect, startHost, test, wedgeScan } from './fixtures';

test('a simulated thermometer on a PTY + a keyboard-wedge scan: the guard screen shows the measured temperature and the decision', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-pty-'));
  const pty = await ptyPair(dir);
  const host = await startHost({
    devices: [{ id: 'body-thermo', label: 'LU90614', protocol: 'lu90614', path: pty.kiosk, pollMs: 100, medianOf: 3 }],
  });
  const sim = await startPtySimulator({ protocol: 'lu90614', path: pty.device, temperatureC: 22, lu90614Mode: 'body' });
  try {
    await page.goto(host.url);
    await expect(page.getByTestId('idle')).toBeVisible();
    // No simulator control when a real thermometer path is configured.
    await expect(page.getByTestId('sim-36.5')).toHaveCount(0);
    const [pass] = host.query<{ number: string }>("SELECT p.number FROM pass p JOIN resident r ON r.id = p.resident_id WHERE r.status_code = 'black' ORDER BY p.number LIMIT 1");
    await wedgeScan(page, pass!.number);
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'await_reading');
    sim.setTemperature(36.8); // the resident steps up to the thermometer
    await expect(page.getByTestId('decision')).toHaveAttribute('data-stage', 'admit', { timeout: 5000 });
    await expect(page.getByTestId('temperature')).toContainText('36.8℃');
    const rows = host.query<{ temp_body_c: number; temp_device: string; temp_source: string }>('SELECT temp_body_c, temp_device, temp_source FROM entry_log');
    expect(rows).toEqual([{ temp_body_c: 36.8, temp_device: 'body-thermo', temp_source: 'device' }]);
  } finally {
    await sim.close();
    await host.stop();
    await pty.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
