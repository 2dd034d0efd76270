import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSystemdWatchdog } from '../../../src/main/systemdNotify';

afterEach(() => vi.useRealTimers());

describe('systemd readiness and watchdog', () => {
  it('does nothing outside systemd', () => {
    const notify = vi.fn();
    startSystemdWatchdog({}, 42, notify)();
    expect(notify).not.toHaveBeenCalled();
  });

  it('says ready for the main pid, then pings at half the watchdog interval until stopped', () => {
    vi.useFakeTimers();
    const notify = vi.fn();
    const stop = startSystemdWatchdog({ NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '30000000' }, 42, notify);
    expect(notify.mock.calls).toEqual([[['--pid=42', 'READY=1']]]);
    vi.advanceTimersByTime(15_000);
    expect(notify.mock.calls.slice(1)).toEqual([[['--pid=42', 'WATCHDOG=1']]]);
    vi.advanceTimersByTime(30_000);
    expect(notify).toHaveBeenCalledTimes(4);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(notify).toHaveBeenCalledTimes(4);
  });

  it('ready without a watchdog when WatchdogSec is not set', () => {
    vi.useFakeTimers();
    const notify = vi.fn();
    startSystemdWatchdog({ NOTIFY_SOCKET: '/run/systemd/notify' }, 7, notify);
    vi.advanceTimersByTime(120_000);
    expect(notify.mock.calls).toEqual([[['--pid=7', 'READY=1']]]);
  });
});
