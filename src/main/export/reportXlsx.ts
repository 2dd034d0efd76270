/**
 * The daily report as a workbook, one sheet per section, in the gate's language (the words of the
 * printed page, from report/reportWords.ts). Counts are numbers so the committee can add them up;
 * everything else is text. A report is small (at most a year of days), so the workbook is built in
 * memory rather than streamed.
 */
import type ExcelJS from 'exceljs';
import type { DailyReport } from '../../shared/report';
import { categoryWord, followUpWord, reasonWord, reportWords, type ReportLang } from '../report/reportWords';
import { localTimeFormatter } from './localTime';
import { HEADER_FILL, loadExcel, THIN_BORDER, type Cell } from './xlsx';

export type ReportXlsxOptions = { lang: ReportLang };

export async function dailyReportXlsx(r: DailyReport, o: ReportXlsxOptions): Promise<Buffer> {
  const Excel = await loadExcel();
  const w = reportWords(o.lang);
  const local = localTimeFormatter(r.range.timeZone);
  const at = (iso: string | null): string => (iso ? local(iso).slice(0, 16) : '');
  const book = new Excel.Workbook();
  book.creator = 'Gatehouse';
  book.created = new Date(r.generatedAt);
  const dates = r.range.from === r.range.to ? r.range.from : `${r.range.from} ~ ${r.range.to}`;
  const later = (available: boolean, gateFiltered: boolean, value: number): Cell =>
    !available
      ? w.notAvailable
      : r.scope.gateId && !gateFiltered
        ? `${value}${w.paren.replace('{x}', w.compoundWide)}`
        : value;

  sheet(
    book,
    w.summary,
    [w.section, w.figures],
    [28, 40],
    [
      [w.compound, r.scope.compoundName],
      [w.gate, r.scope.gateName ?? w.allGates],
      [w.dates, dates],
      [w.timeZone, r.range.timeZone],
      [w.generatedAt, at(r.generatedAt)],
      [w.checks, r.checks.total],
      [w.admitted, r.checks.admitted],
      [w.denied, r.checks.denied],
      [w.referred, r.checks.referred],
      [w.directionIn, r.checks.in],
      [w.directionOut, r.checks.out],
      [w.fevers, r.fevers.total],
      [`${w.fevers}·${w.acknowledged}`, r.fevers.acknowledged],
      [`${w.fevers}·${w.open}`, r.fevers.open],
      [`${w.fevers}·${w.no_alert}`, r.fevers.noAlert],
      [w.householdCount, r.households.total],
      [w.residentCount, r.households.residents],
      [w.staff, r.staffOnDuty.join('、')],
      [
        `${w.visitors}·${w.registered}`,
        later(r.visitors.available, r.visitors.gateFiltered, r.visitors.registered),
      ],
      [`${w.visitors}·${w.left}`, later(r.visitors.available, r.visitors.gateFiltered, r.visitors.left)],
      [`${w.parcels}·${w.received}`, later(r.parcels.available, r.parcels.gateFiltered, r.parcels.received)],
      [
        `${w.parcels}·${w.collected}`,
        later(r.parcels.available, r.parcels.gateFiltered, r.parcels.collected),
      ],
      [
        `${w.returnees}·${w.registered}`,
        later(r.returnees.available, r.returnees.gateFiltered, r.returnees.registered),
      ],
      [
        `${w.observations}·${w.started}`,
        later(r.observations.available, r.observations.gateFiltered, r.observations.started),
      ],
      [
        `${w.observations}·${w.ended}`,
        later(r.observations.available, r.observations.gateFiltered, r.observations.ended),
      ],
      [`${w.vehicles}·${w.directionIn}`, later(r.vehicles.available, r.vehicles.gateFiltered, r.vehicles.in)],
      [
        `${w.vehicles}·${w.directionOut}`,
        later(r.vehicles.available, r.vehicles.gateFiltered, r.vehicles.out),
      ],
    ],
  );
  sheet(
    book,
    w.perHour,
    [w.hour, w.checks],
    [10, 12],
    r.perHour.map((v, h) => [`${String(h).padStart(2, '0')}:00`, v]),
  );
  sheet(
    book,
    w.days,
    [w.date, w.checks, w.admitted, w.denied, w.referred, w.fevers],
    [12, 10, 10, 10, 10, 10],
    r.days.map((d) => [d.date, d.checks, d.admitted, d.denied, d.referred, d.fevers]),
  );
  sheet(
    book,
    w.reason,
    [w.section, w.reason, w.count],
    [14, 30, 10],
    [
      ...r.deniedByReason.map((x): Cell[] => [w.denied, reasonWord(x.reason, o.lang), x.count]),
      ...r.referredByReason.map((x): Cell[] => [w.referred, reasonWord(x.reason, o.lang), x.count]),
    ],
  );
  sheet(
    book,
    w.fevers,
    [w.time, w.gate, w.household, w.name, w.temperature, w.followUp, w.time],
    [17, 12, 14, 10, 10, 12, 17],
    r.fevers.items.map((f) => [
      at(f.occurredAt),
      f.gateId,
      f.household ?? '',
      f.nameMasked ?? '',
      f.temperatureC === null ? '' : f.temperatureC.toFixed(1),
      followUpWord(f.followUp, o.lang),
      at(f.acknowledgedAt),
    ]),
  );
  const statuses = sheet(
    book,
    w.status,
    [w.status, w.householdCount, w.residentCount],
    [34, 10, 10],
    r.households.byStatus.map((s) => [o.lang === 'en' ? s.labelEn : s.labelZh, s.households, s.residents]),
  );
  // The status colour as the cell's fill, beside its name: the map's colours, labelled.
  r.households.byStatus.forEach((s, i) => {
    statuses.getCell(i + 2, 1).fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: `FF${s.colour.replace('#', '').toUpperCase()}` },
    };
    statuses.getCell(i + 2, 1).font = { color: { argb: isDark(s.colour) ? 'FFFFFFFF' : 'FF000000' } };
  });
  sheet(
    book,
    w.checklist,
    [w.date, w.category, w.item, w.kind, w.done, w.by, w.time],
    [12, 14, 50, 8, 6, 12, 17],
    r.checklist.flatMap((d) =>
      d.items.map((i) => [
        d.date,
        categoryWord(i.category, o.lang),
        o.lang === 'en' ? i.labelEn : i.labelZh,
        i.required ? w.required : w.optional,
        i.ticked ? '✔' : '',
        i.ticked ? (i.by ?? '') : '',
        i.ticked ? at(i.at) : '',
      ]),
    ),
  );
  sheet(
    book,
    w.disinfection,
    [w.time, w.place, w.person, w.agent, w.note],
    [17, 20, 12, 20, 20],
    r.disinfection.map((d) => [at(d.doneAt), d.place, d.person, d.agent, d.note]),
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A sheet with a bold header row; strings are text cells (@), numbers stay numbers. */
function sheet(
  book: ExcelJS.Workbook,
  name: string,
  headers: readonly string[],
  widths: readonly number[],
  rows: readonly Cell[][],
): ExcelJS.Worksheet {
  // Excel caps sheet names at 31 characters and forbids a few; the words are short, this is a guard.
  const ws = book.addWorksheet(name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  ws.columns = widths.map((width) => ({ width }));
  const header = ws.addRow([...headers]);
  header.eachCell((c) => {
    c.font = { bold: true };
    c.fill = HEADER_FILL;
    c.border = THIN_BORDER;
  });
  for (const values of rows) {
    const row = ws.addRow([...values]);
    row.eachCell((c) => {
      if (typeof c.value === 'string') c.numFmt = '@';
    });
  }
  return ws;
}

function isDark(hex: string): boolean {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  if (Number.isNaN(n)) return false;
  const luminance = 0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
  return luminance < 128;
}
