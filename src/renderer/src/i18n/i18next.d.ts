import 'i18next';
import type { zhCN } from './zh-CN';

// Typed keys: a `t()` call with a key missing from the catalogue fails the type check, including
// template keys such as `reason.${ReasonCode}`.
declare module 'i18next' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- module augmentation needs an interface
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
    keySeparator: false;
    nsSeparator: false;
    interpolationPrefix: '{';
    interpolationSuffix: '}';
    returnNull: false;
  }
}
