import { useTranslation } from 'react-i18next';
import { TemperatureForm } from './TemperatureForm';

/** Staff entry when the thermometer is missing or broken; the core flags such readings as manual. */
export function ManualReading({ onSend }: { onSend: (celsius: number) => void }) {
  const { t } = useTranslation();
  return (
    <TemperatureForm
      label={t('manual.label')}
      sendLabel={t('manual.send')}
      inputTestId="manual-reading-input"
      sendTestId="manual-reading-send"
      onSend={onSend}
    />
  );
}
