/** Arbitraries and well-formedness checks for the scanner codec fuzz tests. */
import fc from 'fast-check';
import { isAimId } from '../../drivers/scanner/aim';
import { encodeHidPosReports } from '../../drivers/scanner/hidPos';
import { encodeScanLine } from '../../drivers/scanner/serialLine';
import { bytes, concat } from './streams';

const utf8Length = (s: string) => new TextEncoder().encode(s).length;
/** Serial lines cannot contain a line break; HID POS codes can (multi-line data), but not end in one. */
export const scanOk = (max: number, lineBreaks: RegExp) => (r: { code: string; symbology?: string }) =>
  r.code.length > 0 &&
  !lineBreaks.test(r.code) &&
  utf8Length(r.code) <= max &&
  (r.symbology === undefined || isAimId(r.symbology));

const aim = fc.option(
  fc
    .tuple(fc.constantFrom('Q', 'C', 'E', 'd', 'e', 'z', 'A'), fc.integer({ min: 0, max: 9 }))
    .map(([c, m]) => `]${c}${m}`),
  { nil: undefined },
);
const codeText = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', '9', '-', ':', '/', '.', ']', ' ', '张', '栋', '😀', '\u001d'),
  minLength: 1,
  maxLength: 40,
});
/** Without an AIM id the code itself must not look like one, or the decoder rightly splits it. */
export const scan = fc
  .tuple(codeText, aim)
  .filter(([code, sym]) => sym !== undefined || !isAimId(code.slice(0, 3)));

export const lineTokens = fc
  .array(
    fc.oneof(
      bytes(12),
      fc.constantFrom(Uint8Array.of(0x0d), Uint8Array.of(0x0a), Uint8Array.of(0x0d, 0x0a)),
      scan.map(([c, s]) => encodeScanLine(c, s === undefined ? {} : { symbology: s })),
    ),
    { maxLength: 5 },
  )
  .map(concat);

/** Report-shaped noise: random bytes, or a POS-looking header with random fields. */
export const report64 = fc.oneof(
  bytes(70),
  fc
    .tuple(fc.constantFrom(1, 2, 3), fc.integer({ min: 0, max: 64 }), fc.boolean(), fc.boolean(), bytes(64))
    .map(([id, len, withAim, more, body]) => {
      const r = new Uint8Array(64);
      r.set(body);
      r[0] = id;
      r[1] = len;
      if (withAim) r.set([0x5d, 0x51, 0x31], 2);
      r[63] = more ? 1 : 0;
      return r;
    }),
  scan.map(([c, s]) => encodeHidPosReports(c, { symbology: s ?? ']Q1' })[0] ?? new Uint8Array()),
);
