/**
 * The counts issue 8 asks every durability and fuzz run to print (cycles, checks acknowledged, lost,
 * fuzz cases, crashes). Printed where the test runs, and collected by `npm test` (scripts/test-all.mjs
 * sets GATEHOUSE_COUNTS_FILE) so they appear together above the summary line instead of scattered in
 * the log.
 */
import { appendFileSync } from 'node:fs';

export function reportCount(line: string): void {
  console.log(line);
  const file = process.env.GATEHOUSE_COUNTS_FILE;
  if (file) appendFileSync(file, `${line.replace(/\s*\n\s*/g, '; ')}\n`);
}
