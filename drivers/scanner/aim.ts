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

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Strict UTF-8 (QR payloads carry Chinese). Invalid input is undefined rather than U+FFFD: a
 * scanner left on GBK output should show up as garbage in the health counters, not as a pass
 * number nobody can find.
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
