import { useTranslation } from 'react-i18next';
import type { Lang } from '../i18n/setup';

export function LanguageSwitch({ lang, onChange }: { lang: Lang; onChange: (lang: Lang) => void }) {
  const { t } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')} data-testid="lang-switch">
      <button
        type="button"
        data-testid="lang-zh"
        aria-pressed={lang === 'zh-CN'}
        lang="zh-CN"
        onClick={() => onChange('zh-CN')}
      >
        {t('lang.zh')}
      </button>
      <button
        type="button"
        data-testid="lang-en"
        aria-pressed={lang === 'en'}
        lang="en"
        onClick={() => onChange('en')}
      >
        {t('lang.en')}
      </button>
    </div>
  );
}
