/**
 * `npm run soak:sync` — the gate kill -9 scenario of test/integration/sync/gateKill.test.ts, larger:
 * several gate processes pushing through the fault proxy to a hub process, each SIGKILLed again and
 * again (half of the kills while one of its pushes is at the hub), until SOAK_FAULTS proxy faults
 * have been injected. Then every check each gate acknowledged must be at the hub exactly once and
 * every gate at the hub's roster cursor; the counts are printed and the exit code says whether it held.
 *
 * Knobs: SOAK_FAULTS (10000), SOAK_GATES (4), SOAK_KILLS per gate (12), SOAK_RATE (0.7),
 * SOAK_CAP_MIN (20), FAULT_SEED, HUB_TEST_DATABASE_URL (PostgreSQL; unreachable → PGlite).
 */
import { PG_OK } from '../test/hub/helpers';
import { runGateKills, summary, verify } from '../test/integration/sync/gateKill';

async function main(): Promise<void> {
  const opts = {
    gates: Number(process.env.SOAK_GATES ?? 4),
    kills: Number(process.env.SOAK_KILLS ?? 12),
    minFaults: Number(process.env.SOAK_FAULTS ?? 10_000),
    rate: Number(process.env.SOAK_RATE ?? 0.7),
    seed: Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000),
    capMs: Number(process.env.SOAK_CAP_MIN ?? 20) * 60_000,
    postgres: PG_OK,
    log: (msg: string) => console.log(msg),
  };
  console.log(`soak: ${JSON.stringify(opts)} on ${PG_OK ? 'PostgreSQL' : 'PGlite'}`);
  const t0 = Date.now();
  const result = await runGateKills(opts);
  console.log(summary(result));
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const problems = verify(result);
  if (result.faults < opts.minFaults)
    problems.push(`only ${result.faults} faults injected before the ${opts.capMs / 60_000} min cap`);
  if (problems.length) {
    console.error(`FAILED:\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log('OK: every acknowledged check at the hub exactly once, every gate at the hub roster cursor');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
