import { test as base, expect } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export type Host = {
  url: string;
  dataDir: string;
  /** A read-only view of the host's database (WAL lets us read while it writes). */
  query<T>(sql: string, ...params: unknown[]): T[];
  stop(): Promise<void>;
};

/** Starts the built headless host on a free port with a fresh data folder (the demo compound). */
export async function startHost(): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'out/main/host.js'), '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${log}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /GATEHOUSE_READY (\S+)/.exec(log);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`host exited (${code}):\n${log}`)));
  });
  return {
    url,
    dataDir,
    query<T>(sql: string, ...params: unknown[]): T[] {
      const db = new Database(join(dataDir, 'gatehouse.sqlite'), { readonly: true, fileMustExist: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ host: Host }>({
  // Playwright reads fixture dependencies from the destructuring pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await host.stop();
  },
});
export { expect };

/** Types like a USB scanner in keyboard mode: ~8 ms a character, then Enter. */
export async function wedgeScan(page: import('@playwright/test').Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 8 });
  await page.keyboard.press('Enter');
}
