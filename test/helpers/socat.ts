import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** A pseudo-terminal pair from socat with stable symlinks: `kiosk` for the gate, `device` for the simulator. */
export async function ptyPair(dir: string): Promise<{ kiosk: string; device: string; stop: () => Promise<void> }> {
  const kiosk = join(dir, 'kiosk');
  const device = join(dir, 'device');
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${kiosk}`, `pty,raw,echo=0,link=${device}`], { stdio: 'ignore' });
  const until = Date.now() + 5000;
  while (!(existsSync(kiosk) && existsSync(device))) {
    if (Date.now() > until || child.exitCode !== null) throw new Error('socat did not create the pty pair');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    kiosk,
    device,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
