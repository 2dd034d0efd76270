/**
 * Frame in → decision logged, through the real serial path: a socat pseudo-terminal, serialport,
 * the serial-line decoder, the device manager, the gate core and the durable commit. The simulator
 * writes a scanner frame on the far end; the clock stops when the core announces the logged entry.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startPtySimulator } from '../drivers/simulator/ptySimulator';
import { DEFAULT_CONFIG } from '../src/main/config/config';
import { startGate } from '../src/main/runtime/startGate';
import { ptyPair } from '../test/helpers/socat';

const N = Number(process.env.BENCH_PTY_CHECKS ?? 500);
const ROOT = join(__dirname, '..');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-pty-'));
  const pty = await ptyPair(dir);
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({ ...DEFAULT_CONFIG, devices: [{ id: 'scanner', protocol: 'serial-line', path: pty.kiosk }] }),
  );
  const gate = await startGate({ dataDir, resourcesDir: join(ROOT, 'resources'), log: () => {} });
  // The gate ignores scans with nobody on duty: sign in the demo guard (the demo compound seeds staff).
  gate.staff.signIn(gate.staff.staff.get('demo-guard')!, 'pin');
  const sim = await startPtySimulator({ protocol: 'serial-line', path: pty.device });
  const passes = (gate.db.prepare('SELECT number FROM pass ORDER BY number LIMIT 200').all() as Array<{ number: string }>).map((p) => p.number);
  try {
    while (gate.devices.health()[0]?.state !== 'connected') await new Promise((r) => setTimeout(r, 20));
    const samples: number[] = [];
    for (let i = 0; i < N; i++) {
      await gate.dispatch('device:simulateReading', { celsius: 36.5 });
      const logged = new Promise<number>((resolve) => {
        const off = gate.events.subscribe((event) => {
          if (event === 'log:appended') {
            off();
            resolve(performance.now());
          }
        });
      });
      const t0 = performance.now();
      sim.scan(passes[i % passes.length]!);
      samples.push((await logged) - t0);
    }
    samples.sort((a, b) => a - b);
    const p = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
    const machine = `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    const lines = [
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — PTY path — ${machine}`,
      '',
      `Scanner frame written on a socat PTY → serialport → serial-line decoder → device manager → gate core → durable commit (WAL, FULL); ${N} checks.`,
      '',
      '| p50 ms | p95 ms | p99 ms | max ms |',
      '|---|---|---|---|',
      `| ${p(0.5).toFixed(2)} | ${p(0.95).toFixed(2)} | ${p(0.99).toFixed(2)} | ${(samples.at(-1) ?? NaN).toFixed(2)} |`,
      '',
    ];
    console.log(lines.join('\n'));
    if (!process.env.BENCH_NO_RECORD) appendFileSync(join(ROOT, 'bench/RESULTS.md'), `${lines.join('\n')}\n`);
  } finally {
    await sim.close();
    await gate.close();
    await pty.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
