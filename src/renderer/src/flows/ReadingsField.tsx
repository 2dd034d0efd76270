import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReadingInput } from '../../../shared/flows';
import { formatTemperature } from '../i18n/format';
import { useGate } from '../hooks/gateContext';

type Props = { testId: string; readings: ReadingInput[]; onChange: (next: ReadingInput[]) => void; active: boolean };

/**
 * The person's readings for this form: a thermometer reading arriving while the form is open is
 * taken as it comes (device or simulated), and staff can type one (logged as manual). The core
 * applies the resident rules: a first high reading asks for a second.
 */
export function ReadingsField({ testId, readings, onChange, active }: Props) {
  const { t } = useTranslation();
  const { client } = useGate();
  const [typed, setTyped] = useState('');

  useEffect(() => {
    if (!active) return undefined;
    return client.on('reading:received', (r) => {
      if (r.source !== 'manual') onChange([...readings, { celsius: r.celsius, source: r.source }]);
    });
  }, [client, active, readings, onChange]);

  const add = () => {
    const celsius = Number(typed.replace(',', '.'));
    if (!typed.trim() || !Number.isFinite(celsius)) return;
    onChange([...readings, { celsius, source: 'manual' }]);
    setTyped('');
  };

  return (
    <div className="flow-field" data-testid={testId}>
      <span>{t('temp.label')}</span>
      <div className="flow-row">
        <input
          value={typed}
          inputMode="decimal"
          data-testid={`${testId}-input`}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="flow-button" data-testid={`${testId}-add`} onClick={add}>
          {t('temp.add')}
        </button>
      </div>
      <p data-testid={`${testId}-list`}>
        {readings.length === 0 ? t('temp.none') : t('temp.readings', { list: readings.map((r) => formatTemperature(r.celsius)).join(' · ') })}
      </p>
    </div>
  );
}
