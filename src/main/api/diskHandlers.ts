/**
 * The disk at the contract's edge (issue 8 item 2): `disk:status`, and a wrapper round every
 * handler that (1) refuses the non-essential writes — imports and exports — while the data disk
 * is low, before they write anything, and (2) turns a write that failed for lack of space
 * (SQLITE_FULL, an I/O error, ENOSPC) into the typed `disk_full` instead of `internal`. SQLite has
 * already rolled such a write back; a check that hits it is not saved and not shown as done.
 */
import type { MethodInput, MethodName } from '../../shared/contract';
import type { GateEvents } from '../core/events';
import { GateError } from '../core/errors';
import type { DiskGuard } from '../store/diskGuard';
import type { Handlers } from './dispatch';

export function createDiskHandlers(d: { disk: DiskGuard }): Pick<Handlers, 'disk:status'> {
  // The last reading, not a fresh one: this method is public (no sign-in), and a poll runs statfs,
  // may write and fsync the reserve file and runs the leave-ok callbacks. The runtime's 1 s tick
  // polls, and every change is pushed as `disk:status`.
  return { 'disk:status': () => d.disk.current() };
}

/**
 * An imported file's rows land in the tables, their indexes and the WAL before a checkpoint, so an
 * import is counted at four times the file's size: a margin, so that an import that would itself
 * push the disk past the low mark is refused before it starts.
 */
const IMPORT_GROWTH = 4;
const decodedBytes = (base64: string): number => Math.ceil((base64.length * 3) / 4);

/**
 * What counts as non-essential, and how many bytes it may add to the data disk (null: this call
 * writes nothing, e.g. a dry run). Exports count 0: their size is not known up front, and they are
 * refused from `low` on anyway.
 */
const NON_ESSENTIAL: { [M in MethodName]?: (input: MethodInput<M>) => number | null } = {
  'roster:import': (i) => (i.dryRun ? null : decodedBytes(i.dataBase64) * IMPORT_GROWTH),
  'schedule:import': (i) => (i.dryRun ? null : decodedBytes(i.dataBase64) * IMPORT_GROWTH),
  'export:start': () => 0,
  'log:exportCsv': () => 0,
  'report:xlsx': () => 0,
  'report:html': () => 0,
  'forms:xlsx': () => 0,
};

/** The methods refused while the disk is low (tests walk them). */
export const nonEssentialMethods = Object.keys(NON_ESSENTIAL) as MethodName[];

const WHAT: Partial<Record<MethodName, string>> = {
  'roster:import': 'the roster import',
  'schedule:import': 'the schedule import',
};

export function withDiskGuard(h: Handlers, disk: DiskGuard, events: GateEvents): Handlers {
  const wrapped: Partial<Record<MethodName, unknown>> = {};
  // An export started while the disk was ok is stopped when it leaves ok (its partial file is
  // deleted): a million-row file written to <data>/exports could otherwise take the space the
  // checks need. The job reports `cancelled`; the banner says why.
  const exports = new Set<string>();
  // Only jobs still running: a job's id goes when its progress says it ended, or the set would grow
  // with every export ever made and each low disk would cancel them all again. (A job that ends
  // before its start call returns leaves its id until the next leave-ok; cancelling it is a no-op.)
  events.subscribe((event, payload) => {
    if (event !== 'export:progress') return;
    const p = payload as { jobId?: string; state?: string };
    if (p.state !== 'running' && p.jobId !== undefined) exports.delete(p.jobId);
  });
  disk.onLeaveOk(() => {
    for (const jobId of exports) void Promise.resolve(h['export:cancel']({ jobId })).catch(() => undefined);
    exports.clear();
  });
  for (const method of Object.keys(h) as MethodName[]) {
    const inner = h[method] as (i: unknown) => unknown;
    const projected = NON_ESSENTIAL[method] as ((i: unknown) => number | null) | undefined;
    wrapped[method] = async (input: unknown) => {
      const bytes = projected ? projected(input) : null;
      if (bytes !== null) disk.assertRoomFor(WHAT[method] ?? 'exporting', bytes);
      try {
        const out = await inner(input);
        if (method === 'export:start') exports.add((out as { jobId: string }).jobId);
        return out;
      } catch (err) {
        if (disk.noteWriteFailed(err)) {
          throw new GateError('disk_full', 'the disk is full: nothing was saved; free space on the gate (a manager) and try again', {
            level: disk.current().level,
          });
        }
        throw err;
      } finally {
        // A large write just landed (or failed): the banner should not wait for the next tick.
        if (bytes !== null) disk.poll();
      }
    };
  }
  return wrapped as Handlers;
}

/**
 * Writes that do not pass through the contract: a committed check (a scanner's, too) clears a
 * `full` state; a finished export is a large write, so the disk is looked at again at once.
 */
export function watchDiskEvents(events: GateEvents, disk: DiskGuard): () => void {
  return events.subscribe((event, payload) => {
    if (event === 'log:appended') disk.noteWriteOk();
    else if (event === 'export:progress' && (payload as { state?: string }).state !== 'running') disk.poll();
  });
}
