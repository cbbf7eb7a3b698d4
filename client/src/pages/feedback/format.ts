import { useCallback } from 'react';
import { useI18n } from '../../i18n';

/** An instant in the reader's language and time zone; nothing as "—". */
export function formatDateTime(value: string | null | undefined, language: string): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(language === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
}

export function useDateTime() {
  const { language } = useI18n();
  return useCallback((value: string | null | undefined) => formatDateTime(value, language), [language]);
}

/** Minutes as "immediately", "90 min", "2 h", "1 d 3 h" — the delay of a distribution. */
export function formatDelay(minutes: number, immediately: string): string {
  if (minutes <= 0) return immediately;
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d && `${d} d`, h && `${h} h`, m && `${m} min`].filter(Boolean).join(' ');
}
