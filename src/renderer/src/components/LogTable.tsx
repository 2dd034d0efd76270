import { useTranslation } from 'react-i18next';
import type { LogRow } from '../../../shared/contract';
import { formatDateTime, formatTemperature } from '../i18n/format';
import { reasonText } from '../i18n/reasons';
import { useGate } from '../hooks/gateContext';
import { VoidEntryButton } from '../staff/CheckStaffExtras';

export function LogTable({ rows }: { rows: LogRow[] }) {
  const { t } = useTranslation();
  const { info } = useGate();
  const tz = info.timeZone;
  return (
    <table className="table log-table">
      <thead>
        <tr>
          <th>{t('log.col.time')}</th>
          <th>{t('log.col.direction')}</th>
          <th>{t('log.col.household')}</th>
          <th>{t('log.col.name')}</th>
          <th>{t('log.col.temperature')}</th>
          <th>{t('log.col.decision')}</th>
          <th>{t('log.col.reasons')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid="log-row" data-entry-id={row.id} data-decision={row.decision}>
            <td className="nowrap">{formatDateTime(row.occurredAt, tz)}</td>
            <td>{t(`direction.${row.direction}`)}</td>
            <td>{[row.building, row.room].filter(Boolean).join('-') || '—'}</td>
            <td>{row.residentName ?? '—'}</td>
            <td className="nowrap">
              {formatTemperature(row.temperatureC)}
              {row.readingSource === 'manual' ? (
                <span className="summary__tag">{t('readingSource.manual')}</span>
              ) : null}
            </td>
            <td>
              <span className={`decision-chip decision-chip--${row.decision}`}>
                {t(`logDecision.${row.decision}`)}
              </span>
            </td>
            <td>{row.reasons.map((code) => reasonText(t, code)).join(t('list.separator'))}</td>
            <td>
              <VoidEntryButton entryId={row.id} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
