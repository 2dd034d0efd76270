import { describe, expect, it } from 'vitest';
import { barChart, columnChart, escapeXml } from '../../../src/main/report/reportSvg';

describe('inline SVG charts', () => {
  it('a column per value, its number above it, the tallest reaching the top of the plot', () => {
    const svg = columnChart([0, 5, 10], ['a', 'b', 'c'], { title: 't' });
    const heights = [...svg.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(3);
    expect(heights[0]).toBe(0);
    expect(heights[2]).toBeCloseTo(heights[1]! * 2, 1);
    expect(svg).toContain('>10</text>');
    // Value labels (size 7) only above the non-zero bars.
    expect(svg.match(/font-size="7"/g)).toHaveLength(2);
    expect(svg).toContain('<title>t</title>');
  });

  it('all-zero data draws flat bars, not NaN', () => {
    expect(columnChart(new Array(24).fill(0), new Array(24).fill('x'), { title: 't' })).not.toContain('NaN');
  });

  it('horizontal bars: swatch, label, bar, number; an empty list says so', () => {
    const svg = barChart([{ label: '体温异常', value: 3, colour: '#c0392b' }], {
      title: 't',
      emptyText: '无',
    });
    expect(svg).toContain('体温异常');
    expect(svg).toContain('>3</text>');
    expect(svg.match(/fill="#c0392b"/g)).toHaveLength(2);
    expect(barChart([], { title: 't', emptyText: '无' })).toContain('>无</text>');
  });

  it('escapes markup in labels and titles', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;');
    expect(barChart([{ label: '</text><script>', value: 1 }], { title: '"', emptyText: '' })).not.toContain(
      '<script>',
    );
  });
});
