import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { DailyReport } from '../../../../shared/report';
import { useGate } from '../../hooks/gateContext';
import { formatCount, formatDateTime, formatTemperature } from '../../i18n/format';
import { reasonText } from '../../i18n/reasons';

/** The other registers; a later issue adds their tables, so a missing one reads "not yet recorded". */
function sectionLines(r: DailyReport, t: TFunction, n: (v: number) => string) {
  return [
    { id: 'visitors', s: r.visitors, title: t('report.visitors'), line: t('report.visitorsLine', { registered: n(r.visitors.registered), left: n(r.visitors.left) }) },
    { id: 'parcels', s: r.parcels, title: t('report.parcels'), line: t('report.parcelsLine', { received: n(r.parcels.received), collected: n(r.parcels.collected) }) },
    { id: 'returnees', s: r.returnees, title: t('report.returnees'), line: t('report.returneesLine', { registered: n(r.returnees.registered) }) },
    { id: 'observations', s: r.observations, title: t('report.observations'), line: t('report.observationsLine', { started: n(r.observations.started), ended: n(r.observations.ended) }) },
    { id: 'vehicles', s: r.vehicles, title: t('report.vehicles'), line: t('report.vehiclesLine', { in: n(r.vehicles.in), out: n(r.vehicles.out) }) },
  ];
}

/** The report's counts in words: every figure is a count of records, shown as it is. */
export function ReportFigures({ report: r }: { report: DailyReport }) {
  const { t } = useTranslation();
  const { info, lang } = useGate();
  const tz = info.timeZone;
  const n = (v: number) => formatCount(v, lang);
  const place = r.scope.gateName ? `${r.scope.compoundName} · ${r.scope.gateName}` : r.scope.compoundName;
  const oneGate = r.scope.gateId !== null;
  const tiles = [
    { id: 'checks', label: t('report.checks'), value: r.checks.total },
    { id: 'admitted', label: t('report.admitted'), value: r.checks.admitted },
    { id: 'denied', label: t('report.denied'), value: r.checks.denied },
    { id: 'referred', label: t('report.referred'), value: r.checks.referred },
    { id: 'fevers', label: t('report.fevers'), value: r.fevers.total },
  ];

  return (
    <div className="report" data-testid="report-figures" data-from={r.range.from} data-to={r.range.to}>
      <h3 className="report__heading">{t('report.heading', { place, from: r.range.from, to: r.range.to })}</h3>
      <p className="report__muted">{t('report.generated', { time: formatDateTime(r.generatedAt, tz) })}</p>
      <div className="report__tiles">
        {tiles.map((tile) => (
          <div key={tile.id} className={`report__tile report__tile--${tile.id}`} data-testid={`report-${tile.id}`} data-total={tile.value}>
            <span className="report__tile-label">{tile.label}</span>
            <span className="report__tile-value">{n(tile.value)}</span>
            {tile.id === 'checks' ? (
              <span className="report__muted">{t('report.inOut', { in: n(r.checks.in), out: n(r.checks.out) })}</span>
            ) : null}
          </div>
        ))}
      </div>

      <h4>{t('report.referredByReason')}</h4>
      {r.referredByReason.length === 0 ? (
        <p className="report__muted">{t('report.none')}</p>
      ) : (
        <ul className="report__list" data-testid="report-referred-reasons">
          {r.referredByReason.map((rc) => (
            <li key={rc.reason} data-reason={rc.reason}>
              {reasonText(t, rc.reason)}: {n(rc.count)}
            </li>
          ))}
        </ul>
      )}

      <h4>{t('report.feverList')}</h4>
      <p data-testid="report-fever-counts">
        {t('report.feverCounts', { acknowledged: n(r.fevers.acknowledged), open: n(r.fevers.open), noAlert: n(r.fevers.noAlert) })}
      </p>
      {r.fevers.items.length > 0 ? (
        <table className="table" data-testid="report-fevers">
          <tbody>
            {r.fevers.items.map((f) => (
              <tr key={f.entryId} data-follow-up={f.followUp}>
                <td>{formatDateTime(f.occurredAt, tz)}</td>
                <td>{f.household ?? t('report.notOnRoster')}</td>
                <td>{f.nameMasked ?? '—'}</td>
                <td>{formatTemperature(f.temperatureC)}</td>
                <td className={`report__follow report__follow--${f.followUp}`}>
                  {t(`report.followUp.${f.followUp}`)}
                  {f.acknowledgedAt ? ` ${formatDateTime(f.acknowledgedAt, tz)}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {r.fevers.truncated ? (
        <p className="report__muted">{t('report.feverTruncated', { shown: n(r.fevers.items.length), total: n(r.fevers.total) })}</p>
      ) : null}

      <h4>{t('report.sections')}</h4>
      <ul className="report__list" data-testid="report-sections">
        {sectionLines(r, t, n).map(({ id, s, title, line }) => (
          <li key={id} data-section={id} data-available={s.available}>
            <strong>{title}</strong>: {s.available ? line : t('report.notRecorded')}
            {s.available && oneGate && !s.gateFiltered ? ` ${t('report.wholeCompound')}` : ''}
          </li>
        ))}
      </ul>

      <h4>{t('report.staff')}</h4>
      <p data-testid="report-staff">{r.staffOnDuty.length > 0 ? r.staffOnDuty.join(t('list.separator')) : t('report.none')}</p>

      {r.days.length > 1 ? (
        <>
          <h4>{t('report.days')}</h4>
          <table className="table" data-testid="report-days">
            <thead>
              <tr>
                <th>{t('report.date')}</th>
                {tiles.map((tile) => (
                  <th key={tile.id}>{tile.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.days.map((d) => (
                <tr key={d.date}>
                  <td>{d.date}</td>
                  {[d.checks, d.admitted, d.denied, d.referred, d.fevers].map((v, i) => (
                    <td key={i}>{n(v)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}
