import { useCallback } from 'react';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { zh } from '../../i18n/feedback';

/** A translated text for a name the server owns (a fact, an event, a template), or the name itself when there is none. */
export function useNamed() {
  const { t } = useI18n();
  return useCallback((prefix: string, name: string | null | undefined, fallback?: string | null) => {
    const key = `${prefix}.${name}`;
    return key in zh ? t(key as MessageKey) : fallback ?? name ?? '';
  }, [t]);
}

export function useFactLabel() {
  const named = useNamed();
  return useCallback((fact: string) => named('feedback.rules.fact', fact), [named]);
}
