// `npm test`: every suite, then one summary line. Unit + integration run under Vitest; the build is
// made; the e2e suite runs under Playwright in Debian's Chromium against the headless host.
// A run that executed no test is a failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Reports go to reports/, not test-results/: Playwright empties test-results/ when it starts.
// A report left by an earlier run must never be counted for this one.
rmSync(`${root}reports`, { recursive: true, force: true });
mkdirSync(`${root}reports`, { recursive: true });
// Durability and fuzz tests append their counts here (test/helpers/counts.ts); printed above the summary.
const countsFile = `${root}reports/counts.txt`;
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, GATEHOUSE_COUNTS_FILE: countsFile, ...env } }).status ?? 1;

const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/vitest.json']);
const buildStatus = run('npx', ['electron-vite', 'build']);
const e2eStatus =
  buildStatus === 0
    ? run('npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: 'reports/playwright.json' })
    : 1;

function read(file) {
  try {
    return JSON.parse(readFileSync(`${root}reports/${file}`, 'utf8'));
  } catch {
    return null;
  }
}
const v = read('vitest.json');
const p = read('playwright.json');
const vitest = { passed: v?.numPassedTests ?? 0, failed: v?.numFailedTests ?? 0, skipped: v?.numPendingTests ?? 0 };
const e2e = { passed: p?.stats?.expected ?? 0, failed: (p?.stats?.unexpected ?? 0) + (p?.stats?.flaky ?? 0), skipped: p?.stats?.skipped ?? 0 };
const passed = vitest.passed + e2e.passed;
const failed = vitest.failed + e2e.failed + (buildStatus === 0 ? 0 : 1);
const skipped = vitest.skipped + e2e.skipped;

let counts = '';
try {
  counts = readFileSync(countsFile, 'utf8').trim();
} catch {
  counts = '';
}
if (counts) console.log(`\ndurability and fuzz counts:\n${counts.replace(/^/gm, '  ')}`);
console.log(`\nunit+integration (vitest): ${vitest.passed} passed, ${vitest.failed} failed`);
if (vitestStatus !== 0 && vitest.failed === 0) console.log('vitest failed outside the tests (unhandled errors or a crash): see above');
console.log(`e2e (playwright, chromium): ${e2e.passed} passed, ${e2e.failed} failed`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
const ok = vitestStatus === 0 && buildStatus === 0 && e2eStatus === 0 && failed === 0 && passed > 0 && e2e.passed > 0;
process.exit(ok ? 0 : 1);
