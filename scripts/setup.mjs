// `npm run setup`: install dependencies once (no-op when node_modules matches package-lock.json).
// Dependencies install with ELECTRON_SKIP_BINARY_DOWNLOAD=1 so a machine that cannot reach
// Electron's download host still installs; the Electron binary is then fetched as a separate,
// optional step: on a normal machine it arrives, elsewhere `npm start` runs the headless host.
// Uses only Node built-ins: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// npm rewrites node_modules/.package-lock.json on every install: newer than the lockfile = up to date.
const hidden = `${root}node_modules/.package-lock.json`;
const upToDate = existsSync(hidden) && statSync(hidden).mtimeMs >= statSync(`${root}package-lock.json`).mtimeMs;

if (upToDate) {
  console.log('setup: dependencies already installed');
} else {
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  if (process.platform === 'linux' && !env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) {
    // better-sqlite3 builds from source where no prebuilt binary can be fetched; use the system headers.
    env.npm_config_nodedir = '/usr';
  }
  const ci = spawnSync('npm', ['ci'], { cwd: root, stdio: 'inherit', env });
  if (ci.status !== 0) process.exit(ci.status ?? 1);
}

if (!process.env.GATEHOUSE_SKIP_ELECTRON && !existsSync(`${root}node_modules/electron/path.txt`)) {
  const r = spawnSync(process.execPath, ['install.js'], { cwd: `${root}node_modules/electron`, stdio: 'pipe', timeout: 180_000 });
  console.log(
    r.status === 0
      ? 'setup: Electron binary installed'
      : 'setup: Electron binary not available on this machine; `npm start` will run the headless host.',
  );
}
