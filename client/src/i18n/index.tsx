import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { zhCN, type MessageKey, type Messages } from './zh-CN';
import { en } from './en';

export type Language = 'zh-CN' | 'en';
export const catalogs: Record<Language, Messages> = { 'zh-CN': zhCN, en };

/** Fills {name} placeholders. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
}

const Context = createContext<I18n | null>(null);
const storageKey = 'csm.language';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(() => (localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh-CN'));
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(storageKey, next);
    document.documentElement.lang = next;
    setState(next);
  }, []);
  const t = useCallback((key: MessageKey, values?: Record<string, string | number>) => format(catalogs[language][key], values), [language]);
  const value = useMemo(() => ({ language, setLanguage, t }), [language, setLanguage, t]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(Context);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
