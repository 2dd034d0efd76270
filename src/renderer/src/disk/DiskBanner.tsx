import { useTranslation } from 'react-i18next';
import type { DiskStatus } from '../../../shared/disk';
import { useGate } from '../hooks/gateContext';
import { useDiskStatus } from './useDiskStatus';
import './disk.css';

const percentFormats = new Map<string, Intl.NumberFormat>();
const sizeFormats = new Map<string, Intl.NumberFormat>();

function formatPercent(used: number, lang: string): string {
  let f = percentFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
    percentFormats.set(lang, f);
  }
  // Floor, not round: "80 %" must not show while the core still says ok at 79.6 %.
  return f.format(Math.floor(used) / 100);
}

function formatFree(bytes: number, lang: string): string {
  let f = sizeFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
    sizeFormats.set(lang, f);
  }
  return f.format(bytes / (1024 * 1024));
}

/** What the line says, or null when there is nothing to say (ok, or a disk the core cannot read). */
export function diskLine(s: DiskStatus | null): 'disk.low' | 'disk.critical' | 'disk.full' | null {
  if (!s || s.level === 'ok') return null;
  return `disk.${s.level}`;
}

/**
 * One line across every screen while the data disk is low (amber: imports and exports paused),
 * critical (red) or full (red, large: the last record was not saved). Checks go on at low and
 * critical, so the guard is told so rather than alarmed.
 */
export function DiskBanner() {
  const { t } = useTranslation();
  const { lang } = useGate();
  const status = useDiskStatus();
  const key = diskLine(status);
  if (!status || !key) return null;
  return (
    <div
      className={`disk-banner disk-banner--${status.level}`}
      data-testid="disk-banner"
      data-level={status.level}
      role={status.level === 'low' ? 'status' : 'alert'}
      aria-label={t('disk.label')}
    >
      {t(key, { percent: formatPercent(status.usedPercent, lang), free: formatFree(status.freeBytes, lang) })}
    </div>
  );
}
