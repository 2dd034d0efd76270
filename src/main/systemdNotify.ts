/**
 * systemd's readiness and watchdog protocol for the headless host (docs/auto-start.md: Type=notify,
 * WatchdogSec=, NotifyAccess=all). The ping comes from the process that runs the core's event loop,
 * so a hung core (a loop that never yields, a blocked disk) stops the pings and systemd restarts
 * the service. Uses the `systemd-notify` tool: Node has no sd_notify, and one short-lived process
 * every half interval costs nothing next to a gate's work. Outside systemd (no NOTIFY_SOCKET) it
 * does nothing.
 */
import { execFile } from 'node:child_process';

export type Notify = (args: string[]) => void;

/** systemd-notify reads NOTIFY_SOCKET from its own environment, so it gets the one the caller read. */
const systemdNotify =
  (env: NodeJS.ProcessEnv): Notify =>
  (args) => {
    execFile('systemd-notify', args, { env }, () => {
      // A failed ping is what the watchdog exists to notice; nothing to do here.
    });
  };

/**
 * Says READY=1 and then pings WATCHDOG=1 at half the configured interval. `mainPid`: the service's
 * main process (the supervisor when the core runs in its worker), so systemd counts the pings.
 */
export function startSystemdWatchdog(env: NodeJS.ProcessEnv, mainPid: number, notify: Notify = systemdNotify(env)): () => void {
  if (!env.NOTIFY_SOCKET) return () => {};
  const send = (msg: string): void => notify([`--pid=${mainPid}`, msg]);
  send('READY=1');
  const usec = Number(env.WATCHDOG_USEC);
  if (!Number.isFinite(usec) || usec <= 0) return () => {};
  const timer = setInterval(() => send('WATCHDOG=1'), Math.max(500, Math.floor(usec / 2000)));
  timer.unref();
  return () => clearInterval(timer);
}
