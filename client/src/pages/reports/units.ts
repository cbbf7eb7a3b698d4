import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import type { DurationUnits } from './format';

/** The duration units in the user's language. */
export function useUnits(): DurationUnits {
  const { t } = useI18n();
  return useMemo(() => ({ minutes: t('reports.unit.minutes'), hours: t('reports.unit.hours'), days: t('reports.unit.days') }), [t]);
}
