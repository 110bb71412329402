import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { isMessageKey, translate, type Locale, type MessageKey, type Translate } from './translate';

const STORAGE_KEY = 'datapact.locale';

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() =>
    localStorage.getItem(STORAGE_KEY) === 'en-US' ? 'en-US' : 'zh-CN',
  );
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale: (next) => {
        localStorage.setItem(STORAGE_KEY, next);
        document.documentElement.lang = next === 'en-US' ? 'en' : 'zh-CN';
        setLocaleState(next);
      },
      t: (key, params) => translate(locale, key, params),
    }),
    [locale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export { isMessageKey, translate, type Locale, type MessageKey, type Translate };
