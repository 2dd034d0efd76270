import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuarantineItem, SyncEnrolInput } from '../../../shared/sync';
import { toShownError, useGate, type ShownError } from '../hooks/gateContext';
import { formatDateTime } from '../i18n/format';
import { formatAge } from './age';
import { listenForEnrolmentQr } from './enrolScan';
import { useSyncStatus } from './useSyncStatus';
import './sync.css';

type Outcome =
  | { kind: 'enrolled'; compound: string; gate: string }
  | { kind: 'synced' }
  | { kind: 'retried'; released: number; still: number }
  | { kind: 'needHub' }
  | { kind: 'error'; error: ShownError }
  | null;

const SYNC_ERRORS = ['invalid_input', 'conflict', 'forbidden', 'unavailable', 'not_found'] as const;
type SyncErrorCode = (typeof SYNC_ERRORS)[number];
const isSyncError = (code: string): code is SyncErrorCode => (SYNC_ERRORS as readonly string[]).includes(code);

/** The enrolment text as the contract wants it: a QR payload as is, a bare code with the hub address. */
export function enrolInput(text: string, hubUrl: string): SyncEnrolInput | null {
  const qr = text.trim();
  const hub = hubUrl.trim();
  if (qr.startsWith('gatehouse://')) return { qr };
  if (!hub) return null;
  return { hubUrl: hub, code: qr };
}

/**
 * Committee sync on the settings screen: where this gate stands with the hub, enrolment (paste or
 * scan the committee's QR into the box), "sync now", and the records the hub refused with a retry.
 */
export function SyncSettingsSection({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const { client, info, refreshInfo } = useGate();
  const { status, refresh } = useSyncStatus();
  const [text, setText] = useState('');
  const [hubUrl, setHubUrl] = useState('');
  const [busy, setBusy] = useState<null | 'enrol' | 'sync' | 'retry'>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [quarantine, setQuarantine] = useState<{ count: number; items: QuarantineItem[] } | null>(null);
  const [showEnrol, setShowEnrol] = useState(false);

  const loadQuarantine = useCallback(() => {
    client.call('sync:quarantine', { limit: 100 }).then(setQuarantine, () => setQuarantine(null));
  }, [client]);
  // A QR read by the gate's scanner or webcam lands here (see enrolScan.ts); staff then press Enrol.
  useEffect(
    () =>
      listenForEnrolmentQr((qr) => {
        setText(qr);
        setShowEnrol(true);
        setOutcome(null);
      }),
    [],
  );
  const quarantined = status?.quarantined ?? 0;
  useEffect(() => {
    if (active) loadQuarantine();
  }, [active, quarantined, loadQuarantine]);

  const run = async (what: 'enrol' | 'sync' | 'retry', fn: () => Promise<Outcome>): Promise<void> => {
    setBusy(what);
    setOutcome(null);
    try {
      setOutcome(await fn());
    } catch (err) {
      setOutcome({ kind: 'error', error: toShownError(err, Date.now()) });
    } finally {
      setBusy(null);
      refresh();
    }
  };

  const enrol = () => {
    const input = enrolInput(text, hubUrl);
    if (!input) {
      setOutcome({ kind: 'needHub' });
      return;
    }
    void run('enrol', async () => {
      const r = await client.call('sync:enrol', input);
      setText('');
      setShowEnrol(false);
      refreshInfo(); // the roster and scheme now come from the hub
      return { kind: 'enrolled', compound: r.compoundName, gate: r.gateName };
    });
  };
  const syncNow = () =>
    void run('sync', async () => {
      await client.call('sync:now', {});
      refreshInfo();
      return { kind: 'synced' };
    });
  const retry = () =>
    void run('retry', async () => {
      const r = await client.call('sync:retryQuarantine', {});
      loadQuarantine();
      return { kind: 'retried', released: r.released, still: r.still };
    });

  const when = (iso: string | null) => (iso ? formatDateTime(iso, info.timeZone) : t('sync.never'));
  const enrolled = status?.enrolled ?? false;

  return (
    <section className="sync-settings" data-testid="sync-settings" aria-labelledby="sync-settings-title">
      <h3 id="sync-settings-title">{t('sync.title')}</h3>
      {!status ? (
        <p role="status">{t('sync.loading')}</p>
      ) : (
        <dl className="sync-settings__facts">
          <dt>{t('sync.field.state')}</dt>
          <dd data-testid="sync-state" data-state={status.state}>
            {t(`sync.state.${status.state}`)}
          </dd>
          {enrolled ? (
            <>
              <dt>{t('sync.field.hub')}</dt>
              <dd data-testid="sync-hub">{status.hubUrl}</dd>
              <dt>{t('sync.field.lastPush')}</dt>
              <dd>{when(status.lastPushAt)}</dd>
              <dt>{t('sync.field.lastPull')}</dt>
              <dd>{when(status.lastPullAt)}</dd>
              <dt>{t('sync.field.backlog')}</dt>
              <dd data-testid="sync-backlog" className={status.unsentAlarm ? 'sync-settings__warn' : undefined}>
                {status.backlog === 0
                  ? t('sync.backlogNone')
                  : t('sync.backlogCount', { n: status.backlog, time: when(status.oldestUnsentAt) })}
              </dd>
              <dt>{t('sync.field.roster')}</dt>
              <dd className={status.rosterStale ? 'sync-settings__warn' : undefined}>
                {status.rosterAsOf ? t('roster.as_of', { time: when(status.rosterAsOf) }) : t('sync.rosterNever')}
                {status.rosterCurrent ? ` ${t('sync.rosterCurrent')}` : null}
              </dd>
              <dt>{t('sync.field.clock')}</dt>
              <dd className={status.skewed ? 'sync-settings__warn' : undefined} data-testid="sync-clock">
                {status.skewed && status.clockSkewMs !== null
                  ? t('sync.clockSkewed', { age: formatAge(t, Math.abs(status.clockSkewMs) / 1000) })
                  : t('sync.clockOk')}
              </dd>
              {status.lastError ? (
                <>
                  <dt>{t('sync.field.lastError')}</dt>
                  <dd data-testid="sync-last-error">
                    {status.lastError.code}: {status.lastError.message}
                  </dd>
                </>
              ) : null}
            </>
          ) : null}
        </dl>
      )}
      <div className="sync-settings__actions">
        {enrolled ? (
          <button type="button" className="primary" data-testid="sync-now" disabled={busy !== null} onClick={syncNow}>
            {t(busy === 'sync' ? 'sync.syncing' : 'sync.now')}
          </button>
        ) : null}
        {enrolled && !showEnrol ? (
          <button type="button" data-testid="sync-enrol-again" onClick={() => setShowEnrol(true)}>
            {t('sync.enrol.again')}
          </button>
        ) : null}
      </div>
      {status && (!enrolled || showEnrol) ? (
        <form
          className="sync-settings__form"
          onSubmit={(e) => {
            e.preventDefault();
            enrol();
          }}
        >
          <h4>{t('sync.enrol.title')}</h4>
          <p className="settings__hint">{t('sync.enrol.hint')}</p>
          <label>
            {t('sync.enrol.qr')}
            <textarea
              data-testid="sync-enrol-text"
              rows={3}
              value={text}
              maxLength={2048}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          <label>
            {t('sync.enrol.hub')}
            <input
              data-testid="sync-enrol-hub"
              type="url"
              value={hubUrl}
              maxLength={512}
              placeholder="https://"
              onChange={(e) => setHubUrl(e.target.value)}
            />
          </label>
          <div className="sync-settings__actions">
            <button type="submit" className="primary" data-testid="sync-enrol" disabled={busy !== null || !text.trim()}>
              {t(busy === 'enrol' ? 'sync.enrol.working' : 'sync.enrol.submit')}
            </button>
          </div>
        </form>
      ) : null}
      {outcome ? <OutcomeLine outcome={outcome} /> : null}
      {enrolled ? (
        <section aria-labelledby="sync-quarantine-title">
          <h4 id="sync-quarantine-title">{t('sync.quarantine.title')}</h4>
          {!quarantine || quarantine.count === 0 ? (
            <p className="settings__hint" data-testid="sync-quarantine-none">
              {t('sync.quarantine.none')}
            </p>
          ) : (
            <>
              <table data-testid="sync-quarantine">
                <thead>
                  <tr>
                    <th>{t('sync.quarantine.col.time')}</th>
                    <th>{t('sync.quarantine.col.kind')}</th>
                    <th>{t('sync.quarantine.col.seq')}</th>
                    <th>{t('sync.quarantine.col.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {quarantine.items.map((q) => (
                    <tr key={q.eventId}>
                      <td>{formatDateTime(q.quarantinedAt, info.timeZone)}</td>
                      <td>{t(q.kind === 'entry' || q.kind === 'alert' ? `sync.kind.${q.kind}` : 'sync.kind.unknown')}</td>
                      <td>{q.seq}</td>
                      <td>
                        {q.code}: {q.reason}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <button type="button" data-testid="sync-retry" disabled={busy !== null} onClick={retry}>
                {t('sync.quarantine.retry')}
              </button>
            </>
          )}
        </section>
      ) : null}
    </section>
  );
}

function OutcomeLine({ outcome }: { outcome: NonNullable<Outcome> }) {
  const { t } = useTranslation();
  if (outcome.kind === 'error') {
    const code: SyncErrorCode | 'other' = isSyncError(outcome.error.code) ? outcome.error.code : 'other';
    return (
      <p className="inline-error" data-testid="sync-error" data-code={outcome.error.code} role="alert">
        {t(`sync.error.${code}`, { message: outcome.error.message })}
      </p>
    );
  }
  if (outcome.kind === 'needHub') {
    return (
      <p className="inline-error" data-testid="sync-error" data-code="need_hub" role="alert">
        {t('sync.enrol.needHub')}
      </p>
    );
  }
  const text =
    outcome.kind === 'enrolled'
      ? t('sync.enrol.done', { compound: outcome.compound, gate: outcome.gate })
      : outcome.kind === 'synced'
        ? t('sync.synced')
        : t('sync.quarantine.retried', { released: outcome.released, still: outcome.still });
  return (
    <p className="notice" data-testid="sync-outcome" data-kind={outcome.kind} role="status">
      {text}
    </p>
  );
}
