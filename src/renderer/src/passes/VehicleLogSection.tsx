import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { GateCallError } from '../../../shared/contract';
import type { VehicleEventView } from '../../../shared/passes';
import { useGate, useReportError } from '../hooks/gateContext';
import { formatDateTime } from '../i18n/format';
import { findHousehold } from './findHousehold';

/** The vehicle in/out log, and registering a resident's plate on the roster. */
export function VehicleLogSection() {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  const [rows, setRows] = useState<VehicleEventView[]>([]);
  const [form, setForm] = useState({ building: info.buildings[0] ?? '', room: '', plate: '' });
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setRows(await client.call('vehicle:list', { limit: 100 }));
    } catch (err) {
      reportError(err);
    }
  }, [client, reportError]);

  useEffect(() => {
    let live = true;
    client.call('vehicle:list', { limit: 100 }).then((r) => live && setRows(r), reportError);
    const off = client.on('vehicle:updated', () => void load());
    return () => {
      live = false;
      off();
    };
  }, [client, load, reportError]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      const household = await findHousehold(client, form.building, form.room);
      if (!household) return setMessage(t('tempPass.pickHousehold'));
      const r = await client.call('vehicle:addResident', { householdId: household.id, plate: form.plate });
      setMessage(t('vehicle.resident', { household: r.household?.label ?? '' }) + ` · ${r.plate}`);
      setForm({ ...form, plate: '' });
    } catch (err) {
      const problem = err instanceof GateCallError ? (err.details as { problem?: string } | undefined)?.problem : undefined;
      if (problem) setMessage(t(`vehicle.problem.${problem}`, { defaultValue: t('vehicle.problem.bad_serial') }));
      else reportError(err);
    }
  };

  return (
    <section className="passes__section" data-testid="vehicle-section">
      <h2>{t('vehicle.log')}</h2>
      <form className="passes__form" onSubmit={(e) => void add(e)}>
        <h3>{t('vehicle.residentPlates')}</h3>
        <label>
          {t('tempPass.building')}
          <select value={form.building} onChange={(e) => setForm({ ...form, building: e.target.value })}>
            {info.buildings.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('tempPass.room')}
          <input required maxLength={32} data-testid="resident-plate-room" value={form.room} onChange={(e) => setForm({ ...form, room: e.target.value })} />
        </label>
        <label>
          {t('vehicle.plate')}
          <input required maxLength={16} data-testid="resident-plate" value={form.plate} onChange={(e) => setForm({ ...form, plate: e.target.value })} />
        </label>
        <button type="submit" data-testid="resident-plate-add">
          {t('vehicle.add')}
        </button>
        {message ? (
          <p role="status" data-testid="resident-plate-message">
            {message}
          </p>
        ) : null}
      </form>
      {rows.length === 0 ? (
        <p>{t('vehicle.noLog')}</p>
      ) : (
        <table className="table" data-testid="vehicle-log">
          <thead>
            <tr>
              <th>{t('vehicle.col.time')}</th>
              <th>{t('vehicle.col.plate')}</th>
              <th>{t('vehicle.col.direction')}</th>
              <th>{t('vehicle.col.kind')}</th>
              <th>{t('vehicle.col.household')}</th>
              <th>{t('vehicle.col.occupants')}</th>
              <th>{t('vehicle.col.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr key={v.id} data-vehicle={v.id} data-decision={v.decision ?? 'open'}>
                <td className="nowrap">{formatDateTime(v.occurredAt, info.timeZone)}</td>
                <td className="mono">{v.plate}</td>
                <td>{t(`direction.${v.direction}`)}</td>
                <td>{t(`vehicle.kind.${v.kind}`)}</td>
                <td>{v.household ?? '—'}</td>
                <td>{v.occupants.map((o) => `${o.residentName ?? '—'}(${t(`logDecision.${o.decision}`)})`).join(t('list.separator'))}</td>
                <td>
                  {v.decision ? t(`logDecision.${v.decision}`) : t('vehicle.decision.open')}
                  {v.reasons.length ? ` · ${v.reasons.map((r) => t(`vehicle.reason.${r}`)).join(t('list.separator'))}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
