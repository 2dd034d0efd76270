/**
 * Chinese licence plates as guards type or scanners read them: full-width letters (ＡＢ),
 * lower case, spaces and the dot printed between the prefix and the serial (沪A·12345) all
 * normalise to one canonical form, so a plate on the roster matches the car at the gate.
 *
 * Formats accepted (GA 36-2018): province character + issuing-authority letter + a 5-character
 * serial (7 characters), or a 4-character serial plus one special suffix (挂 学 警 港 澳 领 试 超),
 * or a new-energy 6-character serial (8 characters): small cars letter-first (沪AD12345), large
 * vehicles digits-first ending D or F (沪A12345D). The letters I and O never appear after the
 * province character, so they are refused rather than silently read as 1 and 0.
 */

export const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PROVINCE = new Set(PROVINCES);
/** Plate letters: A-Z without I and O. */
const L = 'A-HJ-NP-Z';
const AUTHORITY = new RegExp(`^[${L}]$`);
const SERIAL_5 = new RegExp(`^[${L}0-9]{5}$`);
const SERIAL_4_SPECIAL = new RegExp(`^[${L}0-9]{4}[挂学警港澳领试超]$`);
const NEV_SMALL = new RegExp(`^[A-HJK][${L}0-9]\\d{4}$`);
const NEV_LARGE = /^\d{5}[DF]$/;

export type PlateProblem = 'empty' | 'bad_province' | 'bad_authority' | 'bad_length' | 'bad_serial';

export type PlateResult = { ok: true; plate: string; newEnergy: boolean } | { ok: false; problem: PlateProblem; input: string };

/** Spacing and separators people put in plates; NFKC already turned full-width forms to ASCII. */
const SEPARATORS = /[\s·•・.\-_]/g;

export function normalisePlate(raw: string): PlateResult {
  const s = raw.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
  if (!s) return { ok: false, problem: 'empty', input: raw };
  const chars = [...s];
  const province = chars[0] ?? '';
  if (!PROVINCE.has(province)) return { ok: false, problem: 'bad_province', input: raw };
  if (!AUTHORITY.test(chars[1] ?? '')) return { ok: false, problem: 'bad_authority', input: raw };
  const serial = chars.slice(2).join('');
  const len = chars.length;
  if (len === 7) {
    if (SERIAL_5.test(serial) || SERIAL_4_SPECIAL.test(serial)) return { ok: true, plate: s, newEnergy: false };
    return { ok: false, problem: 'bad_serial', input: raw };
  }
  if (len === 8) {
    if (NEV_SMALL.test(serial) || NEV_LARGE.test(serial)) return { ok: true, plate: s, newEnergy: true };
    return { ok: false, problem: 'bad_serial', input: raw };
  }
  return { ok: false, problem: 'bad_length', input: raw };
}
