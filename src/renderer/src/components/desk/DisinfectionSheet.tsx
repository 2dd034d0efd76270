import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisinfectionRecord } from '../../../../shared/report';
import { useGate, useReportError } from '../../hooks/gateContext';
import { formatDateTime, isoToLocalInput, localInputToIso } from '../../i18n/format';

type Draft = { place: string; time: string; person: string; agent: string };

/** 消毒记录单: what was disinfected, when (on the gate's clock), by whom and with what. */
export function DisinfectionSheet({ date, by }: { date: string; by: string }) {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  const tz = info.timeZone;
  const [draft, setDraft] = useState<Draft>(() => ({ place: '', time: isoToLocalInput(new Date(), tz), person: '', agent: '' }));
  const [records, setRecords] = useState<{ date: string; rows: DisinfectionRecord[] } | null>(null);
  const [reloads, setReloads] = useState(0);
  const [saving, setSaving] = useState(false);
  const [invalid, setInvalid] = useState(false);

  useEffect(() => {
    if (!date) return undefined;
    let live = true;
    client.call('disinfection:list', { from: date, to: date }).then(
      (rows) => {
        if (live) setRecords({ date, rows });
      },
      (err: unknown) => {
        if (live) reportError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [client, date, reloads, reportError]);

  const set = (key: keyof Draft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setInvalid(false);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const doneAt = localInputToIso(draft.time, tz);
    const person = draft.person.trim() || by;
    if (!doneAt || !draft.place.trim() || !person || !draft.agent.trim()) {
      setInvalid(true);
      return;
    }
    setSaving(true);
    try {
      await client.call('disinfection:add', {
        place: draft.place.trim(),
        doneAt,
        person,
        agent: draft.agent.trim(),
        ...(by ? { recordedBy: by } : {}),
      });
      // Keep the agent: the next place is usually done with the same one.
      setDraft((d) => ({ ...d, place: '', time: isoToLocalInput(new Date(), tz) }));
      setReloads((n) => n + 1);
    } catch (err) {
      reportError(err);
    } finally {
      setSaving(false);
    }
  };

  const rows = records && records.date === date ? records.rows : null;
  return (
    <section className="desk__panel" data-testid="disinfection">
      <h3>{t('disinfection.title')}</h3>
      <form className="filters" data-testid="disinfection-form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('disinfection.place')}
          <input type="text" data-testid="disinfection-place" maxLength={100} value={draft.place} onChange={(e) => set('place', e.target.value)} />
        </label>
        <label>
          {t('disinfection.time')}
          <input type="datetime-local" data-testid="disinfection-time" value={draft.time} onChange={(e) => set('time', e.target.value)} />
        </label>
        <label>
          {t('disinfection.person')}
          <input
            type="text"
            data-testid="disinfection-person"
            maxLength={40}
            placeholder={by}
            value={draft.person}
            onChange={(e) => set('person', e.target.value)}
          />
        </label>
        <label>
          {t('disinfection.agent')}
          <input type="text" data-testid="disinfection-agent" maxLength={100} value={draft.agent} onChange={(e) => set('agent', e.target.value)} />
        </label>
        <button type="submit" className="primary" data-testid="disinfection-add" disabled={saving}>
          {t('disinfection.add')}
        </button>
      </form>
      {invalid ? (
        <p className="inline-error" data-testid="disinfection-invalid" role="alert">
          {t('disinfection.invalid')}
        </p>
      ) : null}
      {rows && rows.length === 0 ? <p className="report__muted">{t('disinfection.empty')}</p> : null}
      {rows && rows.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>{t('disinfection.time')}</th>
              <th>{t('disinfection.place')}</th>
              <th>{t('disinfection.person')}</th>
              <th>{t('disinfection.agent')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="disinfection-row">
                <td>{formatDateTime(r.doneAt, tz)}</td>
                <td>{r.place}</td>
                <td>{r.person}</td>
                <td>{r.agent}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
