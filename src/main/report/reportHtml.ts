/**
 * The daily report as one self-contained, print-ready HTML page: inline CSS sized for A4, charts as
 * inline SVG, no script and no external resource (its CSP forbids them), so the renderer can print
 * it with Chromium or Electron's printToPDF, or save it for a browser on another machine. Language
 * follows the gate's locale; all text comes from reportWords.ts.
 */
import { localTimeFormatter } from '../export/localTime';
import type { DailyReport } from '../../shared/report';
import { barChart, columnChart, escapeXml as esc } from './reportSvg';
import { categoryWord, followUpWord, reasonWord, reportWords, type ReportLang } from './reportWords';

const CSS = `
@page { size: A4; margin: 14mm 12mm 14mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #222; font-size: 10.5pt; line-height: 1.45;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; }
main { max-width: 186mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 2mm; text-align: center; letter-spacing: 0.1em; }
h1 small { display: block; font-size: 10pt; font-weight: normal; letter-spacing: 0; color: #555; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5px solid #333; break-after: avoid; }
.meta { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1mm 4mm; font-size: 9.5pt; margin-bottom: 2mm; }
.figures { display: grid; grid-template-columns: repeat(6, 1fr); gap: 2mm; }
.figure { border: 1px solid #999; padding: 2mm; text-align: center; }
.figure b { display: block; font-size: 16pt; }
.figure.alarm b { color: #b00020; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
th, td { border: 1px solid #999; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
figure { margin: 0; break-inside: avoid; }
.muted { color: #666; }
.swatch { display: inline-block; width: 3mm; height: 3mm; border: 1px solid #555; margin-right: 1mm; vertical-align: -0.3mm; }
.sign { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6mm; margin-top: 10mm; }
.sign span { display: block; border-bottom: 1px solid #333; height: 8mm; }
@media screen { body { background: #f4f4f4; } main { background: #fff; padding: 12mm; margin: 8mm auto; } }
`;

export type ReportHtmlOptions = { lang: ReportLang };

export function renderReportHtml(r: DailyReport, o: ReportHtmlOptions): string {
  const w = reportWords(o.lang);
  const local = localTimeFormatter(r.range.timeZone);
  const at = (iso: string | null): string => (iso ? local(iso).slice(0, 16) : '');
  const n = (v: number): string => `<td class="n">${v}</td>`;
  const paren = (x: string): string => w.paren.replace('{x}', x);
  const c = w.comma;
  const dates = r.range.from === r.range.to ? r.range.from : `${r.range.from} ~ ${r.range.to}`;
  const table = (head: readonly string[], rows: readonly string[], widths: readonly string[] = []): string =>
    `<table>${widths.length ? `<colgroup>${widths.map((x) => `<col style="width:${x}">`).join('')}</colgroup>` : ''}<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${
      rows.length ? rows.join('') : `<tr><td colspan="${head.length}" class="muted">${esc(w.none)}</td></tr>`
    }</tbody></table>`;
  const reasons = (list: DailyReport['deniedByReason'], title: string, colour: string): string =>
    `<figure>${barChart(
      list.map((x) => ({ label: reasonWord(x.reason, o.lang), value: x.count })),
      { title, colour, emptyText: w.none },
    )}</figure>`;

  const figures: Array<[string, number, boolean]> = [
    [w.checks, r.checks.total, false],
    [w.admitted, r.checks.admitted, false],
    [w.denied, r.checks.denied, false],
    [w.referred, r.checks.referred, false],
    [w.fevers, r.fevers.total, r.fevers.total > 0],
    [`${w.directionIn} / ${w.directionOut}`, -1, false],
  ];
  const figureHtml = figures
    .map(
      ([label, value, alarm]) =>
        `<div class="figure${alarm ? ' alarm' : ''}"><b>${value < 0 ? `${r.checks.in} / ${r.checks.out}` : value}</b>${esc(label)}</div>`,
    )
    .join('');

  const feverRows = r.fevers.items.map(
    (f) =>
      `<tr><td>${esc(at(f.occurredAt))}</td><td>${esc(f.gateId)}</td><td>${esc(f.household ?? '')}</td><td>${esc(f.nameMasked ?? '')}</td>` +
      `<td class="n">${f.temperatureC === null ? '' : f.temperatureC.toFixed(1)}</td>` +
      `<td>${esc(followUpWord(f.followUp, o.lang))}${f.acknowledgedAt ? ` ${esc(at(f.acknowledgedAt))}` : ''}</td></tr>`,
  );
  const statusLabel = (s: DailyReport['households']['byStatus'][number]): string =>
    o.lang === 'en' ? s.labelEn : s.labelZh;
  const statusRows = r.households.byStatus.map(
    (s) =>
      `<tr><td><span class="swatch" style="background:${esc(s.colour)}"></span>${esc(statusLabel(s))}</td>${n(s.households)}${n(s.residents)}</tr>`,
  );
  statusRows.push(`<tr><th>${esc(w.total)}</th>${n(r.households.total)}${n(r.households.residents)}</tr>`);

  const later: Array<[string, { available: boolean; gateFiltered: boolean }, string]> = [
    [w.visitors, r.visitors, `${w.registered} ${r.visitors.registered}${c}${w.left} ${r.visitors.left}`],
    [w.parcels, r.parcels, `${w.received} ${r.parcels.received}${c}${w.collected} ${r.parcels.collected}`],
    [w.returnees, r.returnees, `${w.registered} ${r.returnees.registered}`],
    [
      w.observations,
      r.observations,
      `${w.started} ${r.observations.started}${c}${w.ended} ${r.observations.ended}`,
    ],
    [w.vehicles, r.vehicles, `${w.directionIn} ${r.vehicles.in}${c}${w.directionOut} ${r.vehicles.out}`],
  ];
  const laterRows = later.map(([label, s, text]) => {
    const note = !s.available ? w.notAvailable : r.scope.gateId && !s.gateFiltered ? w.compoundWide : '';
    return `<tr><td>${esc(label)}</td><td>${s.available ? esc(text) : ''}${note ? ` <span class="muted">${esc(paren(note))}</span>` : ''}</td></tr>`;
  });

  const checklist = r.checklist
    .map((day) => {
      const rows = day.items.map(
        (i) =>
          `<tr><td>${esc(categoryWord(i.category, o.lang))}</td><td>${esc(o.lang === 'en' ? i.labelEn : i.labelZh)}</td>` +
          `<td>${esc(i.required ? w.required : w.optional)}</td><td style="text-align:center">${i.ticked ? '✔' : '☐'}</td>` +
          `<td>${esc(i.ticked ? (i.by ?? '') : '')}</td><td>${esc(i.ticked ? at(i.at) : '')}</td></tr>`,
      );
      const caption = `${day.date}  ${w.required} ${day.required.done}/${day.required.total}  ${w.optional} ${day.optional.done}/${day.optional.total}`;
      return `<h3 style="font-size:10pt;margin:3mm 0 1mm">${esc(caption)}</h3>${table([w.category, w.item, w.kind, w.done, w.by, w.time], rows, ['15%', 'auto', '8%', '7%', '11%', '17%'])}`;
    })
    .join('');
  const disinfection = r.disinfection.map(
    (d) =>
      `<tr><td>${esc(at(d.doneAt))}</td><td>${esc(d.place)}</td><td>${esc(d.person)}</td><td>${esc(d.agent)}</td><td>${esc(d.note)}</td></tr>`,
  );
  const days =
    r.days.length > 1
      ? `<h2>${esc(w.days)}</h2>${table(
          [w.date, w.checks, w.admitted, w.denied, w.referred, w.fevers],
          r.days.map(
            (d) =>
              `<tr><td>${d.date}</td>${n(d.checks)}${n(d.admitted)}${n(d.denied)}${n(d.referred)}${n(d.fevers)}</tr>`,
          ),
        )}`
      : '';

  return `<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(`${w.title} ${r.scope.compoundName} ${dates}`)}</title>
<style>${CSS}</style>
</head>
<body><main>
<h1>${esc(w.title)}<small>${esc(w.subtitle)}</small></h1>
<div class="meta">
<div>${esc(w.compound + w.colon)}${esc(r.scope.compoundName)}</div>
<div>${esc(w.gate + w.colon)}${esc(r.scope.gateName ?? w.allGates)}</div>
<div>${esc(w.dates + w.colon)}${esc(dates)}</div>
<div>${esc(w.generatedAt + w.colon)}${esc(at(r.generatedAt))}</div>
<div>${esc(w.timeZone + w.colon)}${esc(r.range.timeZone)}</div>
<div>${esc(w.staff + w.colon)}${esc(r.staffOnDuty.join('、') || w.none)}</div>
</div>
<h2>${esc(w.summary)}</h2>
<div class="figures">${figureHtml}</div>
<h2>${esc(w.perHour)}</h2>
<figure>${columnChart(
    r.perHour,
    r.perHour.map((_, h) => String(h).padStart(2, '0')),
    { title: w.perHour, labelEvery: 1 },
  )}</figure>
<h2>${esc(w.deniedByReason)}</h2>
${reasons(r.deniedByReason, w.deniedByReason, '#c0392b')}
${r.referredByReason.length ? `<h2>${esc(w.referredByReason)}</h2>${reasons(r.referredByReason, w.referredByReason, '#d68910')}` : ''}
<h2>${esc(w.feverFollowUp)}</h2>
<p>${esc(`${w.fevers} ${r.fevers.total}${w.colon}${w.acknowledged} ${r.fevers.acknowledged}${c}${w.open} ${r.fevers.open}${c}${w.no_alert} ${r.fevers.noAlert}`)}${
    r.fevers.truncated ? esc(paren(w.truncated.replace('{n}', String(r.fevers.items.length)))) : ''
  }</p>
${table([w.time, w.gate, w.household, w.name, w.temperature, w.followUp], feverRows, ['18%', '13%', '13%', '11%', '11%', 'auto'])}
<h2>${esc(w.households)}</h2>
<figure>${barChart(
    r.households.byStatus.map((s) => ({ label: statusLabel(s), value: s.households, colour: s.colour })),
    { title: w.households, emptyText: w.none },
  )}</figure>
${table([w.status, w.householdCount, w.residentCount], statusRows, ['auto', '15%', '15%'])}
<p class="muted">${esc(w.asOf)} ${esc(at(r.households.asOf))}</p>
${days}
<h2>${esc(w.later)}</h2>
${table([w.section, w.figures], laterRows, ['30%', 'auto'])}
<h2>${esc(w.checklist)}</h2>
${checklist}
<h2>${esc(w.disinfection)}</h2>
${table([w.time, w.place, w.person, w.agent, w.note], disinfection, ['18%', '22%', '14%', '22%', 'auto'])}
<div class="sign"><div>${esc(w.filledBy)}<span></span></div><div>${esc(w.reviewedBy)}<span></span></div><div>${esc(w.signDate)}<span></span></div></div>
</main></body>
</html>
`;
}
