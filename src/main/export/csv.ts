/**
 * CSV for Excel on Chinese Windows: UTF-8 with a BOM (without it Excel reads GBK and garbles
 * Chinese), CRLF line ends, every field quoted. Two hazards are neutralised per cell:
 * - formula injection (OWASP): a cell starting with = + - @ tab CR or LF gets a leading apostrophe;
 * - long digit strings (IDs, phones, numeric pass codes) that Excel would turn into a rounded
 *   number are written as ="…", a formula whose content is only digits, which Excel shows as text.
 */
export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r\n]/;
const LONG_DIGITS = /^\d{11,}$/;

export type CellKind = 'text' | 'digits';

export function csvCell(value: string | number | null | undefined, kind: CellKind = 'text'): string {
  if (value === null || value === undefined) return '""';
  const s = String(value);
  if (kind === 'digits' && LONG_DIGITS.test(s)) return `="${s}"`;
  const safe = FORMULA_START.test(s) ? `'${s}` : s;
  // includes() first: most cells hold no quote, and a regex replace costs more than the test.
  return `"${safe.includes('"') ? safe.replace(/"/g, '""') : safe}"`;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.join(',')}\r\n`;
}
