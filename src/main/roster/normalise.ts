/**
 * Cell text as committees actually type it: Chinese input methods produce full-width digits and
 * spaces, copy-paste from web pages brings zero-width characters, and Excel adds a BOM. Everything
 * the importer compares or stores goes through these functions first, including .xlsx cell values,
 * which arrive as numbers, dates, rich text or formula results rather than text.
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

const OWNER = new Set(['业主', 'owner', '户主']);
const RENTER = new Set(['租户', '租客', 'renter']);

/** Empty means owner (most rows are); null means a value the importer must report, not guess. */
export function normaliseResidency(s: string): 'owner' | 'renter' | null {
  const k = normaliseKey(s);
  if (k === '' || OWNER.has(k)) return 'owner';
  return RENTER.has(k) ? 'renter' : null;
}

/** IDs and phones are often stored as numbers; an ID that lost digits then fails its check digit. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  return String(Number(n.toPrecision(15))); // Excel's 15 significant digits, without binary noise
}

/**
 * An exceljs cell value as text. Taken as `unknown` so this module stays free of exceljs; formula
 * results, rich text and hyperlinks are reduced to what the cell shows.
 */
export function cellValueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('error' in o) return ''; // #N/A in a required column should read as missing, not as a name
    if (Array.isArray(o.richText))
      return o.richText.map((r) => cellValueText((r as { text?: unknown }).text)).join('');
    if ('formula' in o || 'sharedFormula' in o || 'result' in o) return cellValueText(o.result);
    if ('text' in o) return cellValueText(o.text);
  }
  return '';
}
