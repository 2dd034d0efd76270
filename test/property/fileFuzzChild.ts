/**
 * Child process of the file fuzz's memory proof: parses one file the way an import does and prints
 * one JSON line with the outcome and the process's peak RSS. The parent starts it with a small heap
 * (--max-old-space-size), so a file that would need more ends this process, not the test runner.
 * Usage: node --import tsx fileFuzzChild.ts <path> <fileName> [roster|schedule]
 */
import { readFileSync } from 'node:fs';
import { parseRosterFile, readTable, RosterFileError } from '../../src/main/roster/parseRoster';

const KNOWN = new Set(['black', 'white', 'grey', 'red', 'orange', 'pink']);

async function main(): Promise<void> {
  const [path, fileName, kind = 'roster'] = process.argv.slice(2);
  const data = readFileSync(path!);
  let outcome: { outcome: 'parsed'; rows: number } | { outcome: 'refused'; reason: string; message: string };
  try {
    const rows = kind === 'schedule' ? (await readTable(fileName!, data)).length : (await parseRosterFile(fileName!, data, KNOWN)).totalRows;
    outcome = { outcome: 'parsed', rows };
  } catch (e) {
    if (!(e instanceof RosterFileError)) throw e;
    outcome = { outcome: 'refused', reason: e.reason, message: e.message };
  }
  // VmHWM, not resourceUsage().maxRSS: Linux carries ru_maxrss over from the parent across exec.
  const hwm = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  const maxRssMB = Math.round((hwm ? Number(hwm) : process.resourceUsage().maxRSS) / 1024);
  console.log(JSON.stringify({ ...outcome, maxRssMB }));
}

void main();
