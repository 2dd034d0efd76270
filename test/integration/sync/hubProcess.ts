/** The hub as a real child process (`node --import tsx src/hub/main.ts`), so a test can SIGKILL it mid-batch. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export type HubProcess = { url: string; port: number; restarts: number; kill(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };

export async function spawnHub(env: { databaseUrl?: string; dataDir?: string; adminToken: string; port: number }): Promise<HubProcess> {
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    const c = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/hub/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: env.databaseUrl ?? '',
        HUB_DATA_DIR: env.dataDir ?? '',
        HUB_ADMIN_TOKEN: env.adminToken,
        HUB_PORT: String(env.port),
        HUB_HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hub did not start in 90 s:\n${out}`)), 90_000);
      const onData = (d: Buffer): void => {
        out += d.toString();
        if (out.includes('HUB_READY')) {
          clearTimeout(timer);
          resolve();
        }
      };
      c.stdout?.on('data', onData);
      c.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      c.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`hub exited (${code}) before ready:\n${out}`));
      });
    });
  };
  const kill = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((r) => {
      c.once('exit', () => r());
      c.kill('SIGKILL');
    });
    child = null;
  };
  await start();
  const hub: HubProcess = {
    url: `http://127.0.0.1:${env.port}`,
    port: env.port,
    restarts: 0,
    kill,
    start,
    stop: kill,
  };
  return hub;
}
