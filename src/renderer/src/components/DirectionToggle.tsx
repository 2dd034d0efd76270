import { useTranslation } from 'react-i18next';
import type { Direction } from '../../../shared/domain';

export function DirectionToggle({ value, onChange }: { value: Direction; onChange: (d: Direction) => void }) {
  const { t } = useTranslation();
  return (
    <div className="direction" role="group" aria-label={t('direction.label')}>
      {(['in', 'out'] as const).map((d) => (
        <button
          key={d}
          type="button"
          className={`direction__btn direction__btn--${d}`}
          data-testid={`direction-${d}`}
          aria-pressed={value === d}
          onClick={() => onChange(d)}
        >
          {t(`direction.${d}`)}
        </button>
      ))}
    </div>
  );
}
