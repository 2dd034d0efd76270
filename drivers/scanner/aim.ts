/**
 * AIM symbology identifiers (ISO/IEC 15424 `]cm`, hardware.md §3.3) and the UTF-8 decoding both
 * scanner transports share.
 */

/** `]` + code character (a letter) + modifier (a digit), e.g. `]Q1` QR, `]C0` Code 128. */
export const isAimId = (s: string): boolean => /^\][A-Za-z][0-9]$/.test(s);

/** Splits a leading AIM id off the decoded text. */
export function splitAim(text: string): { code: string; symbology?: string } {
  const head = text.slice(0, 3);
  return isAimId(head) ? { code: text.slice(3), symbology: head } : { code: text };
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF), per RFC 3629. */
export function isWellFormedUtf8(b: Uint8Array): boolean {
  const cont = (i: number): boolean => ((b[i] ?? 0) & 0xc0) === 0x80;
  for (let i = 0; i < b.length;) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    const c1 = b[i + 1] ?? 0;
    if (c >= 0xc2 && c <= 0xdf) {
      if (!cont(i + 1)) return false;
      i += 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      const lo = c === 0xe0 ? 0xa0 : 0x80;
      const hi = c === 0xed ? 0x9f : 0xbf;
      if (c1 < lo || c1 > hi || !cont(i + 2)) return false;
      i += 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      const lo = c === 0xf0 ? 0x90 : 0x80;
      const hi = c === 0xf4 ? 0x8f : 0xbf;
      if (c1 < lo || c1 > hi || !cont(i + 2) || !cont(i + 3)) return false;
      i += 4;
    } else return false;
  }
  return true;
}

/**
 * Strict UTF-8 (QR payloads carry Chinese). Invalid input is undefined rather than U+FFFD: a
 * scanner left on GBK output should show up as garbage in the health counters, not as a pass
 * number nobody can find. Validated up front, because a throwing fatal TextDecoder costs
 * microseconds per bad line on a noisy port.
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  return isWellFormedUtf8(bytes) ? utf8.decode(bytes) : undefined;
}
