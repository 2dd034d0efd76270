import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_C, MIN_C, parseCelsius } from '../util/temperature';

type Props = {
  label: string;
  sendLabel: string;
  inputTestId: string;
  sendTestId: string;
  onSend: (celsius: number) => void;
  children?: ReactNode;
};

export function TemperatureForm({ label, sendLabel, inputTestId, sendTestId, onSend, children }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const celsius = parseCelsius(text);
    setInvalid(celsius === null);
    if (celsius === null) return;
    onSend(celsius);
    setText('');
  };
  return (
    <form className="tool temperature-form" onSubmit={submit}>
      <label className="tool__label" htmlFor={id}>
        {label}
      </label>
      <div className="tool__row">
        {children}
        <input
          id={id}
          data-testid={inputTestId}
          type="number"
          inputMode="decimal"
          step="0.1"
          min={MIN_C}
          max={MAX_C}
          value={text}
          aria-invalid={invalid}
          onChange={(e) => {
            setText(e.target.value);
            setInvalid(false);
          }}
        />
        <button type="submit" data-testid={sendTestId}>
          {sendLabel}
        </button>
      </div>
      {invalid ? (
        <p className="tool__invalid" role="alert">
          {t('manual.invalid')}
        </p>
      ) : null}
    </form>
  );
}
