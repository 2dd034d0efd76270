// `npm start`: build, then run the kiosk under Electron; where the Electron binary is missing
// (installed with ELECTRON_SKIP_BINARY_DOWNLOAD, or a low-power box without it) run the headless
// host instead and say so.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let electronBinary = null;
try {
  electronBinary = createRequire(import.meta.url)('electron');
} catch {
  electronBinary = null;
}
if (typeof electronBinary === 'string') {
  const child = spawn(electronBinary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron binary not available here: starting the headless host instead.');
  console.log('Open the URL printed below in Chromium (or any browser on this machine).');
  createRequire(import.meta.url)(`${root}out/main/host.js`);
}
