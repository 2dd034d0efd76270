/**
 * Gate kill -9 mid-sync (issue 5): a gate process is SIGKILLed at random moments, half of them
 * while one of its pushes is at the hub, and restarted on the same data folder, with the fault
 * proxy in between; afterwards every check the gate acknowledged is at the hub exactly once and the
 * gate holds the hub's roster cursor. The harness is gateKill.ts; `npm run soak:sync` runs it larger.
 */
import { describe, expect, it } from 'vitest';
import { PG_OK } from '../../hub/helpers';
import { runGateKills, summary, verify } from './gateKill';

describe('gate kill -9 mid-sync', () => {
  it('every acknowledged check at the hub exactly once, the gate at the hub roster cursor', async () => {
    const kills = Number(process.env.SYNC_GATE_KILLS ?? 6);
    const minFaults = Number(process.env.SYNC_GATE_KILL_FAULTS ?? 80);
    const result = await runGateKills({
      gates: 1,
      kills,
      minFaults,
      rate: 0.5,
      seed: Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000),
      capMs: 45_000,
      postgres: PG_OK,
    });
    console.log(summary(result));
    expect(verify(result)).toEqual([]);
    expect(result.kills).toBe(kills);
    expect(result.faults).toBeGreaterThanOrEqual(minFaults);
    expect(result.killsMidPush).toBeGreaterThan(0);
    // The run proves something only if checks were acknowledged in each life of the gate.
    expect(result.acked).toBeGreaterThan(result.kills);
  }, 120_000);
});
