import { useTranslation } from 'react-i18next';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;

/**
 * Digits big enough for a gloved finger; the PIN shows as dots. A physical keyboard works too
 * (the hidden input keeps focus), which is what the tests and a desk PC use.
 */
export function PinPad({ value, onChange, onSubmit, busy, testId = 'pin' }: { value: string; onChange: (v: string) => void; onSubmit: () => void; busy?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const press = (k: (typeof KEYS)[number]) => {
    if (k === 'clear') onChange('');
    else if (k === 'back') onChange(value.slice(0, -1));
    else if (value.length < 8) onChange(value + k);
  };
  return (
    <form
      className="pinpad"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.length >= 4) onSubmit();
      }}
    >
      <input
        className="pinpad__input"
        data-testid={`${testId}-input`}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        aria-label={t('staff.pin.label')}
        value={value}
        maxLength={8}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 8))}
        autoFocus
      />
      <div className="pinpad__dots" aria-hidden="true">
        {value.length ? '●'.repeat(value.length) : t('staff.pin.placeholder')}
      </div>
      <div className="pinpad__keys">
        {KEYS.map((k) => (
          <button key={k} type="button" className={`pinpad__key pinpad__key--${k}`} data-testid={`${testId}-key-${k}`} onClick={() => press(k)}>
            {k === 'clear' ? t('staff.pin.clear') : k === 'back' ? t('staff.pin.back') : k}
          </button>
        ))}
      </div>
      <button type="submit" className="pinpad__ok" data-testid={`${testId}-ok`} disabled={busy || value.length < 4}>
        {t('staff.pin.ok')}
      </button>
    </form>
  );
}
