#!/usr/bin/env node
/**
 * `npm run soak:fuzz` — the contract fuzz (IPC and WebSocket), the hub-route fuzz and the file fuzz at
 * ten times the counts `npm test` runs (FUZZ_RUNS=1,000,000: 100 cases per contract method and sign-in
 * state, ~60 per hub route and auth state, 37,000 file cases), each printing its counts. Takes 10–20
 * minutes on a 2-core box. FUZZ_RUNS, CONTRACT_FUZZ_RUNS and HUB_FUZZ_RUNS override.
 */
import { spawnSync } from 'node:child_process';

const files = [
  'test/property/contractFuzz.ipc.property.test.ts',
  'test/property/contractFuzz.ws.property.test.ts',
  'test/hub/routesFuzz.test.ts',
  'test/property/fileFuzz.property.test.ts',
];
const r = spawnSync('npx', ['vitest', 'run', ...files, '--testTimeout=3600000', '--hookTimeout=600000'], {
  stdio: 'inherit',
  env: { FUZZ_RUNS: '1000000', ...process.env },
});
process.exit(r.status ?? 1);
