import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ParcelInput, type ParcelsForPass, type ParcelView } from '../../../shared/flows';
import { Field } from '../flows/Field';
import { invalidFields } from '../flows/fieldErrors';
import { HouseholdPicker, type PickedHousehold } from '../flows/HouseholdPicker';
import '../flows/flows.css';
import { useGate, useReportError } from '../hooks/gateContext';
import { formatTime } from '../i18n/format';

/** The carriers and platforms named on the shelf; anything else is typed. */
const CARRIERS = ['顺丰', '中通', '圆通', '韵达', '申通', '京东', '邮政EMS', '美团', '饿了么'] as const;

/** 快递、外卖不进小区: the drop-off ledger, pickup by pass, and door drops for observed households. */
export function ParcelScreen({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  // Bumped after each save so the household picker starts empty for the next person.
  const [saved, setSaved] = useState(0);
  const [carrier, setCarrier] = useState('');
  const [tail, setTail] = useState('');
  const [slot, setSlot] = useState('');
  const [household, setHousehold] = useState<PickedHousehold | null>(null);
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [logged, setLogged] = useState<ParcelView | null>(null);
  const [waiting, setWaiting] = useState<ParcelView[]>([]);
  const [passCode, setPassCode] = useState('');
  const [pickup, setPickup] = useState<ParcelsForPass | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [collectedCount, setCollectedCount] = useState<number | null>(null);
  const [deliverers, setDeliverers] = useState<Record<string, string>>({});

  const refresh = useCallback(async () => {
    try {
      setWaiting(await client.call('parcel:waiting', {}));
    } catch (err) {
      reportError(err);
    }
  }, [client, reportError]);

  useEffect(() => {
    if (active) client.call('parcel:waiting', {}).then(setWaiting, reportError);
  }, [active, client, reportError]);

  const log = async () => {
    const body = { carrier, trackingTail: tail, householdId: household?.household.id ?? '', shelfSlot: slot };
    const bad = invalidFields(ParcelInput, body);
    if (!household) bad.add('householdId');
    setInvalid(bad);
    if (bad.size > 0) return;
    try {
      setLogged(await client.call('parcel:dropoff', ParcelInput.parse(body)));
      setTail('');
      setHousehold(null);
      setSaved((n) => n + 1);
      void refresh();
    } catch (err) {
      reportError(err);
    }
  };

  const show = async () => {
    setCollectedCount(null);
    try {
      const found = await client.call('parcel:forPass', { code: passCode.trim() });
      setPickup(found);
      setChosen(new Set(found.parcels.map((p) => p.id)));
    } catch (err) {
      setPickup(null);
      reportError(err);
    }
  };

  const collect = async () => {
    if (!pickup || chosen.size === 0) return;
    try {
      const done = await client.call('parcel:collect', { code: passCode.trim(), parcelIds: [...chosen] });
      setCollectedCount(done.length);
      setPickup(null);
      setPassCode('');
      void refresh();
    } catch (err) {
      reportError(err);
    }
  };

  const deliver = async (id: string) => {
    const by = (deliverers[id] ?? '').trim();
    if (!by) return;
    try {
      await client.call('parcel:doorDelivered', { parcelId: id, deliveredBy: by });
      void refresh();
    } catch (err) {
      reportError(err);
    }
  };

  const item = (p: ParcelView) => t('parcel.item', { carrier: p.carrier, tail: p.trackingTail, slot: p.shelfSlot, time: formatTime(p.receivedAt, info.timeZone) });
  const label = (h: { building: string; unit: string; room: string }) => t('household.label', h);
  const doorDrops = waiting.filter((p) => p.doorDrop);
  const shelf = waiting.filter((p) => !p.doorDrop);

  return (
    <section className="flow" hidden={!active} data-testid="parcel-screen">
      <h2>{t('parcel.title')}</h2>
      <p className="flow-policy">{t('delivery.dropoff')}</p>
      <div className="flow-columns">
        <form
          className="flow-form"
          onSubmit={(e) => {
            e.preventDefault();
            void log();
          }}
        >
          <fieldset className={`flow-field${invalid.has('carrier') ? ' flow-field--invalid' : ''}`}>
            <span>{t('parcel.carrier')}</span>
            <div className="flow-choices">
              {CARRIERS.map((c) => (
                <button key={c} type="button" className="flow-choice" aria-pressed={carrier === c} data-testid={`parcel-carrier-${c}`} onClick={() => setCarrier(c)}>
                  {c}
                </button>
              ))}
            </div>
            <input placeholder={t('parcel.carrierOther')} value={carrier} data-testid="parcel-carrier" onChange={(e) => setCarrier(e.target.value)} />
          </fieldset>
          <HouseholdPicker key={saved} testId="parcel-household" value={household} onPick={setHousehold} invalid={invalid.has('householdId')} />
          {household?.household.underObservation ? <p className="flow-tag flow-tag--warn">{t('parcel.observedHousehold')}</p> : null}
          <div className="flow-row">
            <Field label={t('parcel.trackingTail')} invalid={invalid.has('trackingTail')}>
              <input value={tail} inputMode="numeric" data-testid="parcel-tail" onChange={(e) => setTail(e.target.value)} />
            </Field>
            <Field label={t('parcel.shelfSlot')} invalid={invalid.has('shelfSlot')}>
              <input value={slot} data-testid="parcel-slot" onChange={(e) => setSlot(e.target.value)} />
            </Field>
          </div>
          <button type="submit" className="flow-submit" data-testid="parcel-log">
            {t('parcel.log')}
          </button>
          {logged ? (
            <p className="flow-done" data-testid="parcel-logged">
              {t('parcel.logged', { carrier: logged.carrier, tail: logged.trackingTail, slot: logged.shelfSlot })}
            </p>
          ) : null}
        </form>
        <div className="flow-side">
          <h3>{t('parcel.pickup')}</h3>
          <div className="flow-row">
            <input
              placeholder={t('parcel.passCode')}
              value={passCode}
              data-testid="parcel-pass"
              onChange={(e) => setPassCode(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void show();
                }
              }}
            />
            <button type="button" className="flow-button" disabled={!passCode.trim()} data-testid="parcel-show" onClick={() => void show()}>
              {t('parcel.show')}
            </button>
          </div>
          {collectedCount !== null ? (
            <p className="flow-done" data-testid="parcel-collected">
              {t('parcel.collected', { count: collectedCount })}
            </p>
          ) : null}
          {pickup ? (
            <div data-testid="parcel-pickup">
              <p>{t('parcel.waitingFor', { household: label(pickup.household), name: pickup.residentName })}</p>
              {pickup.household.underObservation ? <p className="flow-tag flow-tag--warn">{t('parcel.observedHousehold')}</p> : null}
              {pickup.parcels.length === 0 ? <p>{t('parcel.noneWaiting')}</p> : null}
              <ul className="flow-list">
                {pickup.parcels.map((p) => (
                  <li key={p.id} className="flow-list__item" data-testid="parcel-pickup-item">
                    <label>
                      <input
                        type="checkbox"
                        checked={chosen.has(p.id)}
                        onChange={(e) =>
                          setChosen((s) => {
                            const next = new Set(s);
                            if (e.target.checked) next.add(p.id);
                            else next.delete(p.id);
                            return next;
                          })
                        }
                      />{' '}
                      {item(p)}
                    </label>
                  </li>
                ))}
              </ul>
              <button type="button" className="flow-submit" disabled={chosen.size === 0 || pickup.household.underObservation} data-testid="parcel-collect" onClick={() => void collect()}>
                {t('parcel.collect')}
              </button>
            </div>
          ) : null}
          <h3>{t('parcel.doorDrops')}</h3>
          {doorDrops.length === 0 ? <p>{t('parcel.doorDropsNone')}</p> : null}
          <ul className="flow-list" data-testid="parcel-door-drops">
            {doorDrops.map((p) => (
              <li key={p.id} className="flow-list__item flow-list__item--warn" data-testid="parcel-door-drop">
                <span>
                  {label(p.household)} · {item(p)}
                </span>
                <input placeholder={t('parcel.deliveredBy')} value={deliverers[p.id] ?? ''} data-testid="parcel-delivered-by" onChange={(e) => setDeliverers((d) => ({ ...d, [p.id]: e.target.value }))} />
                <button type="button" className="flow-button" disabled={!(deliverers[p.id] ?? '').trim()} data-testid="parcel-delivered" onClick={() => void deliver(p.id)}>
                  {t('parcel.delivered')}
                </button>
              </li>
            ))}
          </ul>
          <h3>{t('parcel.shelf')}</h3>
          <ul className="flow-list" data-testid="parcel-shelf">
            {shelf.map((p) => (
              <li key={p.id} className="flow-list__item" data-testid="parcel-shelf-item">
                {label(p.household)} · {item(p)}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
