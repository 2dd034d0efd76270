/**
 * What the config fallback line says (decision 0022), apart from React so it is unit-tested: the
 * problem in words (the setting's name when the core could give one), since when, and the one
 * thing to do.
 */
import type { TFunction } from 'i18next';
import type { ConfigStatus } from '../../../shared/configStatus';
import { formatDateTime } from '../i18n/format';

/** The line's text, or null when config.json loaded as it is. */
export function configBannerText(t: TFunction, status: ConfigStatus | null, timeZone: string): string | null {
  const f = status?.fallback;
  if (!f) return null;
  const problem =
    f.reason === 'invalid_value' && f.field ? t('config.problem.invalid_field', { field: f.field }) : t(`config.problem.${f.reason}`);
  return t('config.fallback', { problem, since: formatDateTime(f.since, timeZone) });
}
