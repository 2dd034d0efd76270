#!/usr/bin/env node
/**
 * `npm run soak:kill` — the kill loop (test/integration/durability/killLoop.ts) at full length: one
 * gate process checking people at full speed, SIGKILLed KILL_CYCLES times (1,000) at random moments
 * and restarted on the same data folder, pushing to a hub on PostgreSQL throughout; after each kill
 * every acknowledged check must be in the log and the outbox with integrity_check ok, and at the end
 * the hub must hold every committed check exactly once. Prints one `kill-loop:` summary line.
 * Runs under vitest (the hub test helpers use top-level await), as the `soak` case of
 * killLoop.test.ts, which is skipped unless KILL_SOAK=1.
 *
 * Knobs: KILL_CYCLES (1000), KILL_SEED, KILL_CHILD=tsx (run the child through tsx, not the bundle),
 * HUB_TEST_DATABASE_URL (PostgreSQL; required).
 */
import { spawnSync } from 'node:child_process';

const r = spawnSync('npx', ['vitest', 'run', 'test/integration/durability/killLoop.test.ts', '-t', 'soak'], {
  stdio: 'inherit',
  env: { ...process.env, KILL_SOAK: '1' },
});
process.exit(r.status ?? 1);
