#!/usr/bin/env node
/**
 * `npm run soak:sync` — the gate kill -9 scenario (test/integration/sync/gateKill.ts) large: several
 * gate processes pushing through the fault proxy to a hub process, each SIGKILLed again and again,
 * until SOAK_FAULTS proxy faults; then every check each gate acknowledged must be at the hub exactly
 * once and every gate at the hub's roster cursor. Runs under vitest (the hub test helpers use
 * top-level await), as the `soak` case of gateKill.test.ts, which is skipped unless SYNC_SOAK=1.
 *
 * Knobs: SOAK_FAULTS (10000), SOAK_GATES (4), SOAK_KILLS per gate (12), SOAK_RATE (0.7),
 * SOAK_CAP_MIN (20), FAULT_SEED, HUB_TEST_DATABASE_URL (PostgreSQL; unreachable → PGlite).
 */
import { spawnSync } from 'node:child_process';

const r = spawnSync('npx', ['vitest', 'run', 'test/integration/sync/gateKill.test.ts', '-t', 'soak'], {
  stdio: 'inherit',
  env: { ...process.env, SYNC_SOAK: '1' },
});
process.exit(r.status ?? 1);
