/**
 * A temporary pass as a receipt for a 58 or 80 mm thermal printer, printed through the OS print
 * dialog: one self-contained HTML page (inline CSS, the QR as inline SVG, no external resource).
 * The print button calls window.print() when the page is opened on its own; the kiosk prints it
 * from its preview frame. Text follows the gate's locale, Chinese first.
 */
import bwipjs from 'bwip-js/node';
import type { TempPassView } from '../../shared/passes';
import { formatLocal } from '../core/time';
import { escapeXml as esc } from '../report/reportSvg';

export type ReceiptLang = 'zh-CN' | 'en';

const WORDS = {
  'zh-CN': {
    title: '临时通行证',
    household: '户',
    purpose: '事由',
    issued: '签发',
    expires: '有效至',
    gate: '签发门岗',
    pass: '编号',
    keep: '请妥善保管，返回时出示此证；过期或作废即不能通行。',
    print: '打印',
    purposes: { shopping: '采购生活物资', medical: '就医', work: '上班', errand: '办事', other: '其他' },
  },
  en: {
    title: 'Temporary pass',
    household: 'Household',
    purpose: 'Purpose',
    issued: 'Issued',
    expires: 'Valid until',
    gate: 'Issued at',
    pass: 'No.',
    keep: 'Keep this pass and show it when you come back; an expired or revoked pass is refused.',
    print: 'Print',
    purposes: { shopping: 'Shopping for essentials', medical: 'Medical visit', work: 'Work', errand: 'Errand', other: 'Other' },
  },
} as const;

/** SVG of the payload as a QR code (BWIPP's default error correction, M: a crumpled receipt still scans). */
export function qrSvg(text: string): string {
  return bwipjs.toSVG({ bcid: 'qrcode', text });
}

export function renderTempPassReceipt(
  pass: TempPassView,
  o: { widthMm: 58 | 80; lang: ReceiptLang; timeZone: string; compoundName: string; gateName: string },
): string {
  const w = WORDS[o.lang];
  // Printable width of common 58/80 mm thermal heads (384 / 576 dots at 8 dots/mm).
  const printable = o.widthMm === 58 ? 48 : 72;
  const qrMm = o.widthMm === 58 ? 44 : 60;
  const row = (k: string, v: string): string => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`;
  return `<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${esc(w.title)} ${esc(pass.household)}</title>
<style>
@page { size: ${o.widthMm}mm auto; margin: 2mm ${(o.widthMm - printable) / 2}mm; }
* { box-sizing: border-box; }
body { margin: 0; width: ${printable}mm; color: #000; font-size: 9pt; line-height: 1.35;
  font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; }
h1 { font-size: 14pt; text-align: center; margin: 0 0 1mm; letter-spacing: 0.1em; }
.place { text-align: center; font-size: 8.5pt; margin-bottom: 2mm; }
.household { text-align: center; font-size: 16pt; font-weight: bold; border: 1.5px solid #000; padding: 1mm; margin-bottom: 2mm; }
.qr { display: block; width: ${qrMm}mm; height: ${qrMm}mm; margin: 0 auto 2mm; }
.qr svg { width: 100%; height: 100%; }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-weight: normal; white-space: nowrap; padding-right: 2mm; vertical-align: top; }
td { font-weight: bold; word-break: break-all; }
.keep { font-size: 8pt; margin-top: 2mm; border-top: 1px dashed #000; padding-top: 1mm; }
.id { font-family: monospace; font-size: 7pt; word-break: break-all; }
button { font-size: 14pt; width: 100%; margin-top: 4mm; padding: 2mm; }
@media print { .no-print { display: none; } }
</style>
</head>
<body data-width-mm="${o.widthMm}" data-pass-id="${esc(pass.id)}">
<h1>${esc(w.title)}</h1>
<div class="place">${esc(o.compoundName)} · ${esc(o.gateName)}</div>
<div class="household">${esc(pass.household)}</div>
<div class="qr" data-payload="${esc(pass.payload)}">${qrSvg(pass.payload)}</div>
<table>
${row(w.purpose, w.purposes[pass.purpose])}
${row(w.issued, formatLocal(pass.issuedAt, o.timeZone).slice(0, 16))}
${row(w.expires, formatLocal(pass.expiresAt, o.timeZone).slice(0, 16))}
${row(w.gate, o.gateName)}
</table>
<p class="keep">${esc(w.keep)}</p>
<p class="id">${esc(w.pass)} ${esc(pass.id)}</p>
<button type="button" class="no-print" onclick="window.print()">${esc(w.print)}</button>
</body>
</html>
`;
}
