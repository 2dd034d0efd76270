import { useTranslation } from 'react-i18next';
import type { Decision } from '../../../shared/domain';
import { useGate } from '../hooks/gateContext';

export type LogFilterState = { from: string; to: string; decision: Decision | ''; building: string };

type Props = { value: LogFilterState; onChange: (next: LogFilterState) => void };

export function LogFilters({ value, onChange }: Props) {
  const { t } = useTranslation();
  const { info } = useGate();
  const set = <K extends keyof LogFilterState>(key: K, v: LogFilterState[K]) =>
    onChange({ ...value, [key]: v });
  return (
    <div className="filters">
      <label>
        {t('log.from')}
        <input
          type="date"
          data-testid="log-from"
          value={value.from}
          onChange={(e) => set('from', e.target.value)}
        />
      </label>
      <label>
        {t('log.to')}
        <input
          type="date"
          data-testid="log-to"
          value={value.to}
          onChange={(e) => set('to', e.target.value)}
        />
      </label>
      <label>
        {t('log.decision')}
        <select
          data-testid="log-decision"
          value={value.decision}
          onChange={(e) => set('decision', e.target.value as LogFilterState['decision'])}
        >
          <option value="">{t('log.decisionAll')}</option>
          <option value="admit">{t('logDecision.admit')}</option>
          <option value="deny">{t('logDecision.deny')}</option>
          <option value="refer">{t('logDecision.refer')}</option>
        </select>
      </label>
      <label>
        {t('log.building')}
        <select
          data-testid="log-building"
          value={value.building}
          onChange={(e) => set('building', e.target.value)}
        >
          <option value="">{t('log.buildingAll')}</option>
          {info.buildings.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
