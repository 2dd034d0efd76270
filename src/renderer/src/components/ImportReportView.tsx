import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../../shared/contract';

/** Thousands of problems would freeze the kiosk; the first few hundred show what to fix. */
const MAX_PROBLEMS_SHOWN = 500;

export function ImportReportView({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const problems = report.problems.slice(0, MAX_PROBLEMS_SHOWN);
  return (
    <section className="import-report" data-testid="import-report">
      <h3>
        {t('roster.report')}{' '}
        <span className="mono" data-testid="import-file-name">
          {report.fileName}
        </span>
      </h3>
      <dl className="import-report__totals" data-testid="import-totals">
        <div>
          <dt>{t('roster.totalRows')}</dt>
          <dd data-testid="import-total-rows">{report.totalRows}</dd>
        </div>
        <div>
          <dt>{t('roster.validRows')}</dt>
          <dd data-testid="import-valid-rows">{report.validRows}</dd>
        </div>
        <div>
          <dt>{t('roster.problemCount')}</dt>
          <dd data-testid="import-problem-count">{report.problems.length}</dd>
        </div>
        <div>
          <dt>{t('roster.households')}</dt>
          <dd data-testid="import-households">{report.households}</dd>
        </div>
      </dl>
      {report.problems.length === 0 ? <p className="notice">{t('roster.noProblems')}</p> : null}
      {report.problems.length > problems.length ? (
        <p className="notice">
          {t('roster.problemsTruncated', { shown: problems.length, total: report.problems.length })}
        </p>
      ) : null}
      {problems.length > 0 ? (
        <table className="table import-report__problems">
          <thead>
            <tr>
              <th>{t('roster.col.row')}</th>
              <th>{t('roster.col.field')}</th>
              <th>{t('roster.col.problem')}</th>
              <th>{t('roster.col.value')}</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={`${p.row}:${p.field}:${i}`} data-testid="import-problem" data-code={p.code}>
                <td>{p.row}</td>
                <td>{p.field}</td>
                <td>{t(`importProblem.${p.code}`)}</td>
                <td className="mono">{p.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
