/**
 * Gate kill -9 mid-sync (issue 5): a gate process is SIGKILLed at random moments, half of them
 * while a push is at the hub, and restarted on the same data folder, with the fault proxy in
 * between; afterwards every check the gate acknowledged is at the hub exactly once and the gate
 * holds the hub's roster cursor. The harness is gateKill.ts. The `soak` case is the same, larger
 * (`npm run soak:sync`, scripts/soak-sync.mjs); it is skipped unless SYNC_SOAK=1.
 */
import { describe, expect, it } from 'vitest';
import { PG_OK } from '../../hub/helpers';
import { runGateKills, summary, verify, type KillRunOptions } from './gateKill';
import { reportCount } from '../../helpers/counts';

const seed = (): number => Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);

async function run(o: KillRunOptions): Promise<void> {
  const result = await runGateKills(o);
  reportCount(summary(result));
  expect(verify(result)).toEqual([]);
  expect(result.kills).toBe(o.kills * o.gates);
  expect(result.faults).toBeGreaterThanOrEqual(o.minFaults);
  expect(result.killsMidPush).toBeGreaterThan(0);
  // The run proves something only if checks were acknowledged across the gate's lives.
  expect(result.acked).toBeGreaterThan(result.kills);
}

describe('gate kill -9 mid-sync', () => {
  it('every acknowledged check at the hub exactly once, the gate at the hub roster cursor', async () => {
    await run({
      gates: 1,
      kills: Number(process.env.SYNC_GATE_KILLS ?? 6),
      minFaults: Number(process.env.SYNC_GATE_KILL_FAULTS ?? 80),
      rate: 0.5,
      seed: seed(),
      capMs: 45_000,
      postgres: PG_OK,
    });
  }, 120_000);

  it.runIf(process.env.SYNC_SOAK === '1')(
    'soak: many gates, many kills, ≥ 10,000 faults',
    async () => {
      const capMin = Number(process.env.SOAK_CAP_MIN ?? 20);
      await run({
        gates: Number(process.env.SOAK_GATES ?? 4),
        kills: Number(process.env.SOAK_KILLS ?? 12),
        minFaults: Number(process.env.SOAK_FAULTS ?? 10_000),
        rate: Number(process.env.SOAK_RATE ?? 0.7),
        seed: seed(),
        capMs: capMin * 60_000,
        postgres: PG_OK,
        log: (msg) => console.log(msg),
      });
    },
    (Number(process.env.SOAK_CAP_MIN ?? 20) + 10) * 60_000,
  );
});
