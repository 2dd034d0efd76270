import { execFileSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSystemdWatchdog } from '../../../src/main/systemdNotify';
import { listenNotify } from '../../helpers/notifySocket';
import { tempDir } from '../../helpers/tmp';

/**
 * The sd_notify side of the systemd unit in docs/auto-start.md, against a real NOTIFY_SOCKET
 * (test/helpers/notifySocket.ts) and the real `systemd-notify` tool.
 */
import { reportCount } from '../../helpers/counts';

let tmp: ReturnType<typeof tempDir>;
let listener: ChildProcess;
let received: string[];
let onLine: ((line: string) => void) | null;

beforeEach(async () => {
  tmp = tempDir();
  onLine = null;
  ({ listener, received } = await listenNotify(join(tmp.dir, 'notify.sock'), (line) => onLine?.(line)));
});
afterEach(() => {
  listener.kill();
  tmp.cleanup();
});

async function until(cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out; received: ${received.join(' | ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const pings = (from = 0, to = received.length): number => received.slice(from, to).filter((m) => m.includes('WATCHDOG=1')).length;

describe('systemd watchdog over a real NOTIFY_SOCKET', () => {
  it('says READY=1 for the main pid, pings WATCHDOG=1 from the event loop, and stops pinging while the loop is blocked', async () => {
    const env = { NOTIFY_SOCKET: join(tmp.dir, 'notify.sock'), WATCHDOG_USEC: '1000000' };
    const stop = startSystemdWatchdog(env, 4242);
    try {
      await until(() => pings() >= 2);
      expect(received[0]).toBe('MAINPID=4242 READY=1');

      // Block the loop right after a ping arrived (the next one is half a second away), the way a
      // hung core would: a busy loop of three watchdog half-intervals' worth and more.
      const blocked = new Promise<void>((resolve) => {
        onLine = (line) => {
          if (!line.includes('WATCHDOG=1')) return;
          onLine = null;
          // Sent and waited for (the barrier) before and after, so they bracket the blocked time in arrival order.
          const mark = (status: string): void => {
            execFileSync('systemd-notify', [`STATUS=${status}`], { env: { ...process.env, ...env } });
          };
          mark('blocked');
          const until = Date.now() + 3000;
          while (Date.now() < until) {
            // Nothing: the event loop is what is being starved.
          }
          mark('unblocked');
          resolve();
        };
      });
      await blocked;
      await until(() => received.some((m) => m.includes('STATUS=unblocked')));
      const start = received.findIndex((m) => m.includes('STATUS=blocked'));
      const end = received.findIndex((m) => m.includes('STATUS=unblocked'));
      const during = pings(start, end);
      await until(() => pings(end) >= 2);
      reportCount(`systemd watchdog: ${pings(0, start)} pings before, ${during} while the loop was blocked for 3 s (6 intervals), ${pings(end)} after`);
      expect(during).toBe(0);
    } finally {
      stop();
    }
  });
});
