import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ConfirmOutcome,
  Relation,
  VisitorInput,
  type FlowSettings,
  type ReadingInput,
  type VisitorOutcome,
  type VisitorView,
} from '../../../shared/flows';
import { Field } from '../flows/Field';
import { fieldOfError, invalidFields } from '../flows/fieldErrors';
import { HouseholdPicker, type PickedHousehold } from '../flows/HouseholdPicker';
import { ReadingsField } from '../flows/ReadingsField';
import '../flows/flows.css';
import { useGate, useReportError } from '../hooks/gateContext';
import { formatTime } from '../i18n/format';
import { playStageSound } from '../sound';

type Draft = {
  name: string;
  phone: string;
  idNumber: string;
  relation: Relation;
  numberCalled: string;
  answeredBy: string;
  outcome: ConfirmOutcome | null;
};
const EMPTY: Draft = { name: '', phone: '', idNumber: '', relation: 'parent', numberCalled: '', answeredBy: '', outcome: null };

/** 直系亲属探望实行电话确认、严格登记: one form, one decision, then the list of who is inside. */
export function VisitorScreen({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  // Bumped after each save so the household picker starts empty for the next person.
  const [saved, setSaved] = useState(0);
  const [settings, setSettings] = useState<FlowSettings | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [host, setHost] = useState<PickedHousehold | null>(null);
  const [readings, setReadings] = useState<ReadingInput[]>([]);
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<VisitorOutcome | null>(null);
  const [inside, setInside] = useState<VisitorView[]>([]);
  const [checkoutPass, setCheckoutPass] = useState('');
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setInside(await client.call('visitor:inside', {}));
    } catch (err) {
      reportError(err);
    }
  }, [client, reportError]);

  useEffect(() => {
    if (!active) return;
    client.call('visitor:inside', {}).then(setInside, reportError);
    client.call('flows:settings', {}).then(setSettings, reportError);
  }, [active, client, reportError]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const input = (): Record<string, unknown> => ({
    name: draft.name,
    phone: draft.phone,
    idNumber: draft.idNumber,
    householdId: host?.household.id ?? '',
    relation: draft.relation,
    confirmation: draft.outcome ? { numberCalled: draft.numberCalled, answeredBy: draft.answeredBy, outcome: draft.outcome } : null,
    readings,
  });

  const submit = async () => {
    const body = input();
    const bad = invalidFields(VisitorInput, body);
    if (!host) bad.add('householdId');
    setInvalid(bad);
    if (bad.size > 0) return;
    setBusy(true);
    try {
      const out = await client.call('visitor:register', VisitorInput.parse(body));
      setOutcome(out);
      playStageSound(out.stage);
      if (out.visitor) {
        setDraft(EMPTY);
        setHost(null);
        setSaved((n) => n + 1);
        setReadings([]);
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

  const checkout = async (by: { visitorId: string } | { passNumber: string }) => {
    try {
      await client.call('visitor:checkout', by);
      setCheckoutPass('');
      void refresh();
    } catch (err) {
      reportError(err);
    }
  };

  const policyNone = settings?.visitorPolicy === 'none';
  return (
    <section className="flow" hidden={!active} data-testid="visitor-screen">
      <h2>{t('visitor.title')}</h2>
      <p className="flow-policy" data-testid="visitor-policy">
        {policyNone ? t('visitor.policy.none') : t('visitor.relative_only')}
      </p>
      <div className="flow-columns">
        <form
          className="flow-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Field label={t('visitor.name')} invalid={invalid.has('name')}>
            <input value={draft.name} data-testid="visitor-name" onChange={(e) => set('name', e.target.value)} />
          </Field>
          <Field label={t('visitor.phone')} invalid={invalid.has('phone')}>
            <input value={draft.phone} inputMode="tel" data-testid="visitor-phone" onChange={(e) => set('phone', e.target.value)} />
          </Field>
          <Field label={t('visitor.idNumber')} invalid={invalid.has('idNumber')}>
            <input value={draft.idNumber} data-testid="visitor-id" onChange={(e) => set('idNumber', e.target.value)} />
          </Field>
          <span>{t('visitor.host')}</span>
          <HouseholdPicker key={saved} testId="visitor-host" value={host} onPick={setHost} invalid={invalid.has('householdId')} />
          <fieldset className="flow-field">
            <span>{t('visitor.relation')}</span>
            <div className="flow-choices">
              {Relation.options.map((r) => (
                <button key={r} type="button" className="flow-choice" aria-pressed={draft.relation === r} data-testid={`visitor-relation-${r}`} onClick={() => set('relation', r)}>
                  {t(`relation.${r}`)}
                </button>
              ))}
            </div>
          </fieldset>
          <fieldset className={`flow-field${invalid.has('confirmation') ? ' flow-field--invalid' : ''}`}>
            <span>{t('visitor.call')}</span>
            <div className="flow-row">
              <input placeholder={t('visitor.numberCalled')} value={draft.numberCalled} inputMode="tel" data-testid="visitor-called" onChange={(e) => set('numberCalled', e.target.value)} />
              <input placeholder={t('visitor.answeredBy')} value={draft.answeredBy} data-testid="visitor-answered" onChange={(e) => set('answeredBy', e.target.value)} />
            </div>
            <div className="flow-choices">
              {ConfirmOutcome.options.map((o) => (
                <button key={o} type="button" className="flow-choice" aria-pressed={draft.outcome === o} data-testid={`visitor-outcome-${o}`} onClick={() => set('outcome', o)}>
                  {t(`confirm.${o}`)}
                </button>
              ))}
            </div>
            {invalid.has('confirmation') ? <small className="flow-error">{t('form.invalid')}</small> : null}
          </fieldset>
          <ReadingsField testId="visitor-temp" readings={readings} onChange={setReadings} active={active} />
          <button type="submit" className="flow-submit" disabled={busy} data-testid="visitor-submit">
            {busy ? t('form.saving') : t('form.save')}
          </button>
        </form>
        <div className="flow-side">
          {outcome ? (
            <div className={`flow-outcome decision--${outcome.stage}`} data-testid="visitor-outcome" data-stage={outcome.stage}>
              <strong className="flow-outcome__word">{t(`decision.${outcome.stage}`)}</strong>
              {outcome.reasons.length > 0 ? <p>{outcome.reasons.map((r) => t(`reason.${r}`)).join(t('list.separator'))}</p> : null}
              {outcome.visitor?.passNumber ? (
                <p data-testid="visitor-pass">
                  {t('visitor.pass', { pass: outcome.visitor.passNumber })} · {t('visitor.until', { time: formatTime(outcome.visitor.expiresAt ?? '', info.timeZone) })}
                </p>
              ) : null}
              {outcome.visitor && outcome.stage === 'deny' ? <p>{t('visitor.refusedLogged')}</p> : null}
            </div>
          ) : null}
          <h3>{t('visitor.inside')}</h3>
          {inside.length === 0 ? <p>{t('visitor.insideNone')}</p> : null}
          <ul className="flow-list" data-testid="visitor-inside">
            {inside.map((v) => (
              <li key={v.id} className={v.overstayed ? 'flow-list__item flow-list__item--warn' : 'flow-list__item'} data-testid="visitor-inside-item">
                <span>
                  {v.name} · {v.passNumber} · {t('household.label', { building: v.household.building, unit: v.household.unit, room: v.household.room })}
                </span>
                <span>
                  {t('visitor.until', { time: formatTime(v.expiresAt ?? '', info.timeZone) })}
                  {v.overstayed ? <strong className="flow-tag flow-tag--warn"> {t('visitor.overstayed')}</strong> : null}
                </span>
                <button type="button" className="flow-button" data-testid="visitor-checkout" onClick={() => void checkout({ visitorId: v.id })}>
                  {t('visitor.checkout')}
                </button>
              </li>
            ))}
          </ul>
          <div className="flow-row">
            <input placeholder={t('visitor.checkoutByPass')} value={checkoutPass} data-testid="visitor-checkout-pass" onChange={(e) => setCheckoutPass(e.target.value)} />
            <button type="button" className="flow-button" disabled={!checkoutPass.trim()} onClick={() => void checkout({ passNumber: checkoutPass.trim() })}>
              {t('visitor.checkout')}
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}
