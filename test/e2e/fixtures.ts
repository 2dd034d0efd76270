import { test as base, expect } from '@playwright/test';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from '../../src/main/config/config';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** Build output to test; parallel work builds into its own folder (`electron-vite build --outDir out-x`). */
const OUT = process.env.GATEHOUSE_OUT ?? 'out';

export type Host = {
  url: string;
  dataDir: string;
  /** A read-only view of the host's database (WAL lets us read while it writes). */
  query<T>(sql: string, ...params: unknown[]): T[];
  /** What the host has printed so far (stdout and stderr). */
  log(): string;
  stop(): Promise<void>;
};

/**
 * Starts the built headless host on a free port with a fresh data folder (the demo compound).
 * `config` entries are merged into the default config.json written before start.
 * By default the demo guard (PIN 1111) is signed in at the post before the test, so write methods
 * pass the sign-in gate; `signIn: []` starts with nobody signed in, `['demo-guard', 'demo-volunteer']`
 * with a two-person shift (demo PINs: README, "Demo staff"). `dataDir`: a folder the test prepared
 * (a tmpfs, a broken config.json), which stop() leaves to the test; `env`: extra environment.
 */
export async function startHost(
  config: Record<string, unknown> = {},
  opts: { signIn?: readonly string[]; dataDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Host> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
  if (Object.keys(config).length > 0) {
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ ...DEFAULT_CONFIG, ...config }, null, 2));
  }
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, OUT, 'main/host.js'), '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
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
  for (const staffId of opts.signIn ?? ['demo-guard']) {
    await call(url, 'staff:signIn', { staffId, pin: DEMO_PINS[staffId] ?? '' });
  }
  return {
    url,
    dataDir,
    log: () => log,
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
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        // A host that does not stop within 5 s is a finding for the reliability work, not a reason to hang the suite.
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo staff's public PINs (src/main/staff/demoStaff.ts). */
export const DEMO_PINS: Readonly<Record<string, string>> = {
  'demo-guard': '1111',
  'demo-volunteer': '2222',
  'demo-manager': '3333',
  'demo-admin': '4444',
};

/** One contract call over the host's WebSocket, outside any page (setting up state for a test). */
export async function call(url: string, method: string, input: unknown): Promise<unknown> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws').replace(/\/$/, '')}/ws`);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const frame = await new Promise<{ result: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }>((resolve) => {
      ws.on('message', (d: Buffer) => {
        const f = JSON.parse(d.toString()) as { kind: string; id?: number; result: { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
        if (f.kind === 'result' && f.id === 1) resolve(f);
      });
      ws.send(JSON.stringify({ id: 1, method, input }));
    });
    if (!frame.result.ok) throw new Error(`${method} failed: ${frame.result.error?.code} ${frame.result.error?.message}`);
    return frame.result.value;
  } finally {
    ws.close();
  }
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

/**
 * Types like a USB scanner in keyboard mode: the code's keydown events back to back, then Enter, to
 * whatever has focus. The events are made inside the page in one task: Playwright's own key presses
 * each cross a protocol round trip, and on a loaded CI machine a gap between two of them can exceed
 * the 100 ms that ends a scan, splitting it in two; no real scanner pauses like that.
 */
export async function wedgeScan(page: import('@playwright/test').Page, code: string): Promise<void> {
  await page.evaluate((text) => {
    const target = document.activeElement ?? document.body;
    const press = (key: string): void => {
      target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, cancelable: true }));
    };
    for (const ch of text) press(ch);
    press('Enter');
  }, code);
}
