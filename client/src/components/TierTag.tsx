import { Tag } from 'antd';
import { useI18n } from '../i18n';

export const tiers = ['vip', 'standard', 'prospect'] as const;
const colours: Record<string, string> = { vip: 'gold', standard: 'blue', prospect: 'default' };

export function TierTag({ tier }: { tier: string }) {
  const { t } = useI18n();
  const known = (tiers as readonly string[]).includes(tier);
  return <Tag color={colours[tier]}>{known ? t(`tier.${tier as (typeof tiers)[number]}`) : tier}</Tag>;
}
