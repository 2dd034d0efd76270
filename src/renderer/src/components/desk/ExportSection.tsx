import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Decision } from '../../../../shared/domain';
import type { EntryExportFilter, ExportFormat } from '../../../../shared/exportJobs';
import { useGate, useReportError } from '../../hooks/gateContext';
import { useExportJob } from '../../hooks/useExportJob';
import { formatCount, todayInZone } from '../../i18n/format';
import { progressPercent, type ExportState } from '../../util/exportJob';

type Form = { format: ExportFormat; from: string; to: string; building: string; decision: Decision | ''; person: string };

function toFilter(f: Form): EntryExportFilter {
  const person = f.person.trim();
  return {
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.building ? { building: f.building } : {}),
    ...(f.decision ? { decision: f.decision } : {}),
    ...(person ? { person } : {}),
  };
}

function ExportStatus({ state, onCancel }: { state: ExportState; onCancel: () => void }) {
  const { t } = useTranslation();
  const { lang } = useGate();
  const n = (v: number) => formatCount(v, lang);
  switch (state.phase) {
    case 'idle':
      return null;
    case 'starting':
      return <p role="status">{t('export.starting')}</p>;
    case 'running': {
      const percent = progressPercent(state.written, state.total);
      return (
        <div className="export__progress" data-testid="export-progress" data-written={state.written} data-total={state.total}>
          <progress max={100} value={percent ?? undefined} aria-label={t('export.title')} />
          <span role="status">{t('export.progress', { written: n(state.written), total: n(state.total) })}</span>
          <button type="button" className="danger" data-testid="export-cancel" onClick={onCancel}>
            {t('export.cancel')}
          </button>
        </div>
      );
    }
    case 'done':
      return (
        <p className="notice" data-testid="export-done" data-path={state.result.path} data-rows={state.result.rows} role="status">
          {t('export.done', { rows: n(state.result.rows), path: state.result.path })}
        </p>
      );
    case 'cancelled':
      return (
        <p className="notice" data-testid="export-cancelled" role="status">
          {t('export.cancelled')}
        </p>
      );
    case 'failed':
      return (
        <div className="inline-error" data-testid="export-failed" data-code={state.reason ?? state.code} role="alert">
          <p>{state.reason ? t(`export.failed.${state.reason}`) : t(`error.${state.code}`)}</p>
          <p className="report__muted">{t('export.failedDetail', { message: state.message })}</p>
        </div>
      );
  }
}

/** The entry log written straight to a folder on the gate computer (a USB stick), with progress. */
export function ExportSection() {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  const job = useExportJob();
  const [form, setForm] = useState<Form>(() => {
    const today = todayInZone(info.timeZone);
    return { format: 'csv', from: today, to: today, building: '', decision: '', person: '' };
  });
  const [folder, setFolder] = useState('');

  useEffect(() => {
    let live = true;
    client.call('export:defaults', {}).then(
      (d) => {
        // A folder typed before the answer came wins.
        if (live) setFolder((f) => f || d.folder);
      },
      (err: unknown) => {
        if (live) reportError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [client, reportError]);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const busy = job.state.phase === 'starting' || job.state.phase === 'running';
  const badRange = form.from !== '' && form.to !== '' && form.from > form.to;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || badRange || !folder.trim()) return;
    void job.start({ format: form.format, folder: folder.trim(), filter: toFilter(form) });
  };

  return (
    <section className="desk__panel" data-testid="export-section">
      <h3>{t('export.title')}</h3>
      <p className="notice" data-testid="export-masked">
        {t('export.masked')}
      </p>
      <form className="export" onSubmit={submit}>
        <div className="filters">
          <label>
            {t('export.format')}
            <select data-testid="export-format" value={form.format} onChange={(e) => set('format', e.target.value as ExportFormat)}>
              <option value="csv">{t('export.csv')}</option>
              <option value="xlsx">{t('export.xlsx')}</option>
            </select>
          </label>
          <label>
            {t('log.from')}
            <input type="date" data-testid="export-from" value={form.from} onChange={(e) => set('from', e.target.value)} />
          </label>
          <label>
            {t('log.to')}
            <input type="date" data-testid="export-to" value={form.to} onChange={(e) => set('to', e.target.value)} />
          </label>
          <label>
            {t('log.building')}
            <select data-testid="export-building" value={form.building} onChange={(e) => set('building', e.target.value)}>
              <option value="">{t('log.buildingAll')}</option>
              {info.buildings.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('log.decision')}
            <select
              data-testid="export-decision"
              value={form.decision}
              onChange={(e) => set('decision', e.target.value as Form['decision'])}
            >
              <option value="">{t('log.decisionAll')}</option>
              <option value="admit">{t('logDecision.admit')}</option>
              <option value="deny">{t('logDecision.deny')}</option>
              <option value="refer">{t('logDecision.refer')}</option>
            </select>
          </label>
          <label>
            {t('export.person')}
            <input
              type="text"
              data-testid="export-person"
              maxLength={64}
              value={form.person}
              onChange={(e) => set('person', e.target.value)}
            />
          </label>
        </div>
        <label className="export__folder">
          {t('export.folder')}
          <input
            type="text"
            data-testid="export-folder"
            maxLength={4096}
            spellCheck={false}
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
          />
          <span className="report__muted">{t('export.folderHint')}</span>
        </label>
        {badRange ? (
          <p className="inline-error" role="alert">
            {t('report.badRange')}
          </p>
        ) : null}
        <button type="submit" className="primary" data-testid="export-start" disabled={busy || badRange || !folder.trim()}>
          {t('export.start')}
        </button>
      </form>
      <ExportStatus state={job.state} onCancel={() => void job.cancel()} />
    </section>
  );
}
