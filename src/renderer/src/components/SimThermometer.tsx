import { useTranslation } from 'react-i18next';
import { formatTemperature } from '../i18n/format';
import { TemperatureForm } from './TemperatureForm';

/** Normal, fever, and an implausible value the core must reject as an invalid reading. */
const QUICK = [36.5, 37.8, 29.0] as const;

/** Only rendered for a simulated thermometer, and labelled so nobody mistakes it for a device. */
export function SimThermometer({ onSend }: { onSend: (celsius: number) => void }) {
  const { t } = useTranslation();
  return (
    <section className="sim" data-testid="sim-panel">
      <TemperatureForm
        label={t('sim.title')}
        sendLabel={t('sim.send')}
        inputTestId="sim-reading-input"
        sendTestId="sim-reading-send"
        onSend={onSend}
      >
        {QUICK.map((c) => (
          <button
            key={c}
            type="button"
            className="sim__quick"
            data-testid={`sim-${c.toFixed(1)}`}
            onClick={() => onSend(c)}
          >
            {formatTemperature(c)}
          </button>
        ))}
      </TemperatureForm>
    </section>
  );
}
