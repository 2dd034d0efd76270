import { useTranslation } from 'react-i18next';
import type { CheckView } from '../../../shared/contract';
import { formatTemperature } from '../i18n/format';
import { useGate } from '../hooks/gateContext';
import { householdLabel } from '../util/household';
import { StatusBadge } from './StatusBadge';

/** Who is at the gate, in the least detail the guard needs: the core has already masked the name. */
export function CheckSummary({ check }: { check: CheckView }) {
  const { t } = useTranslation();
  const { lang } = useGate();
  const lastReading = check.readings.at(-1) ?? null;
  return (
    <dl className="summary">
      <div className="summary__item">
        <dt>{t('check.household')}</dt>
        <dd className="summary__household" data-testid="household">
          {check.household ? householdLabel(check.household) : t('check.noHousehold')}
        </dd>
      </div>
      <div className="summary__item">
        <dt>{t('check.resident')}</dt>
        <dd data-testid="resident-name">
          {check.resident ? check.resident.name : '—'}
          {check.resident ? (
            <span className="summary__tag">{t(`residency.${check.resident.residency}`)}</span>
          ) : null}
        </dd>
      </div>
      <div className="summary__item">
        <dt>{t('check.status')}</dt>
        <dd>{check.status ? <StatusBadge status={check.status} lang={lang} /> : '—'}</dd>
      </div>
      <div className="summary__item">
        <dt>{t('check.temperature')}</dt>
        <dd>
          <span className="summary__temperature" data-testid="temperature">
            {formatTemperature(check.temperatureC)}
          </span>
          {lastReading ? (
            <span
              className={`summary__tag summary__tag--${lastReading.source}`}
              data-testid="reading-source"
              data-source={lastReading.source}
            >
              {t(`readingSource.${lastReading.source}`)}
            </span>
          ) : null}
        </dd>
      </div>
    </dl>
  );
}
