import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** For a pass whose code will not scan: the guard types the number printed on it. */
export function TypedPassEntry({ onSubmit }: { onSubmit: (code: string) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = code.trim();
    if (!trimmed) return;
    onSubmit(trimmed);
    setCode('');
  };
  return (
    <form className="tool typed" onSubmit={submit}>
      <label className="tool__label" htmlFor="typed-pass">
        {t('typed.label')}
      </label>
      <div className="tool__row">
        <input
          id="typed-pass"
          data-testid="typed-pass-input"
          value={code}
          maxLength={512}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('typed.placeholder')}
          onChange={(e) => setCode(e.target.value)}
        />
        <button type="submit" data-testid="typed-pass-send" disabled={!code.trim()}>
          {t('typed.send')}
        </button>
      </div>
    </form>
  );
}
