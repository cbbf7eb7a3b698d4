import type { MessageKey } from '../../i18n/zh-CN';

const tiers = ['vip', 'standard', 'prospect'];

/** How a group's value reads: the whole population, "no value", a tier in the user's language, or the value itself. */
export function groupLabel(value: string | undefined, groupBy: string | undefined, t: (key: MessageKey) => string): string {
  if (value === undefined || value === 'all') return t('reports.value.all');
  if (value === '(none)') return t('reports.value.none');
  if (groupBy === 'tier' && tiers.includes(value)) return t(`tier.${value}` as MessageKey);
  return value;
}
