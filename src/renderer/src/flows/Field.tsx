import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Props = { label: string; invalid: boolean; children: ReactNode };

/** One labelled form field with its own "please check" line, so the guard sees which one is wrong. */
export function Field({ label, invalid, children }: Props) {
  const { t } = useTranslation();
  return (
    <label className={`flow-field${invalid ? ' flow-field--invalid' : ''}`}>
      <span>{label}</span>
      {children}
      {invalid ? <small className="flow-error">{t('form.invalid')}</small> : null}
    </label>
  );
}
