/**
 * Preloaded into the headless host by clock.spec.ts (node --import): moves the process's wall
 * clock (Date) by the milliseconds in the file WALL_SHIFT_FILE, re-read when the file changes, as if someone
 * set the system clock. process.hrtime is left alone, as a clock setting leaves it alone.
 */
import { readFileSync, watchFile } from 'node:fs';

const RealDate = Date;
let offset = 0;

class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }

  static now() {
    return RealDate.now() + offset;
  }
}

globalThis.Date = ShiftedDate;
// Watched, not signalled: the host's core runs in a forked worker, which this module is preloaded into too.
const file = process.env.WALL_SHIFT_FILE;
if (file) {
  watchFile(file, { interval: 100 }, () => {
    offset = Number(readFileSync(file, 'utf8').trim()) || 0;
  }).unref();
}
