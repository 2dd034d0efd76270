import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogFilter, LogRow } from '../../../shared/contract';
import { LogFilters, type LogFilterState } from '../components/LogFilters';
import { LogTable } from '../components/LogTable';
import { todayInZone } from '../i18n/format';
import { useGate, useReportError } from '../hooks/gateContext';
import { downloadText } from '../util/download';

const PAGE_SIZE = 100;

function toContractFilter(f: LogFilterState): LogFilter {
  return {
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.decision ? { decision: f.decision } : {}),
    ...(f.building ? { building: f.building } : {}),
  };
}

export function LogScreen() {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  const [filter, setFilter] = useState<LogFilterState>(() => {
    const today = todayInZone(info.timeZone);
    return { from: today, to: today, decision: '', building: '' };
  });
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ rows: LogRow[]; total: number } | null>(null);
  const [exported, setExported] = useState<{ rows: number; fileName: string } | null>(null);
  const [exporting, setExporting] = useState(false);
  const contractFilter = useMemo(() => toContractFilter(filter), [filter]);
  // Bumped by the refresh button and by new entries; part of the fetch effect's dependencies.
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  useEffect(() => {
    // Only the latest request may fill the table; filters can change faster than answers come.
    let live = true;
    client.call('log:list', { filter: contractFilter, limit: PAGE_SIZE, offset }).then(
      (result) => {
        if (live) setPage(result);
      },
      (err: unknown) => {
        if (live) reportError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [client, contractFilter, offset, reloads, reportError]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    // A busy gate appends several entries a second; one refresh per burst is enough.
    const off = client.on('log:appended', () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, 300);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [client, reload]);

  const changeFilter = (next: LogFilterState) => {
    setFilter(next);
    setOffset(0);
    setExported(null);
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const result = await client.call('log:exportCsv', { filter: contractFilter });
      downloadText(result.fileName, result.content, 'text/csv;charset=utf-8');
      setExported({ rows: result.rows, fileName: result.fileName });
    } catch (err) {
      reportError(err);
    } finally {
      setExporting(false);
    }
  };

  const total = page?.total ?? 0;
  const shown = page?.rows.length ?? 0;
  return (
    <section className="screen log" data-testid="log-screen">
      <h2 className="screen__title">{t('log.title')}</h2>
      <div className="log__bar">
        <LogFilters value={filter} onChange={changeFilter} />
        <button type="button" data-testid="log-refresh" onClick={reload}>
          {t('log.refresh')}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="export-csv"
          disabled={exporting}
          onClick={() => void exportCsv()}
        >
          {t('log.export')}
        </button>
      </div>
      {exported ? (
        <p className="notice" data-testid="export-result" data-rows={exported.rows} role="status">
          {t('log.exported', { rows: exported.rows, fileName: exported.fileName })}
        </p>
      ) : null}
      {page === null ? <p>{t('log.loading')}</p> : null}
      {page && shown === 0 ? <p data-testid="log-empty">{t('log.empty')}</p> : null}
      {page && shown > 0 ? <LogTable rows={page.rows} /> : null}
      <nav className="pager">
        <button
          type="button"
          data-testid="log-prev"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
        >
          {t('log.prev')}
        </button>
        <span data-testid="log-total" data-total={total}>
          {shown > 0
            ? t('log.page', { from: offset + 1, to: offset + shown, total })
            : t('log.total', { total })}
        </span>
        <button
          type="button"
          data-testid="log-next"
          disabled={offset + PAGE_SIZE >= total}
          onClick={() => setOffset(offset + PAGE_SIZE)}
        >
          {t('log.next')}
        </button>
      </nav>
    </section>
  );
}
