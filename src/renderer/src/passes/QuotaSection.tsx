import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdQuota } from '../../../shared/passes';
import { useGate, useReportError } from '../hooks/gateContext';

const SUGGESTED: HouseholdQuota = { maxOuts: 1, windowHours: 48, enforce: false };

/** The committee's optional outing limit per household (e.g. one person per household per 2 days). */
export function QuotaSection() {
  const { t } = useTranslation();
  const { client } = useGate();
  const reportError = useReportError();
  const [on, setOn] = useState(false);
  const [quota, setQuota] = useState<HouseholdQuota>(SUGGESTED);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    client.call('presence:getQuota', {}).then((q) => {
      setOn(q !== null);
      if (q) setQuota(q);
    }, reportError);
  }, [client, reportError]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const q = await client.call('presence:setQuota', { quota: on ? quota : null });
      setOn(q !== null);
      if (q) setQuota(q);
      setSaved(true);
    } catch (err) {
      reportError(err);
    }
  };
  const int = (v: string, min: number, max: number) => Math.max(min, Math.min(max, Math.round(Number(v) || min)));

  return (
    <section className="passes__section" data-testid="quota-section">
      <h2>{t('presence.quotaTitle')}</h2>
      <form className="passes__form" onSubmit={(e) => void save(e)} onChange={() => setSaved(false)}>
        <label>
          <input type="checkbox" data-testid="quota-on" checked={on} onChange={(e) => setOn(e.target.checked)} />
          {on ? t('presence.quotaTitle') : t('presence.quotaOff')}
        </label>
        <label>
          {t('presence.maxOuts')}
          <input type="number" min={1} max={50} disabled={!on} value={quota.maxOuts} onChange={(e) => setQuota({ ...quota, maxOuts: int(e.target.value, 1, 50) })} />
        </label>
        <label>
          {t('presence.windowHours')}
          <input type="number" min={1} max={720} disabled={!on} value={quota.windowHours} onChange={(e) => setQuota({ ...quota, windowHours: int(e.target.value, 1, 720) })} />
        </label>
        <label>
          <input type="checkbox" disabled={!on} checked={quota.enforce} onChange={(e) => setQuota({ ...quota, enforce: e.target.checked })} />
          {t('presence.enforce')}
        </label>
        <button type="submit" data-testid="quota-save">
          {t('presence.saveQuota')}
        </button>
        {saved ? <span role="status">✓</span> : null}
      </form>
    </section>
  );
}
