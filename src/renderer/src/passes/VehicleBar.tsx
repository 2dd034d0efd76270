import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { GateCallError } from '../../../shared/contract';
import type { Direction } from '../../../shared/domain';
import type { PlateLookup, VehicleEventView } from '../../../shared/passes';
import { useGate, useReportError } from '../hooks/gateContext';
import { formatTemperature } from '../i18n/format';
import './passes.css';

/** A plate problem the core named (details.problem), worded; other errors go to the toast. */
function plateProblem(err: unknown): string | null {
  if (!(err instanceof GateCallError) || err.code !== 'invalid_input') return null;
  const p = (err.details as { problem?: unknown } | undefined)?.problem;
  return typeof p === 'string' ? p : null;
}

/**
 * The vehicle check on the guard screen (逢车必查): plate, then each occupant through the ordinary
 * scan and temperature check (the core links every check made while the vehicle is open), then
 * done. It sits beside the decision panel, so the guard sees each occupant's decision as usual.
 */
export function VehicleBar({ direction }: { direction: Direction }) {
  const { t } = useTranslation();
  const { client } = useGate();
  const reportError = useReportError();
  const [open, setOpen] = useState(false);
  const [plate, setPlate] = useState('');
  const [found, setFound] = useState<PlateLookup | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [current, setCurrent] = useState<VehicleEventView | null>(null);
  const [last, setLast] = useState<VehicleEventView | null>(null);
  const [host, setHost] = useState({ building: '', room: '', note: '' });

  useEffect(() => {
    let live = true;
    client.call('vehicle:current', {}).then(
      (v) => {
        if (!live) return;
        setCurrent(v);
        if (v) setOpen(true);
      },
      () => {},
    );
    const off = client.on('vehicle:updated', (v) => setCurrent(v));
    return () => {
      live = false;
      off();
    };
  }, [client]);

  const run = async <T,>(fn: () => Promise<T>): Promise<T | null> => {
    try {
      setProblem(null);
      return await fn();
    } catch (err) {
      const p = plateProblem(err);
      if (p) setProblem(p);
      else reportError(err);
      return null;
    }
  };

  const lookup = async (e: FormEvent) => {
    e.preventDefault();
    setLast(null);
    setFound(await run(() => client.call('vehicle:lookup', { plate })));
  };

  const start = async (visitor?: { householdId: string; note: string }) => {
    const v = await run(() => client.call('vehicle:start', { plate, direction, ...(visitor ? { visitor } : {}) }));
    if (v) setCurrent(v);
  };

  const registerVisitor = async (e: FormEvent) => {
    e.preventDefault();
    const residents = await run(() => client.call('roster:search', { building: host.building.trim(), room: host.room.trim() }));
    const householdId = residents?.[0]?.household.id;
    if (!householdId) return setProblem('no_household');
    await start({ householdId, note: host.note.trim() });
  };

  const close = (v: VehicleEventView | null) => {
    if (!v) return;
    setLast(v);
    setCurrent(null);
    setFound(null);
    setPlate('');
  };

  if (!open) {
    return (
      <button type="button" className="tool tool--button" data-testid="vehicle-open" onClick={() => setOpen(true)}>
        {t('vehicle.open')}
      </button>
    );
  }

  return (
    <section className="tool vehicle" data-testid="vehicle-bar" aria-label={t('vehicle.title')}>
      <header className="vehicle__head">
        <b>{t('vehicle.title')}</b>
        {!current ? (
          <button type="button" data-testid="vehicle-close" onClick={() => setOpen(false)}>
            {t('vehicle.close')}
          </button>
        ) : null}
      </header>
      {current ? (
        <div data-testid="vehicle-current" data-plate={current.plate}>
          <p className="vehicle__plate">
            {current.plate} · {t(`vehicle.kind.${current.kind}`)} · {current.household ?? ''}
          </p>
          <p>{t('vehicle.scanOccupants')}</p>
          <p>{t('vehicle.occupants', { n: current.occupants.length })}</p>
          <ol data-testid="vehicle-occupants">
            {current.occupants.map((o) => (
              <li key={o.entryId} data-decision={o.decision}>
                {o.residentName ?? '—'} · {t(`logDecision.${o.decision}`)}
                {o.temperatureC !== null ? ` · ${formatTemperature(o.temperatureC)}` : ''}
              </li>
            ))}
          </ol>
          <div className="vehicle__actions">
            <button type="button" data-testid="vehicle-finish" onClick={() => void run(() => client.call('vehicle:finish', {})).then(close)}>
              {t('vehicle.finish')}
            </button>
            <button type="button" data-testid="vehicle-cancel" onClick={() => void run(() => client.call('vehicle:cancel', {})).then(close)}>
              {t('vehicle.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <>
          <form className="tool__row" onSubmit={(e) => void lookup(e)}>
            <input
              data-testid="vehicle-plate"
              aria-label={t('vehicle.plate')}
              placeholder={t('vehicle.plate')}
              maxLength={16}
              value={plate}
              onChange={(e) => {
                setPlate(e.target.value);
                setFound(null);
              }}
            />
            <button type="submit" data-testid="vehicle-lookup">
              {t('vehicle.lookup')}
            </button>
          </form>
          {found ? (
            found.household ? (
              <div>
                <p data-testid="vehicle-found">{t('vehicle.resident', { household: found.household.label })}</p>
                <button type="button" data-testid="vehicle-start" onClick={() => void start()}>
                  {t('vehicle.start')}
                </button>
              </div>
            ) : (
              <div>
                <p data-testid="vehicle-found" className="vehicle__unknown">
                  {t('vehicle.unknown')}
                </p>
                <button
                  type="button"
                  data-testid="vehicle-refuse"
                  onClick={() => void run(() => client.call('vehicle:refuse', { plate, direction })).then(close)}
                >
                  {t('vehicle.refuse')}
                </button>
                <form className="vehicle__visitor" onSubmit={(e) => void registerVisitor(e)}>
                  <b>{t('vehicle.asVisitor')}</b>
                  <input aria-label={t('tempPass.building')} placeholder={t('tempPass.building')} data-testid="vehicle-host-building" value={host.building} onChange={(e) => setHost({ ...host, building: e.target.value })} />
                  <input aria-label={t('tempPass.room')} placeholder={t('tempPass.room')} data-testid="vehicle-host-room" value={host.room} onChange={(e) => setHost({ ...host, room: e.target.value })} />
                  <input aria-label={t('vehicle.note')} placeholder={t('vehicle.note')} maxLength={200} value={host.note} onChange={(e) => setHost({ ...host, note: e.target.value })} />
                  <button type="submit" data-testid="vehicle-visitor">
                    {t('vehicle.asVisitor')}
                  </button>
                </form>
              </div>
            )
          ) : null}
          {problem ? (
            <p className="tool__invalid" role="alert" data-testid="vehicle-problem">
              {problem === 'no_household' ? t('tempPass.pickHousehold') : t(`vehicle.problem.${problem}`, { defaultValue: t('vehicle.problem.bad_serial') })}
            </p>
          ) : null}
          {last ? (
            <p className={`vehicle__result decision-chip decision-chip--${last.decision ?? 'refer'}`} data-testid="vehicle-result" data-decision={last.decision ?? ''}>
              {last.plate} · {last.decision ? t(`logDecision.${last.decision}`) : ''}
              {last.reasons.length ? ` · ${last.reasons.map((r) => t(`vehicle.reason.${r}`)).join(t('list.separator'))}` : ''}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
