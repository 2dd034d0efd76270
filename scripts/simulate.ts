/**
 * `npx tsx scripts/simulate.ts <device> [--temp 36.6] [--code HM00001] [--noise 0.1] [--split] [--seed 1]`
 *
 * Creates a socat pty pair, prints the end the kiosk should open, and speaks <device> on the other.
 * stdin: `t 37.8` sets the temperature, `s HM00001` sends a scan (`s` alone resends --code),
 * `f` sends one unsolicited frame (streaming devices), `q` quits.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { PROTOCOLS } from '../drivers/registry';
import { SERIAL_PROTOCOL_IDS, type SerialProtocolId } from '../drivers/simulator/deviceModel';
import { startPtySimulator } from '../drivers/simulator/ptySimulator';

const USAGE = `usage: npx tsx scripts/simulate.ts <${SERIAL_PROTOCOL_IDS.join('|')}> [--temp 36.6] [--ambient 25] [--code HM00001] [--aim ]Q1] [--mode body|object] [--noise 0..1] [--split] [--seed N] [--stream]`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    temp: { type: 'string', default: '36.6' },
    ambient: { type: 'string', default: '25' },
    code: { type: 'string', default: 'HM00001' },
    aim: { type: 'string' },
    mode: { type: 'string', default: 'body' },
    noise: { type: 'string' },
    split: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    stream: { type: 'boolean', default: false },
  },
});

const device = positionals[0] ?? '';
if (!(SERIAL_PROTOCOL_IDS as readonly string[]).includes(device)) {
  console.error(
    device === 'hid-pos' ? 'hid-pos is a USB HID device: it cannot be simulated on a pty.' : USAGE,
  );
  process.exit(2);
}
const protocol = device as SerialProtocolId;

/** socat -d -d prints "... N PTY is /dev/pts/X" once per end. */
function openPtyPair(): Promise<{ kill(): void; ends: [string, string] }> {
  const socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const paths: string[] = [];
    let log = '';
    socat.on('error', (err) =>
      reject(new Error(`cannot start socat (apt-get install socat): ${err.message}`)),
    );
    socat.on('exit', (code) => reject(new Error(`socat exited (${code}) before creating the pair:\n${log}`)));
    socat.stderr.setEncoding('utf8');
    socat.stderr.on('data', (text: string) => {
      log += text;
      for (const m of text.matchAll(/PTY is (\S+)/g)) if (m[1]) paths.push(m[1]);
      const [a, b] = paths;
      if (a && b) resolve({ kill: () => socat.kill(), ends: [a, b] });
    });
  });
}

async function main(): Promise<void> {
  const pair = await openPtyPair();
  const [kioskEnd, deviceEnd] = pair.ends;
  const entry = PROTOCOLS[protocol];
  const sim = await startPtySimulator({
    protocol,
    path: deviceEnd,
    temperatureC: Number(values.temp),
    ambientC: Number(values.ambient),
    lu90614Mode: values.mode === 'object' ? 'object' : 'body',
    ...(values.aim !== undefined && { symbology: values.aim }),
    ...(values.noise !== undefined && { noise: Number(values.noise) }),
    split: values.split,
    streaming: values.stream,
    seed: Number(values.seed),
  });
  console.log(
    `simulating ${protocol} (${entry.kind}, ${entry.requestResponse ? 'answers requests' : 'streams'}) on ${deviceEnd}`,
  );
  console.log(`kiosk: open ${kioskEnd} at ${entry.defaultBaud ?? 9600} baud`);
  console.log('commands: t <°C> | s [code] | f | q');

  const shutdown = async (): Promise<void> => {
    await sim.close();
    pair.kill();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  sim.port.on('close', () => {
    pair.kill();
    process.exit(0);
  });

  for await (const line of createInterface({ input: process.stdin })) {
    const [cmd, ...rest] = line.trim().split(/\s+/);
    const arg = rest.join(' ');
    if (cmd === 't' && Number.isFinite(Number(arg)) && arg !== '') {
      sim.setTemperature(Number(arg));
      console.log(`temperature ${Number(arg)} °C`);
    } else if (cmd === 's') {
      console.log(sim.scan(arg || values.code) ? `scan ${arg || values.code}` : `${protocol} cannot scan`);
    } else if (cmd === 'f') {
      console.log(
        sim.emitFrame()
          ? 'frame sent'
          : `${protocol} sends nothing unasked now (${entry.requestResponse ? 'it answers polls' : 'use s'})`,
      );
    } else if (cmd === 'q') break;
    else if (cmd) console.log('commands: t <°C> | s [code] | f | q');
  }
  await shutdown();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
