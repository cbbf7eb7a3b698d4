import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Select, Space, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../api/client';
import { useCan } from '../api/permissions';
import { useI18n } from '../i18n';

export const lifecycleStatuses = ['active', 'atRisk', 'churned', 'wonBack'] as const;
export type LifecycleStatus = (typeof lifecycleStatuses)[number];
type Status = LifecycleStatus;
const colour: Record<Status, string> = { active: 'green', atRisk: 'orange', churned: 'red', wonBack: 'blue' };

/**
 * Where the customer stands (active, at risk, churned, won back), whether a person or source said so or it was derived
 * from contracts and orders, and since when; those who may change the profile set it here.
 */
export function CustomerLifecycle({ customer }: { customer: Schemas['CustomerView'] }) {
  const { t, language } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const id = customer.id;
  const lifecycle = customer.lifecycle;
  const set = useMutation({
    mutationFn: (status: Status) => call(api.PUT('/api/customers/{id}/lifecycle', { params: { path: { id } }, body: { status } })),
    onSuccess: () => { message.success(t('customers.lifecycle.saved')); client.invalidateQueries({ queryKey: ['customer360', id] }); },
    onError: (e) => message.error(e.message),
  });
  const status = lifecycle?.status as Status | undefined;
  const since = lifecycle?.since ? new Date(lifecycle.since).toLocaleDateString(language) : null;
  const origin = lifecycle ? t(lifecycle.origin === 'derived' ? 'customers.lifecycle.derived' : 'customers.lifecycle.explicit') : null;
  const settable = !customer.erased && can('customers.profile', customer.accountManager ?? null);
  const told = since ? t('customers.lifecycle.since', { origin: origin ?? '', day: since }) : origin;
  return (
    <Space size={4}>
      {settable ? (
        <Select<Status> size="small" style={{ width: 140 }} aria-label={t('customers.lifecycle.set')} placeholder={t('customers.lifecycle.unknown')}
          value={status} loading={set.isPending} onChange={(s) => set.mutate(s)}
          options={lifecycleStatuses.map((s) => ({ value: s, label: t(`customers.lifecycle.${s}`) }))} />
      ) : <Tag color={status ? colour[status] : undefined}>{status ? t(`customers.lifecycle.${status}`) : t('customers.lifecycle.unknown')}</Tag>}
      {told && <Typography.Text type="secondary" data-testid="lifecycle-origin">{told}</Typography.Text>}
    </Space>
  );
}
