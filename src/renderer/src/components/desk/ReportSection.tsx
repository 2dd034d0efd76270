import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DailyReport, DailyReportInput } from '../../../../shared/report';
import { useGate, useReportError } from '../../hooks/gateContext';
import { todayInZone } from '../../i18n/format';
import { downloadBase64 } from '../../util/download';
import { printHtml } from '../../util/print';
import { FormsPanel } from './FormsPanel';
import { ReportCharts } from './ReportCharts';
import { ReportFigures } from './ReportFigures';

type Scope = 'compound' | 'gate';
/** A run of the report: the nonce makes "run again with the same dates" a new request. */
type Request = { input: DailyReportInput; nonce: number };

function toInput(from: string, to: string, scope: Scope, gateId: string): DailyReportInput {
  return scope === 'gate' ? { from, to, gateId } : { from, to };
}

/** 每日一报: dates and scope, the figures and charts, and the workbook and printed page of them. */
export function ReportSection() {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  const [from, setFrom] = useState(() => todayInZone(info.timeZone));
  const [to, setTo] = useState(from);
  const [scope, setScope] = useState<Scope>('compound');
  // Run once on opening, for today: the question a manager asks first.
  const [request, setRequest] = useState<Request>(() => ({ input: toInput(from, to, scope, info.gate.id), nonce: 0 }));
  const [shown, setShown] = useState<{ request: Request; report: DailyReport | null } | null>(null);
  const [busy, setBusy] = useState<'xlsx' | 'print' | null>(null);

  useEffect(() => {
    let live = true;
    client.call('report:daily', request.input).then(
      (report) => {
        if (live) setShown({ request, report });
      },
      (err: unknown) => {
        if (!live) return;
        setShown({ request, report: null });
        reportError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [client, request, reportError]);

  const badRange = !from || !to || from > to;
  const running = shown?.request !== request;
  const report = running ? null : (shown?.report ?? null);
  const run = () => setRequest((r) => ({ input: toInput(from, to, scope, info.gate.id), nonce: r.nonce + 1 }));

  const downloadXlsx = async () => {
    setBusy('xlsx');
    try {
      const file = await client.call('report:xlsx', request.input);
      downloadBase64(file.fileName, file.dataBase64);
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(null);
    }
  };

  const print = async () => {
    setBusy('print');
    try {
      const page = await client.call('report:html', request.input);
      printHtml(page.html);
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="desk__section">
      <div className="filters">
        <label>
          {t('report.from')}
          <input type="date" data-testid="report-from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('report.to')}
          <input type="date" data-testid="report-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t('report.scope')}
          <select data-testid="report-scope" value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
            <option value="compound">{t('report.scopeCompound')}</option>
            <option value="gate">{t('report.scopeGate', { gate: info.gate.name })}</option>
          </select>
        </label>
        <button type="button" className="primary" data-testid="report-run" disabled={badRange} onClick={run}>
          {t('report.run')}
        </button>
        <button
          type="button"
          data-testid="report-xlsx"
          disabled={!report || busy !== null}
          onClick={() => void downloadXlsx()}
        >
          {t('report.xlsx')}
        </button>
        <button
          type="button"
          data-testid="report-print"
          disabled={!report || busy !== null}
          onClick={() => void print()}
        >
          {t('report.print')}
        </button>
      </div>
      {badRange ? (
        <p className="inline-error" data-testid="report-bad-range" role="alert">
          {t('report.badRange')}
        </p>
      ) : null}
      {running ? (
        <p data-testid="report-running" role="status">
          {t('report.running')}
        </p>
      ) : null}
      {report ? (
        <>
          <ReportFigures report={report} />
          <ReportCharts report={report} />
        </>
      ) : null}
      <FormsPanel input={request.input} />
    </div>
  );
}
