import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const DEFAULT_LANG: Lang = 'zh-CN';

export const resources = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
} as const;

/**
 * One instance per app. Keys are flat (`reason.fever`) so no separators; placeholders are `{x}`
 * to keep the catalogue identical to ui-words.md. React escapes output itself.
 */
export function createI18n(lng: Lang = DEFAULT_LANG): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: DEFAULT_LANG,
    supportedLngs: [...LANGS],
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false, prefix: '{', suffix: '}' },
    returnNull: false,
    // Resources are inline, so init can finish before the first render.
    initAsync: false,
  });
  return instance;
}

export function isLang(value: unknown): value is Lang {
  return value === 'zh-CN' || value === 'en';
}
