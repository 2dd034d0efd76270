import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../src/main/report/reportHtml';
import { DailyReport } from '../../../src/shared/report';
import { fixtureReport } from './fixture';

const svgs = (html: string): string[] => html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];

describe('the printable daily report', () => {
  it('the fixture is a valid report (so the page is tested on a real shape)', () => {
    expect(DailyReport.parse(fixtureReport())).toBeTruthy();
  });

  it('is one self-contained A4 page: inline CSS, no script, no external resource', () => {
    const html = renderReportHtml(fixtureReport(), { lang: 'zh-CN' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|<img|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
  });

  it('Chinese headings and the figures of the report', () => {
    const html = renderReportHtml(fixtureReport(), { lang: 'zh-CN' });
    for (const h of [
      '每日一报',
      '概况',
      '分时段检查人次',
      '禁止通行原因',
      '体温异常及处置',
      '住户状态（作战图）',
      '每日工作打钩',
      '消毒记录',
      '填报人',
      '审核人',
    ]) {
      expect(html).toContain(h);
    }
    expect(html).toContain('<b>123</b>检查人次');
    expect(html).toContain('<b>70 / 53</b>');
    expect(html).toContain('示范小区');
    expect(html).toContain('2020-02-10 09:30'); // 01:30 UTC shown in Shanghai time
    expect(html).toContain('已处置 2020-02-10 09:45');
    expect(html).toContain('快递外卖');
    expect(html).toContain('收到 17，已领取 15');
    expect(html).toContain('暂未启用');
    expect(html).toContain('必做 1/1');
  });

  it('charts are inline SVG: 24 hourly bars with their numbers, reasons and statuses labelled', () => {
    const html = renderReportHtml(fixtureReport(), { lang: 'zh-CN' });
    const [hours, denials, , statuses] = svgs(html);
    expect(hours).toBeDefined();
    expect(hours!.match(/<rect /g)).toHaveLength(24);
    expect(hours).toContain('>20</text>');
    expect(denials).toContain('体温异常');
    expect(denials).toContain('>5</text>');
    // Colour is never the only label: each status bar names its status.
    expect(statuses).toContain('#1f1f1f');
    expect(statuses).toContain('在家，假期未离开');
    expect(statuses).toContain('>9</text>');
  });

  it('English when the gate is set to English', () => {
    const html = renderReportHtml(fixtureReport(), { lang: 'en' });
    expect(html).toContain('<html lang="en">');
    for (const h of [
      'Daily report',
      'Checks per hour',
      'Refusals by reason',
      'Households by status',
      'Daily checklist',
      'Disinfection sheet',
    ]) {
      expect(html).toContain(h);
    }
    expect(html).toContain('abnormal temperature');
    expect(html).toContain('received 17, collected 15');
    expect(html).not.toMatch(/[，：（]/);
  });

  it('escapes everything that came from data', () => {
    const html = renderReportHtml(
      fixtureReport({
        scope: { compoundId: 'c', compoundName: '<script>alert(1)</script>', gateId: null, gateName: null },
        staffOnDuty: ['"><img src=x>'],
      }),
      { lang: 'zh-CN' },
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('全部门岗');
  });

  it('an empty day still prints: zero bars, "none" where there is nothing', () => {
    const html = renderReportHtml(
      fixtureReport({
        perHour: new Array(24).fill(0),
        deniedByReason: [],
        referredByReason: [],
        fevers: { total: 0, acknowledged: 0, open: 0, noAlert: 0, items: [], truncated: false },
        disinfection: [],
      }),
      { lang: 'zh-CN' },
    );
    expect(html).toContain('>无<');
    expect(html).not.toContain('转人工原因');
    expect(html).not.toContain('NaN');
  });
});
