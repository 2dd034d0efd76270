import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../../shared/contract';
import { ImportReportView } from '../components/ImportReportView';
import { toShownError, useGate, type ShownError } from '../hooks/gateContext';
import { useSyncStatus } from '../sync/useSyncStatus';
import { arrayBufferToBase64, base64Length } from '../util/base64';
import { fileImportError } from '../util/fileImportError';

/** Same cap as the contract's, checked here so a huge file fails before it is encoded and sent. */
const MAX_BASE64 = 30 * 1024 * 1024;

type Loaded = { fileName: string; dataBase64: string };
type Phase = 'idle' | 'reading' | 'checking' | 'importing';

export function RosterScreen() {
  const { t } = useTranslation();
  const { client, info, refreshInfo } = useGate();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [error, setError] = useState<ShownError | 'too_large' | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  // Enrolled with the committee hub: the roster is the committee's, and the core refuses imports.
  const fromHub = useSyncStatus().status?.enrolled === true;

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    const file = input.files?.[0];
    // Cleared so that choosing the same file again after fixing it still fires `change`.
    input.value = '';
    setLoaded(null);
    setReport(null);
    setResult(null);
    setError(null);
    if (!file) return;
    if (base64Length(file.size) > MAX_BASE64) {
      setError('too_large');
      return;
    }
    try {
      setPhase('reading');
      const next = { fileName: file.name, dataBase64: arrayBufferToBase64(await file.arrayBuffer()) };
      setPhase('checking');
      // Dry run first: the committee sees every problem before anything changes.
      const dry = await client.call('roster:import', { ...next, mode: 'all_or_nothing', dryRun: true });
      setLoaded(next);
      setReport(dry);
    } catch (err) {
      setError(toShownError(fileImportError(err, t), Date.now()));
    } finally {
      setPhase('idle');
    }
  };

  const commit = async (mode: 'all_or_nothing' | 'valid_rows') => {
    if (!loaded) return;
    setError(null);
    setPhase('importing');
    try {
      const done = await client.call('roster:import', { ...loaded, mode, dryRun: false });
      setResult(done);
      refreshInfo();
    } catch (err) {
      setError(toShownError(fileImportError(err, t), Date.now()));
    } finally {
      setPhase('idle');
    }
  };

  const busy = phase !== 'idle';
  const hasProblems = (report?.problems.length ?? 0) > 0;
  return (
    <section className="screen roster" data-testid="roster-screen">
      <h2 className="screen__title">{t('roster.title')}</h2>
      <p data-testid="roster-counts">
        {t('roster.counts', {
          households: info.counts.households,
          residents: info.counts.residents,
          passes: info.counts.passes,
        })}
      </p>
      {fromHub ? (
        <p className="notice" data-testid="roster-from-hub" role="status">
          {t('sync.roster.fromHub')}
        </p>
      ) : null}
      <label className="roster__file">
        {t('roster.file')}
        <input
          type="file"
          data-testid="roster-file"
          accept=".csv,.xlsx"
          disabled={busy || fromHub}
          onChange={(e) => void pick(e)}
        />
      </label>
      {phase === 'reading' ? <p role="status">{t('roster.reading')}</p> : null}
      {phase === 'checking' ? <p role="status">{t('roster.checking')}</p> : null}
      {phase === 'importing' ? <p role="status">{t('roster.importing')}</p> : null}
      {error ? (
        <div
          className="inline-error"
          data-testid="import-error"
          data-code={error === 'too_large' ? 'too_large' : error.code}
          role="alert"
        >
          {error === 'too_large' ? (
            t('roster.tooLarge')
          ) : (
            <>
              <strong>{t(`error.${error.code}`)}</strong>
              {error.message ? <span> {t('roster.errorDetail', { message: error.message })}</span> : null}
            </>
          )}
        </div>
      ) : null}
      {report ? <ImportReportView report={report} /> : null}
      {report && !result ? (
        <div className="roster__actions">
          <button
            type="button"
            className="primary"
            data-testid="import-all"
            disabled={busy || hasProblems}
            onClick={() => void commit('all_or_nothing')}
          >
            {t('roster.importAll')}
          </button>
          <button
            type="button"
            data-testid="import-valid"
            disabled={busy || report.validRows === 0}
            onClick={() => void commit('valid_rows')}
          >
            {t('roster.importValid')}
          </button>
        </div>
      ) : null}
      {result ? (
        <p
          className="notice"
          data-testid="import-result"
          data-imported={String(result.imported)}
          role="status"
        >
          {result.imported
            ? t('roster.imported', { rows: result.importedRows, households: result.households })
            : t('roster.notImported')}
        </p>
      ) : null}
    </section>
  );
}
