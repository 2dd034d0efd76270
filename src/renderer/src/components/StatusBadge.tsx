import type { StatusInfo } from '../../../shared/contract';
import type { Lang } from '../i18n/setup';

/** Colour swatch plus the status name: colour alone fails guards with colour-blindness and bad light. */
export function StatusBadge({
  status,
  lang,
  testId = 'status-badge',
}: {
  status: StatusInfo;
  lang: Lang;
  testId?: string;
}) {
  return (
    <span className="status-badge" data-testid={testId} data-status={status.code}>
      <span className="status-badge__swatch" style={{ backgroundColor: status.colour }} aria-hidden="true" />
      <span className="status-badge__label">{lang === 'en' ? status.labelEn : status.labelZh}</span>
    </span>
  );
}
