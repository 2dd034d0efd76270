/**
 * Chinese resident identity numbers (GB 11643-1999) and the masking rules used wherever personal
 * data leaves the core: import reports, the guard screen, exports. Masking keeps just enough for a
 * committee member to recognise a row without the report becoming a copy of the roster.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Oldest plausible birth year; anything earlier is a typo, not a resident. */
const MIN_BIRTH_YEAR = 1850;

/** ISO 7064 MOD 11-2 check character for the first 17 digits. Throws on malformed input. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idCheckChar expects exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function isRealDate(year: number, month: number, day: number, today: Date): boolean {
  if (year < MIN_BIRTH_YEAR || month < 1 || month > 12 || day < 1) return false;
  // Date.UTC rolls 31 Feb over into March; a round trip exposes that.
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return false;
  // A birth date after today cannot belong to anyone on the roster.
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return d.getTime() <= todayUtc;
}

/**
 * 18-character numbers only: the 15-digit first-generation cards were withdrawn in 2013 and carry
 * no check character, so accepting them would let any 15 digits through. Lower-case x is accepted
 * because spreadsheets are typed by hand; normalise.ts upper-cases it before storage.
 */
export function isValidIdNumber(s: string, today: Date = new Date()): boolean {
  const id = s.toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (!isRealDate(year, month, day, today)) return false;
  return idCheckChar(id.slice(0, 17)) === id[17];
}

/** Code points, not UTF-16 units: rare surnames live outside the BMP (CJK Extension B). */
function chars(s: string): string[] {
  return Array.from(s);
}

/** First 4 + asterisks + last 4. Too short to hide anything that way → all asterisks. */
export function maskIdNumber(s: string): string {
  const c = chars(s);
  if (c.length <= 8) return '*'.repeat(c.length);
  return c.slice(0, 4).join('') + '*'.repeat(c.length - 8) + c.slice(-4).join('');
}

/** Last 4 kept, the rest asterisks; 4 or fewer characters would be fully exposed, so all masked. */
export function maskPhone(s: string): string {
  const c = chars(s);
  if (c.length <= 4) return '*'.repeat(c.length);
  return '*'.repeat(c.length - 4) + c.slice(-4).join('');
}

/** 张三 → 张*, 张小明 → 张*明, 欧阳小明 → 欧**明; a single character is left as it is. */
export function maskName(name: string): string {
  const c = chars(name);
  if (c.length <= 1) return name;
  if (c.length === 2) return c[0] + '*';
  return c[0] + '*'.repeat(c.length - 2) + c[c.length - 1];
}
