import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdLookupMatch, PurgeReportView, RetentionView, RevealField } from '../../../shared/privacy';
import { useGate, useReportError } from '../hooks/gateContext';
import { formatDateTime } from '../i18n/format';
import { requestApproval } from '../staff/staffBus';
import { householdLabel } from '../util/household';

/** How long a revealed value stays on screen: long enough to copy onto a form, short enough not to be left up. */
const REVEAL_SECONDS = 30;
const ID_SHAPE = /^[1-9]\d{16}[\dXx]$/;

type Shown = { residentId: string; field: RevealField; value: string; approver: string; left: number };

/**
 * The manager's privacy desk: find a resident by ID number (masked answers), show one full value
 * with a second person's PIN, and the retention periods with the purge reports.
 */
export function PrivacySection() {
  return (
    <div className="desk__pair">
      <FindById />
      <Retention />
    </div>
  );
}

function FindById() {
  const { t } = useTranslation();
  const { client } = useGate();
  const reportError = useReportError();
  const [idNumber, setIdNumber] = useState('');
  const [matches, setMatches] = useState<IdLookupMatch[] | null>(null);
  const [bad, setBad] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);

  useEffect(() => {
    if (!shown) return undefined;
    const timer = setTimeout(() => setShown((s) => (s && s.left > 1 ? { ...s, left: s.left - 1 } : null)), 1000);
    return () => clearTimeout(timer);
  }, [shown]);

  const find = async () => {
    const id = idNumber.trim();
    setShown(null);
    if (!ID_SHAPE.test(id)) {
      setBad(true);
      setMatches(null);
      return;
    }
    setBad(false);
    try {
      setMatches(await client.call('privacy:findByIdNumber', { idNumber: id }));
      // The number typed is as sensitive as the one shown: it does not stay in the box.
      setIdNumber('');
    } catch (err) {
      reportError(err);
    }
  };

  const reveal = async (residentId: string, field: RevealField) => {
    await requestApproval(
      'full_id_view',
      async ({ approval }) => {
        const r = await client.call('privacy:reveal', { residentId, field, approval });
        setShown({ residentId, field, value: r.value, approver: r.approverName, left: REVEAL_SECONDS });
      },
      false,
    );
  };

  return (
    <section className="desk__panel" data-testid="privacy-find">
      <h3>{t('privacy.find.title')}</h3>
      <p className="notice">{t('privacy.find.hint')}</p>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <label>
          {t('privacy.find.label')}
          <input
            data-testid="privacy-id-input"
            value={idNumber}
            maxLength={18}
            autoComplete="off"
            inputMode="text"
            onChange={(e) => setIdNumber(e.target.value)}
          />
        </label>
        <button type="submit" data-testid="privacy-find-submit">
          {t('privacy.find.submit')}
        </button>
      </form>
      {bad ? (
        <p className="notice" role="alert">
          {t('privacy.find.bad')}
        </p>
      ) : null}
      {matches && matches.length === 0 ? <p data-testid="privacy-find-none">{t('privacy.find.none')}</p> : null}
      {matches && matches.length > 0 ? (
        <ul className="lookup__results">
          {matches.map((m) => (
            <li key={m.residentId} data-testid="privacy-match" data-resident-id={m.residentId}>
              <span className="lookup__household">{householdLabel(m.household)}</span> <span className="lookup__name">{m.name}</span>{' '}
              <span data-testid="privacy-match-id">{m.idNumberMasked}</span>{' '}
              <button type="button" data-testid="privacy-reveal-id" onClick={() => void reveal(m.residentId, 'idNumber')}>
                {t('privacy.reveal.id')}
              </button>{' '}
              <button type="button" data-testid="privacy-reveal-phone" onClick={() => void reveal(m.residentId, 'phone')}>
                {t('privacy.reveal.phone')}
              </button>
              {shown && shown.residentId === m.residentId ? (
                <p className="notice" data-testid="privacy-revealed" data-field={shown.field}>
                  {t('privacy.reveal.shown', {
                    field: t(`privacy.field.${shown.field}`),
                    value: shown.value,
                    approver: shown.approver,
                    seconds: shown.left,
                  })}{' '}
                  <button type="button" onClick={() => setShown(null)}>
                    {t('privacy.reveal.hide')}
                  </button>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

type RetentionLabel =
  | 'privacy.retention.entryLog'
  | 'privacy.retention.visitors'
  | 'privacy.retention.returnees'
  | 'privacy.retention.parcels'
  | 'privacy.retention.presence'
  | 'privacy.retention.audit'
  | 'privacy.retention.purgeReports';
const RETENTION_ROWS: readonly [keyof RetentionView, RetentionLabel][] = [
  ['entryLogDays', 'privacy.retention.entryLog'],
  ['visitorDays', 'privacy.retention.visitors'],
  ['returneeDays', 'privacy.retention.returnees'],
  ['parcelDays', 'privacy.retention.parcels'],
  ['presenceDays', 'privacy.retention.presence'],
  ['auditDays', 'privacy.retention.audit'],
  ['purgeReportDays', 'privacy.retention.purgeReports'],
];

function Retention() {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  const [retention, setRetention] = useState<RetentionView | null>(null);
  const [reports, setReports] = useState<PurgeReportView[] | null>(null);
  const [busy, setBusy] = useState(false);

  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([client.call('privacy:retention', {}), client.call('privacy:purgeReports', { limit: 10 })]).then(
      ([r, p]) => {
        if (!live) return;
        setRetention(r);
        setReports(p);
      },
      (err: unknown) => {
        if (live) reportError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [client, reloads, reportError]);

  const purgeNow = async () => {
    setBusy(true);
    try {
      await client.call('privacy:purgeNow', {});
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
      setReloads((n) => n + 1);
    }
  };

  return (
    <section className="desk__panel" data-testid="privacy-retention">
      <h3>{t('privacy.retention.title')}</h3>
      <p className="notice">{t('privacy.retention.hint')}</p>
      {retention ? (
        <table>
          <tbody>
            {RETENTION_ROWS.map(([key, label]) => (
              <tr key={key}>
                <th scope="row">{t(label)}</th>
                <td data-testid={`retention-${key}`}>{t('privacy.retention.days', { days: retention[key] })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h3>{t('privacy.purge.title')}</h3>
      <button type="button" data-testid="privacy-purge-now" disabled={busy} onClick={() => void purgeNow()}>
        {busy ? t('privacy.purge.running') : t('privacy.purge.now')}
      </button>
      {reports && reports.length === 0 ? <p>{t('privacy.purge.none')}</p> : null}
      {reports && reports.length > 0 ? (
        <table data-testid="purge-reports">
          <thead>
            <tr>
              <th>{t('privacy.purge.when')}</th>
              <th>{t('privacy.purge.cause')}</th>
              <th>{t('privacy.purge.removed')}</th>
              <th>{t('privacy.purge.kept')}</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id} data-testid="purge-report" data-cause={r.cause}>
                <td>{formatDateTime(r.ranAt, info.timeZone)}</td>
                <td>{t(`privacy.purge.cause.${r.cause}`)}</td>
                <td>{t('privacy.purge.counts', r.counts)}</td>
                <td>{r.keptUnsynced}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
