/**
 * CSV for Excel on Chinese Windows: UTF-8 with a BOM (without it Excel reads GBK and garbles
 * Chinese), CRLF line ends, every field quoted. Two hazards are neutralised per cell:
 * - formula injection (OWASP): a cell starting with = + - @ tab CR or LF gets a leading apostrophe;
 * - long digit strings (IDs, phones, numeric pass codes) that Excel would turn into a rounded
 *   number are written as ="…", a formula whose content is only digits, which Excel shows as text.
 */
export const BOM = '\uFEFF';

const LONG_DIGITS = /^\d{11,}$/;

/** = + - @ tab CR LF, the first characters that make Excel read a cell as a formula. */
function startsLikeFormula(s: string): boolean {
  const c = s.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 || c === 10;
}

export type CellKind = 'text' | 'digits';

export function csvCell(value: string | number | null | undefined, kind: CellKind = 'text'): string {
  if (value === null || value === undefined) return '""';
  const s = String(value);
  return kind === 'digits' && isLongDigits(s) ? `="${s}"` : `"${csvText(s)}"`;
}

/** Digit strings Excel would round (IDs, phones), which csvCell writes as ="…". */
export function isLongDigits(s: string): boolean {
  // Length first: a million-row export asks this for every row, and most values are short.
  return s.length >= 11 && LONG_DIGITS.test(s);
}

/** The inside of a quoted text cell: formula-escaped, quotes doubled (csvCell adds the quotes). */
export function csvText(s: string): string {
  if (s === '') return s;
  const safe = startsLikeFormula(s) ? `'${s}` : s;
  // includes() first: most cells hold no quote, and a regex replace costs more than the test.
  return safe.includes('"') ? safe.replace(/"/g, '""') : safe;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.join(',')}\r\n`;
}
