/**
 * Child of bench/xlsxImport.ts: parses one roster workbook the way an import does, with the new
 * reader (parseRosterFile) or the exceljs one it replaced (test/integration/roster/exceljsReader.ts, then
 * the same validation), and prints one JSON line: rows, problems, parse ms, peak RSS.
 * Usage: node --import tsx bench/xlsxImportChild.ts <path> new|exceljs
 */
import { readFileSync } from 'node:fs';
import { DEMO_STATUS_CODES } from '../src/main/roster/demoRoster';
import { parseRosterFile, RosterFileError, validateRows } from '../src/main/roster/parseRoster';
import { readXlsxWithExceljs } from '../test/integration/roster/exceljsReader';

async function main(): Promise<void> {
  const [path, reader] = process.argv.slice(2);
  const data = readFileSync(path!);
  const known = new Set<string>(DEMO_STATUS_CODES);
  if (reader === 'exceljs') await import('exceljs'); // module loading is not the parse
  const start = performance.now();
  let outcome: Record<string, unknown>;
  try {
    const parsed = reader === 'exceljs' ? validateRows(await readXlsxWithExceljs(data), known, undefined) : await parseRosterFile('r.xlsx', data, known);
    outcome = { rows: parsed.totalRows, valid: parsed.valid.length, problems: parsed.problems.length };
  } catch (e) {
    if (!(e instanceof RosterFileError)) throw e;
    outcome = { refused: e.reason };
  }
  const ms = Math.round(performance.now() - start);
  // VmHWM, not resourceUsage().maxRSS: Linux carries ru_maxrss over from the parent across exec.
  const hwm = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  console.log(JSON.stringify({ ...outcome, ms, maxRssMB: Math.round(Number(hwm) / 1024) }));
}

void main();
