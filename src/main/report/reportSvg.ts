/**
 * Charts for the printed report as inline SVG: no script, no canvas, no web font, so the page
 * prints the same in Chromium, Electron's printToPDF and a browser opened from a USB stick. Every
 * bar carries its number as text, and colour is never the only label (status bars also name the
 * status), because the page is often printed in black and white.
 */

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const FONT = `font-family="inherit" fill="#222"`;

/** Vertical bars with a label under each (24 hours, say); `labelEvery` thins the axis labels. */
export function columnChart(
  values: readonly number[],
  labels: readonly string[],
  o: { title: string; colour?: string; labelEvery?: number },
): string {
  const width = 680;
  const height = 200;
  const left = 34;
  const bottom = 22;
  const top = 16;
  const plotW = width - left - 6;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...values);
  const slot = plotW / Math.max(1, values.length);
  const bar = Math.max(2, slot * 0.7);
  const parts: string[] = [];
  for (const tick of ticks(max)) {
    const y = top + plotH - (tick / max) * plotH;
    parts.push(
      `<line x1="${left}" x2="${width - 6}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#ddd" stroke-width="0.6"/>`,
    );
    parts.push(
      `<text x="${left - 4}" y="${(y + 3).toFixed(1)}" font-size="8" text-anchor="end" ${FONT}>${tick}</text>`,
    );
  }
  values.forEach((v, i) => {
    const h = (v / max) * plotH;
    const x = left + i * slot + (slot - bar) / 2;
    const y = top + plotH - h;
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${o.colour ?? '#2f6db5'}"/>`,
    );
    if (v > 0)
      parts.push(
        `<text x="${(x + bar / 2).toFixed(1)}" y="${(y - 2).toFixed(1)}" font-size="7" text-anchor="middle" ${FONT}>${v}</text>`,
      );
    if (i % (o.labelEvery ?? 1) === 0) {
      parts.push(
        `<text x="${(x + bar / 2).toFixed(1)}" y="${height - 8}" font-size="8" text-anchor="middle" ${FONT}>${escapeXml(labels[i] ?? '')}</text>`,
      );
    }
  });
  parts.push(
    `<line x1="${left}" x2="${width - 6}" y1="${top + plotH}" y2="${top + plotH}" stroke="#888" stroke-width="0.8"/>`,
  );
  return svg(width, height, o.title, parts);
}

export type BarItem = { label: string; value: number; colour?: string };

/** Horizontal bars, one per item: a swatch, the label, the bar and the number. */
export function barChart(
  items: readonly BarItem[],
  o: { title: string; colour?: string; emptyText: string },
): string {
  const width = 680;
  const row = 18;
  const labelW = 230;
  const height = Math.max(1, items.length) * row + 8;
  if (items.length === 0)
    return svg(width, 26, o.title, [
      `<text x="4" y="16" font-size="10" ${FONT}>${escapeXml(o.emptyText)}</text>`,
    ]);
  const max = Math.max(1, ...items.map((i) => i.value));
  const plotW = width - labelW - 60;
  const parts = items.flatMap((item, i) => {
    const y = 4 + i * row;
    const w = (item.value / max) * plotW;
    const colour = item.colour ?? o.colour ?? '#c0392b';
    return [
      `<rect x="2" y="${y + 3}" width="10" height="10" fill="${escapeXml(colour)}" stroke="#555" stroke-width="0.5"/>`,
      `<text x="18" y="${y + 12}" font-size="9" ${FONT}>${escapeXml(item.label)}</text>`,
      `<rect x="${labelW}" y="${y + 2}" width="${Math.max(item.value > 0 ? 1 : 0, w).toFixed(1)}" height="12" fill="${escapeXml(colour)}"/>`,
      `<text x="${(labelW + w + 4).toFixed(1)}" y="${y + 12}" font-size="9" ${FONT}>${item.value}</text>`,
    ];
  });
  return svg(width, height, o.title, parts);
}

function svg(width: number, height: number, title: string, parts: readonly string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(title)}">` +
    `<title>${escapeXml(title)}</title>${parts.join('')}</svg>`
  );
}

/** Up to five round gridline values from 0 to max. */
function ticks(max: number): number[] {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = 0; t <= max; t += Math.max(1, Math.round(step))) out.push(t);
  return out;
}
