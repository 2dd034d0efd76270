import { useTranslation } from 'react-i18next';
import type { DailyReport } from '../../../../shared/report';
import { useGate } from '../../hooks/gateContext';
import { formatCount } from '../../i18n/format';
import { reasonText } from '../../i18n/reasons';
import { scaleBars } from '../../util/chart';

const HOUR_W = 20;
const HOUR_H = 120;
const AXIS = 18;

/** Checks per local hour as 24 SVG bars; every bar carries its count as a tooltip and for readers. */
function HourChart({ perHour }: { perHour: readonly number[] }) {
  const { t } = useTranslation();
  const { lang } = useGate();
  const { top, lengths } = scaleBars(perHour, HOUR_H);
  const width = perHour.length * HOUR_W;
  return (
    <figure className="chart">
      <figcaption>
        {t('report.chartHour')} <span className="report__muted">{t('report.chartTop', { top: formatCount(top, lang) })}</span>
      </figcaption>
      <svg
        className="chart__hours"
        data-testid="report-chart-hour"
        data-top={top}
        viewBox={`0 0 ${width} ${HOUR_H + AXIS}`}
        role="img"
        aria-label={t('report.chartHour')}
        preserveAspectRatio="none"
      >
        <line x1={0} y1={HOUR_H} x2={width} y2={HOUR_H} className="chart__axis" />
        {perHour.map((count, hour) => {
          const h = lengths[hour] ?? 0;
          const label = t('report.chartHourBar', { hour: String(hour).padStart(2, '0'), checks: formatCount(count, lang) });
          return (
            <g key={hour} data-hour={hour} data-count={count}>
              <rect x={hour * HOUR_W + 2} y={HOUR_H - h} width={HOUR_W - 4} height={h} className="chart__bar">
                <title>{label}</title>
              </rect>
              {hour % 3 === 0 ? (
                <text x={hour * HOUR_W + HOUR_W / 2} y={HOUR_H + AXIS - 4} textAnchor="middle" className="chart__tick">
                  {String(hour).padStart(2, '0')}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export type BarRow = { key: string; label: string; count: number; colour?: string; detail?: string };

/** Horizontal bars with the words and the number beside each: colour is never the only cue. */
export function BarList({ rows, testId, title }: { rows: readonly BarRow[]; testId: string; title: string }) {
  const { t } = useTranslation();
  const { lang } = useGate();
  const { lengths } = scaleBars(
    rows.map((r) => r.count),
    100,
  );
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? <p className="report__muted">{t('report.none')}</p> : null}
      <ul className="bars" data-testid={testId}>
        {rows.map((row, i) => (
          <li key={row.key} className="bars__row" data-key={row.key} data-count={row.count}>
            <span className="bars__label">
              {row.colour ? <span className="status-badge__swatch" style={{ backgroundColor: row.colour }} aria-hidden="true" /> : null}
              {row.label}
            </span>
            <span className="bars__track">
              <span
                className="bars__fill"
                style={{ width: `${lengths[i] ?? 0}%`, ...(row.colour ? { backgroundColor: row.colour } : {}) }}
              />
            </span>
            <span className="bars__count">{row.detail ?? formatCount(row.count, lang)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function ReportCharts({ report: r }: { report: DailyReport }) {
  const { t } = useTranslation();
  const { lang } = useGate();
  const n = (v: number) => formatCount(v, lang);
  const denials: BarRow[] = r.deniedByReason.map((rc) => ({ key: rc.reason, label: reasonText(t, rc.reason), count: rc.count }));
  const statuses: BarRow[] = r.households.byStatus.map((s) => ({
    key: s.code,
    label: lang === 'en' ? s.labelEn : s.labelZh,
    count: s.households,
    colour: s.colour,
    detail: t('report.householdsRow', { households: n(s.households), residents: n(s.residents) }),
  }));
  return (
    <div className="report__charts">
      <HourChart perHour={r.perHour} />
      <div>
        <BarList rows={denials} testId="report-chart-denied" title={t('report.deniedByReason')} />
        {denials.length > 1 ? <p className="report__muted">{t('report.reasonNote')}</p> : null}
      </div>
      <div>
        <BarList rows={statuses} testId="report-chart-status" title={t('report.households')} />
        <p className="report__muted">
          {t('report.householdsLine', { households: n(r.households.total), residents: n(r.households.residents) })}
        </p>
      </div>
    </div>
  );
}
