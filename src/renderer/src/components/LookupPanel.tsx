import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResidentSummary } from '../../../shared/contract';
import { useGate, useReportError } from '../hooks/gateContext';
import { householdLabel } from '../util/household';
import { StatusBadge } from './StatusBadge';

type Props = { onPick: (residentId: string) => void; onClose: () => void };

/** For a resident without a pass: the guard finds the household, then the person. */
export function LookupPanel({ onPick, onClose }: Props) {
  const { t } = useTranslation();
  const { client, info, lang } = useGate();
  const reportError = useReportError();
  const [building, setBuilding] = useState('');
  const [room, setRoom] = useState('');
  const [name, setName] = useState('');
  const [results, setResults] = useState<ResidentSummary[] | null>(null);
  const [needCriteria, setNeedCriteria] = useState(false);
  const [busy, setBusy] = useState(false);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    const query = {
      ...(building ? { building } : {}),
      ...(room.trim() ? { room: room.trim() } : {}),
      ...(name.trim() ? { name: name.trim() } : {}),
    };
    // An empty query would list the whole roster on a screen residents can see.
    setNeedCriteria(Object.keys(query).length === 0);
    if (Object.keys(query).length === 0) return;
    setBusy(true);
    try {
      setResults(await client.call('roster:search', query));
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const statusOf = (code: string) => info.statuses.find((s) => s.code === code) ?? null;

  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="lookup-title"
      data-testid="lookup-panel"
    >
      <div className="overlay__panel lookup">
        <header className="overlay__header">
          <h2 id="lookup-title">{t('lookup.title')}</h2>
          <button type="button" data-testid="lookup-close" onClick={onClose}>
            {t('lookup.close')}
          </button>
        </header>
        <form className="lookup__form" onSubmit={search}>
          <label>
            {t('lookup.building')}
            <select
              data-testid="lookup-building"
              value={building}
              onChange={(e) => setBuilding(e.target.value)}
            >
              <option value="">{t('lookup.anyBuilding')}</option>
              {info.buildings.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('lookup.room')}
            <input
              data-testid="lookup-room"
              value={room}
              maxLength={32}
              autoComplete="off"
              onChange={(e) => setRoom(e.target.value)}
            />
          </label>
          <label>
            {t('lookup.name')}
            <input
              data-testid="lookup-name"
              value={name}
              maxLength={64}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <button type="submit" data-testid="lookup-search" disabled={busy}>
            {t('lookup.search')}
          </button>
        </form>
        {needCriteria ? (
          <p className="lookup__hint" role="alert">
            {t('lookup.needCriteria')}
          </p>
        ) : null}
        {results && results.length === 0 ? (
          <p className="lookup__hint" data-testid="lookup-empty">
            {t('lookup.empty')}
          </p>
        ) : null}
        {results && results.length > 0 ? (
          <ul className="lookup__results">
            {results.map((r) => {
              const status = statusOf(r.status);
              return (
                <li key={r.residentId}>
                  <button
                    type="button"
                    className="lookup__result"
                    data-testid="lookup-result"
                    data-resident-id={r.residentId}
                    onClick={() => onPick(r.residentId)}
                  >
                    <span className="lookup__household">{householdLabel(r.household)}</span>
                    <span className="lookup__name">{r.name}</span>
                    <span className="summary__tag">{t(`residency.${r.residency}`)}</span>
                    {status ? (
                      <StatusBadge status={status} lang={lang} testId="lookup-status" />
                    ) : (
                      <span>{r.status}</span>
                    )}
                    {r.phoneLast4 ? (
                      <span className="lookup__phone">{t('lookup.phone', { last4: r.phoneLast4 })}</span>
                    ) : null}
                  </button>
                </li>
              );
            })}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
