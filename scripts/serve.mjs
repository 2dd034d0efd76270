// `npm run serve`: the headless host. Builds once if there is no build yet, then runs the host in
// this same process (no extra Node start-up), passing flags through: --port N --data-dir DIR.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const hostJs = `${root}out/main/host.js`;
if (!existsSync(hostJs) || !existsSync(`${root}out/renderer/index.html`)) {
  console.log('No build found: building once (npm run build)…');
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
createRequire(import.meta.url)(hostJs);
