import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShownError } from '../hooks/gateContext';

const SHOW_MS = 8000;

export function ErrorToast({ error, onClose }: { error: ShownError | null; onClose: () => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    if (!error) return undefined;
    const id = setTimeout(onClose, SHOW_MS);
    return () => clearTimeout(id);
  }, [error, onClose]);
  if (!error) return null;
  return (
    <div className="toast" data-testid="error-toast" data-code={error.code} role="alert">
      <div className="toast__body">
        <strong className="toast__title">{t('error.title')}</strong>
        <span className="toast__text">{t(`error.${error.code}`)}</span>
        {error.message ? <small className="toast__detail">{error.message}</small> : null}
      </div>
      <button type="button" className="toast__close" data-testid="error-toast-close" onClick={onClose}>
        {t('error.close')}
      </button>
    </div>
  );
}
