import { describe, expect, it } from 'vitest';
import { renderTempPassReceipt } from '../../../src/main/passes/receiptHtml';
import type { TempPassView } from '../../../src/shared/passes';

const pass: TempPassView = {
  id: '0191d3a2-7c4e-7a10-8b2c-3d4e5f607182',
  householdId: 'h1',
  household: '3-2-402',
  purpose: 'medical',
  issuedAt: '2020-02-10T01:00:00.000Z',
  expiresAt: '2020-02-10T05:00:00.000Z',
  gateId: 'gate-main',
  state: 'valid',
  revokedAt: null,
  revokeReason: null,
  payload: 'GHTP1.abc.def.ghi.jkl',
};
const base = { lang: 'zh-CN' as const, timeZone: 'Asia/Shanghai', compoundName: '花木<四>', gateName: '南门' };

describe('temporary pass receipt', () => {
  it('is a 58 mm receipt with the QR of the payload, local times and a print button', () => {
    const html = renderTempPassReceipt(pass, { ...base, widthMm: 58 });
    expect(html).toContain('@page { size: 58mm auto;');
    expect(html).toContain('width: 48mm');
    expect(html).toContain(`data-payload="${pass.payload}"`);
    expect(html).toMatch(/<div class="qr"[^>]*><svg[^>]*viewBox/);
    expect(html).toContain('临时通行证');
    expect(html).toContain('就医');
    expect(html).toContain('2020-02-10 09:00'); // issued, Asia/Shanghai
    expect(html).toContain('2020-02-10 13:00'); // valid until
    expect(html).toContain('onclick="window.print()"');
    expect(html).toContain('@media print { .no-print { display: none; } }');
  });

  it('has an 80 mm layout and English words', () => {
    const html = renderTempPassReceipt(pass, { ...base, widthMm: 80, lang: 'en' });
    expect(html).toContain('@page { size: 80mm auto;');
    expect(html).toContain('width: 72mm');
    expect(html).toContain('Temporary pass');
    expect(html).toContain('Medical visit');
  });

  it('escapes names and loads nothing from outside', () => {
    const html = renderTempPassReceipt(pass, { ...base, widthMm: 58 });
    expect(html).toContain('花木&#60;四&#62;');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).toContain("default-src 'none'");
  });

  it('QR differs when the payload differs (it encodes the payload, not a fixed picture)', () => {
    const a = renderTempPassReceipt(pass, { ...base, widthMm: 58 });
    const b = renderTempPassReceipt({ ...pass, payload: 'GHTP1.zzz.def.ghi.jkl' }, { ...base, widthMm: 58 });
    const svg = (h: string) => /<svg[\s\S]*?<\/svg>/.exec(h)?.[0];
    expect(svg(a)).toBeTruthy();
    expect(svg(a)).not.toBe(svg(b));
  });
});
