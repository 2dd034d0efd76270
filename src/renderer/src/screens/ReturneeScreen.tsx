import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ReturneeInput,
  Symptom,
  Transport,
  type ObservationView,
  type ReadingInput,
  type ReturneeOutcome,
} from '../../../shared/flows';
import { Field } from '../flows/Field';
import { fieldOfError, invalidFields } from '../flows/fieldErrors';
import { HouseholdPicker, type PickedHousehold } from '../flows/HouseholdPicker';
import { ReadingsField } from '../flows/ReadingsField';
import '../flows/flows.css';
import { useGate, useReportError } from '../hooks/gateContext';
import { todayInZone } from '../i18n/format';
import { playStageSound } from '../sound';
import { requestApproval } from '../staff/staffBus';

type Draft = {
  residentId: string | null;
  name: string;
  idNumber: string;
  phone: string;
  originProvince: string;
  originCity: string;
  keyRegion: boolean;
  transport: Transport;
  transportNo: string;
  arrivedOn: string;
  symptoms: Symptom[];
};

const emptyDraft = (today: string): Draft => ({
  residentId: null,
  name: '',
  idNumber: '',
  phone: '',
  originProvince: '',
  originCity: '',
  keyRegion: false,
  transport: 'train',
  transportNo: '',
  arrivedOn: today,
  symptoms: [],
});

/** 来(返)沪人员健康登记表 at the gate; registering starts the home observation. */
export function ReturneeScreen({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  // Bumped after each save so the household picker starts empty for the next person.
  const [saved, setSaved] = useState(0);
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(todayInZone(info.timeZone)));
  const [household, setHousehold] = useState<PickedHousehold | null>(null);
  const [readings, setReadings] = useState<ReadingInput[]>([]);
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<ReturneeOutcome | null>(null);
  const [observations, setObservations] = useState<ObservationView[]>([]);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setObservations(await client.call('observation:list', {}));
    } catch (err) {
      reportError(err);
    }
  }, [client, reportError]);

  useEffect(() => {
    if (active) client.call('observation:list', {}).then(setObservations, reportError);
  }, [active, client, reportError]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const member = household?.members.find((m) => m.residentId === draft.residentId) ?? null;

  const submit = async () => {
    const body = {
      ...draft,
      // A roster member's name comes from the roster in the core; the masked one only fills the field.
      name: member ? member.name : draft.name,
      householdId: household?.household.id ?? '',
      readings,
    };
    const bad = invalidFields(ReturneeInput, body);
    if (!household) bad.add('householdId');
    setInvalid(bad);
    if (bad.size > 0) return;
    setBusy(true);
    try {
      const out = await client.call('returnee:register', ReturneeInput.parse(body));
      setOutcome(out);
      playStageSound(out.stage);
      if (out.returneeId) {
        setDraft(emptyDraft(todayInZone(info.timeZone)));
        setHousehold(null);
        setReadings([]);
        setSaved((n) => n + 1);
        void refresh();
      }
    } catch (err) {
      const field = fieldOfError(err);
      if (field) setInvalid(new Set([field]));
      else reportError(err);
    } finally {
      setBusy(false);
    }
  };

  // Two people at the kiosk, each with their own PIN (dual control, decision 0013): the staff dialog
  // asks for the reason and both PINs, and shows a refusal itself.
  const endEarly = async (observationId: string) => {
    const done = await requestApproval('end_observation', async ({ approval, reason }) => {
      await client.call('observation:endEarly', { observationId, reason, approval });
    });
    if (done) void refresh();
  };

  const label = (h: { building: string; unit: string; room: string }) => t('household.label', h);

  return (
    <section className="flow" hidden={!active} data-testid="returnee-screen">
      <h2>{t('returnee.title')}</h2>
      <p className="flow-policy">{t('returnee.register')}</p>
      <div className="flow-columns">
        <form
          className="flow-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <HouseholdPicker key={saved} testId="returnee-household" value={household} onPick={(h) => { setHousehold(h); set('residentId', null); }} invalid={invalid.has('householdId')} />
          {household ? (
            <fieldset className={`flow-field${invalid.has('residentId') ? ' flow-field--invalid' : ''}`}>
              <span>{t('returnee.person')}</span>
              <div className="flow-choices">
                {household.members.map((m) => (
                  <button key={m.residentId} type="button" className="flow-choice" aria-pressed={draft.residentId === m.residentId} data-testid="returnee-member" onClick={() => set('residentId', m.residentId)}>
                    {m.name}
                  </button>
                ))}
                <button type="button" className="flow-choice" aria-pressed={draft.residentId === null} data-testid="returnee-not-on-roster" onClick={() => set('residentId', null)}>
                  {t('returnee.notOnRoster')}
                </button>
              </div>
            </fieldset>
          ) : null}
          {draft.residentId === null ? (
            <Field label={t('returnee.name')} invalid={invalid.has('name')}>
              <input value={draft.name} data-testid="returnee-name" onChange={(e) => set('name', e.target.value)} />
            </Field>
          ) : null}
          <div className="flow-row">
            <Field label={t('returnee.idNumber')} invalid={invalid.has('idNumber')}>
              <input value={draft.idNumber} data-testid="returnee-id" onChange={(e) => set('idNumber', e.target.value)} />
            </Field>
            <Field label={t('returnee.phone')} invalid={invalid.has('phone')}>
              <input value={draft.phone} inputMode="tel" data-testid="returnee-phone" onChange={(e) => set('phone', e.target.value)} />
            </Field>
          </div>
          <div className="flow-row">
            <Field label={t('returnee.province')} invalid={invalid.has('originProvince')}>
              <input value={draft.originProvince} data-testid="returnee-province" onChange={(e) => set('originProvince', e.target.value)} />
            </Field>
            <Field label={t('returnee.city')} invalid={invalid.has('originCity')}>
              <input value={draft.originCity} data-testid="returnee-city" onChange={(e) => set('originCity', e.target.value)} />
            </Field>
            <label className="flow-check">
              <input type="checkbox" checked={draft.keyRegion} data-testid="returnee-key-region" onChange={(e) => set('keyRegion', e.target.checked)} />
              {t('returnee.keyRegion')}
            </label>
          </div>
          <fieldset className="flow-field">
            <span>{t('returnee.transport')}</span>
            <div className="flow-choices">
              {Transport.options.map((m) => (
                <button key={m} type="button" className="flow-choice" aria-pressed={draft.transport === m} data-testid={`returnee-transport-${m}`} onClick={() => set('transport', m)}>
                  {t(`transport.${m}`)}
                </button>
              ))}
            </div>
          </fieldset>
          <div className="flow-row">
            <Field label={t('returnee.transportNo')} invalid={invalid.has('transportNo')}>
              <input value={draft.transportNo} data-testid="returnee-transport-no" onChange={(e) => set('transportNo', e.target.value)} />
            </Field>
            <Field label={t('returnee.arrivedOn')} invalid={invalid.has('arrivedOn')}>
              <input type="date" value={draft.arrivedOn} max={todayInZone(info.timeZone)} data-testid="returnee-arrived" onChange={(e) => set('arrivedOn', e.target.value)} />
            </Field>
          </div>
          <fieldset className="flow-field">
            <span>{t('returnee.symptoms')}</span>
            <div className="flow-choices">
              {Symptom.options.map((s) => (
                <button
                  key={s}
                  type="button"
                  className="flow-choice"
                  aria-pressed={draft.symptoms.includes(s)}
                  onClick={() => set('symptoms', draft.symptoms.includes(s) ? draft.symptoms.filter((x) => x !== s) : [...draft.symptoms, s])}
                >
                  {t(`symptom.${s}`)}
                </button>
              ))}
            </div>
          </fieldset>
          <ReadingsField testId="returnee-temp" readings={readings} onChange={setReadings} active={active} />
          <button type="submit" className="flow-submit" disabled={busy} data-testid="returnee-submit">
            {busy ? t('form.saving') : t('form.save')}
          </button>
        </form>
        <div className="flow-side">
          {outcome ? (
            <div className={`flow-outcome decision--${outcome.stage}`} data-testid="returnee-outcome" data-stage={outcome.stage}>
              <strong className="flow-outcome__word">{t(`decision.${outcome.stage}`)}</strong>
              {outcome.reasons.length > 0 ? <p>{outcome.reasons.map((r) => t(`reason.${r}`)).join(t('list.separator'))}</p> : null}
              {outcome.returneeId ? (
                <p data-testid="returnee-observed-until">
                  {outcome.observation ? t('returnee.observedUntil', { date: outcome.observation.lastDay }) : t('returnee.noObservation')}
                </p>
              ) : null}
            </div>
          ) : null}
          <h3>{t('returnee.observations')}</h3>
          {observations.length === 0 ? <p>{t('returnee.observationsNone')}</p> : null}
          <ul className="flow-list" data-testid="returnee-observations">
            {observations.map((o) => (
              <li key={o.id} className="flow-list__item" data-testid="returnee-observation">
                <span>
                  {o.name} · {label(o.household)}
                </span>
                <span>{t('returnee.observedUntil', { date: o.lastDay })}</span>
                <button type="button" className="flow-button" data-testid="returnee-end-early" onClick={() => void endEarly(o.id)}>
                  {t('returnee.endEarly')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
