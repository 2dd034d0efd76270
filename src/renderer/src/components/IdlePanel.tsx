import { useTranslation } from 'react-i18next';

export function IdlePanel() {
  const { t } = useTranslation();
  return (
    <section className="idle" data-testid="idle">
      <p className="idle__scan">{t('idle.scan')}</p>
      <p className="idle__measure">{t('idle.measure')}</p>
    </section>
  );
}
