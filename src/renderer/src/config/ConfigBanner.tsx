import { useTranslation } from 'react-i18next';
import { useGate } from '../hooks/gateContext';
import { configBannerText } from './configBanner';
import { useConfigStatus } from './useConfigStatus';
import './config.css';

/**
 * One amber line across every screen (before sign-in too) while the gate runs on its last good
 * settings because config.json was broken or missing at start-up. A status, not an alert: checks are
 * unaffected, but a change someone meant to make is not in force until the file is fixed or the
 * settings are saved again.
 */
export function ConfigBanner() {
  const { t } = useTranslation();
  const { info } = useGate();
  const status = useConfigStatus();
  const text = configBannerText(t, status, info.timeZone);
  if (!text || !status?.fallback) return null;
  return (
    <div className="config-banner" data-testid="config-banner" data-reason={status.fallback.reason} role="status" aria-label={t('config.label')}>
      {text}
    </div>
  );
}
