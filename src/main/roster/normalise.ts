/**
 * Cell text as committees actually type it: Chinese input methods produce full-width digits and
 * spaces, copy-paste from web pages brings zero-width characters, and Excel adds a BOM. Everything
 * the importer compares or stores goes through these functions first.
 */

// U+200B–U+200D zero-width space/joiners, U+2060 word joiner, U+FEFF BOM / zero-width no-break space.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
// U+FF01–U+FF5E mirror ASCII 0x21–0x7E at a fixed offset.
const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
const FULL_WIDTH_OFFSET = 0xfee0;

/** Full-width → ASCII, invisible characters removed, whitespace collapsed and trimmed. */
export function normaliseCell(s: string): string {
  return s
    .replace(INVISIBLE, '')
    .replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - FULL_WIDTH_OFFSET))
    .replace(/\u3000/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// ASCII hyphen plus the Unicode dashes and minus sign that word processors substitute for it.
const DASHES_AND_SPACES = /[\s\-\u2010-\u2015\u2212]/g;

/** For comparing header names and labels: normalised and case-folded. */
export function normaliseKey(s: string): string {
  return normaliseCell(s).toLowerCase();
}

/**
 * Two-character names are often padded to line up with three-character ones ("王  伟"); a space
 * between Han characters is never part of the name, while one in a Latin name is.
 */
export function normaliseName(s: string): string {
  return normaliseCell(s).replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, '');
}

/** ID numbers are often typed in groups ("3101 1519…") and with a lower-case x. */
export function normaliseIdNumber(s: string): string {
  return normaliseCell(s).replace(/\s/g, '').toUpperCase();
}

/**
 * Spaces and dashes go ("139-1234-5678", "021-6123 4567"). The country code is only stripped when
 * what remains is exactly a mobile-length number, so an ordinary landline starting 86 is untouched.
 */
export function normalisePhone(s: string): string {
  const p = normaliseCell(s).replace(DASHES_AND_SPACES, '');
  const m = /^\+?86(\d{11})$/.exec(p);
  return m ? m[1]! : p;
}
