import type { TFunction } from 'i18next';
import type { ReasonCode } from '../../../shared/domain';
import { formatTime } from './format';

/** Words for a reason code; `already_inside` names the entry time when the check knows it. */
export function reasonText(t: TFunction, code: ReasonCode, insideSince?: string | null, tz?: string): string {
  if (code === 'already_inside') {
    return insideSince && tz
      ? t('reason.already_inside', { time: formatTime(insideSince, tz) })
      : t('reason.already_inside_untimed');
  }
  return t(`reason.${code}`);
}
