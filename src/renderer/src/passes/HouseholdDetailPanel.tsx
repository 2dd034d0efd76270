import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdDetail, StatusEntry } from '../../../shared/passes';
import { useGate, useReportError } from '../hooks/gateContext';
import { formatDateTime, formatTemperature } from '../i18n/format';
import { reasonText } from '../i18n/reasons';
import { householdLabel } from '../util/household';
import { PresenceLines } from './PresenceLines';

type Props = { householdId: string; statuses: StatusEntry[]; canChange: boolean; onClose: () => void };

/** One household: members (masked), who is out, status history, recent checks, committee change. */
export function HouseholdDetailPanel({ householdId, statuses, canChange, onClose }: Props) {
  const { t } = useTranslation();
  const { client, info, lang } = useGate();
  const reportError = useReportError();
  const [detail, setDetail] = useState<HouseholdDetail | null>(null);
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const d = await client.call('household:detail', { householdId });
      setDetail(d);
      setStatus(d.status);
    } catch (err) {
      reportError(err);
    }
  }, [client, householdId, reportError]);

  useEffect(() => {
    let live = true;
    client.call('household:detail', { householdId }).then((d) => {
      if (!live) return;
      setDetail(d);
      setStatus(d.status);
    }, reportError);
    const off = client.on('household:changed', (e) => {
      if (e.householdId === householdId) void load();
    });
    return () => {
      live = false;
      off();
    };
  }, [client, householdId, load, reportError]);

  const statusName = (code: string) => {
    const s = statuses.find((x) => x.code === code);
    return s ? (lang === 'en' ? s.labelEn : s.labelZh) : code;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      setDetail(await client.call('household:setStatus', { householdId, status, note: note.trim() }));
      setNote('');
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const label = detail ? householdLabel(detail) : '';
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="hh-title" data-testid="household-detail">
      <div className="overlay__panel household-detail">
        <header className="overlay__header">
          <h2 id="hh-title">{t('detail.title', { label })}</h2>
          <button type="button" data-testid="household-close" onClick={onClose}>
            {t('detail.close')}
          </button>
        </header>
        {detail ? (
          <>
            <p data-testid="household-status" data-status={detail.status}>
              {statusName(detail.status)}
            </p>
            <h3>{t('detail.members')}</h3>
            <ul data-testid="household-members">
              {detail.members.map((m) => (
                <li key={m.residentId}>
                  {m.name} · {statusName(m.status)}
                </li>
              ))}
            </ul>
            <PresenceLines presence={detail.presence} />
            {detail.plates.length ? (
              <p>
                {t('detail.plates')}: <span className="mono">{detail.plates.join('、')}</span>
              </p>
            ) : null}
            {canChange ? (
              <form className="household-detail__change" onSubmit={(e) => void save(e)}>
                <h3>{t('detail.setStatus')}</h3>
                <select data-testid="household-new-status" value={status} onChange={(e) => setStatus(e.target.value)}>
                  {statuses.map((s) => (
                    <option key={s.code} value={s.code}>
                      {lang === 'en' ? s.labelEn : s.labelZh}
                    </option>
                  ))}
                </select>
                <input
                  data-testid="household-note"
                  placeholder={t('detail.note')}
                  maxLength={200}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />
                <button type="submit" data-testid="household-save" disabled={busy || status === detail.status}>
                  {t('detail.save')}
                </button>
              </form>
            ) : null}
            <h3>{t('detail.history')}</h3>
            {detail.history.length === 0 ? (
              <p>{t('detail.noHistory')}</p>
            ) : (
              <ul data-testid="household-history">
                {detail.history.map((h) => (
                  <li key={`${h.at}-${h.to}`}>
                    {formatDateTime(h.at, info.timeZone)} · {h.from ? statusName(h.from) : '—'} → {statusName(h.to)} ·{' '}
                    {t(`detail.source.${h.source}`)}
                    {h.note ? ` · ${h.note}` : ''}
                  </li>
                ))}
              </ul>
            )}
            <h3>{t('detail.checks')}</h3>
            {detail.recentChecks.length === 0 ? (
              <p>{t('detail.noChecks')}</p>
            ) : (
              <ul data-testid="household-checks">
                {detail.recentChecks.map((c) => (
                  <li key={c.id}>
                    {formatDateTime(c.occurredAt, info.timeZone)} · {t(`direction.${c.direction}`)} · {c.residentName ?? '—'} ·{' '}
                    {t(`logDecision.${c.decision}`)}
                    {c.temperatureC !== null ? ` · ${formatTemperature(c.temperatureC)}` : ''}
                    {c.reasons.length ? ` · ${c.reasons.map((r) => reasonText(t, r)).join(t('list.separator'))}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : null}
      </div>
    </div>
  );
}
