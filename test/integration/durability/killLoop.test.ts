/**
 * The kill loop (issue 8, item 1): a gate checking people at full speed is SIGKILLed at random
 * moments, KILL_CYCLES times (100 here); after each kill every acknowledged check is in the entry log
 * and the outbox, the database passes integrity_check, and at the end the hub holds every committed
 * check exactly once. The harness is killLoop.ts; `npm run soak:kill` runs the `soak` case with
 * 1,000 cycles against PostgreSQL (skipped unless KILL_SOAK=1).
 */
import { describe, expect, it } from 'vitest';
import { PG_OK } from '../../hub/helpers';
import { killLoopSummary, runKillLoop, verifyKillLoop, type KillLoopOptions } from './killLoop';
import { reportCount } from '../../helpers/counts';

const seed = (): number => Number(process.env.KILL_SEED ?? Date.now() % 1_000_000);

async function run(o: KillLoopOptions): Promise<void> {
  const result = await runKillLoop(o);
  reportCount(killLoopSummary(result));
  expect(verifyKillLoop(result)).toEqual([]);
}

describe('kill loop: SIGKILL a gate at full speed, again and again', () => {
  const soak = process.env.KILL_SOAK === '1';

  it.skipIf(soak)(
    'every acknowledged check survives, integrity holds, the hub gets each once',
    async () => {
      await run({
        cycles: Number(process.env.KILL_CYCLES ?? 100),
        postgres: false,
        seed: seed(),
        minDelayMs: 2,
        maxDelayMs: 400,
        tsx: process.env.KILL_CHILD === 'tsx',
      });
    },
    600_000,
  );

  it.runIf(soak)(
    'soak: 1,000 cycles against PostgreSQL',
    async () => {
      if (!PG_OK)
        throw new Error('the soak runs against PostgreSQL (HUB_TEST_DATABASE_URL), which is unreachable');
      await run({
        cycles: Number(process.env.KILL_CYCLES ?? 1000),
        postgres: true,
        seed: seed(),
        minDelayMs: 2,
        maxDelayMs: 400,
        tsx: process.env.KILL_CHILD === 'tsx',
        log: (msg) => console.log(msg),
      });
    },
    4 * 60 * 60_000,
  );
});
