import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, InputNumber, Space, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { QueryState } from '../../components/States';
import { namePath } from './facts';
import { ApiError } from '../../api/client';

const tiers = ['default', 'vip', 'standard', 'prospect'] as const;
const tierKey = (tier: string) => (tier === 'default' ? 'feedback.fatigue.default' : `tier.${tier}`) as MessageKey;

/** The quiet period and the cap per tier: how often one customer may be asked, across every survey and channel. */
export function FatiguePolicies() {
  const { t } = useI18n();
  const policies = useQuery({ queryKey: ['fatigue-policies'], queryFn: () => call(api.GET('/api/survey-fatigue-policies')) });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('feedback.fatigue.hint')}</Typography.Text>
      <QueryState isPending={policies.isPending} error={policies.error} retry={() => policies.refetch()} />
      {policies.data && tiers.map((tier) => (
        <TierPolicy key={tier} tier={tier} policy={policies.data.items.find((p) => p.tier.toLowerCase() === tier) ?? policies.data.items.find((p) => p.tier === 'default')} />
      ))}
    </Space>
  );
}

function TierPolicy({ tier, policy }: { tier: string; policy?: Schemas['FatiguePoliciesItem'] }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (body: Schemas['FatiguePoliciesRequest']) => call(api.PUT('/api/survey-fatigue-policies/{tier}', { params: { path: { tier } }, body })),
    onSuccess: () => { message.success(t('feedback.fatigue.saved', { tier: t(tierKey(tier)) })); client.invalidateQueries({ queryKey: ['fatigue-policies'] }); },
    onError: (error) => {
      if (error instanceof ApiError && error.problem.errors) form.setFields(Object.entries(error.problem.errors).map(([k, errors]) => ({ name: namePath(k), errors })));
    },
  });
  const label = t(tierKey(tier));
  return (
    <Form form={form} name={`fatigue-${tier}`} layout="inline" aria-label={label} onFinish={(v) => save.mutate(v)}
      initialValues={{ quietDays: policy?.quietDays ?? 14, capCount: policy?.capCount ?? 2, capDays: policy?.capDays ?? 90 }}>
      <Typography.Text strong style={{ width: 80, lineHeight: '32px' }}>{label}</Typography.Text>
      <Form.Item name="quietDays" label={t('feedback.fatigue.quietDays')}><InputNumber min={0} max={365} style={{ width: 90 }} /></Form.Item>
      <Form.Item name="capCount" label={t('feedback.fatigue.capCount')}><InputNumber min={1} max={100} style={{ width: 90 }} /></Form.Item>
      <Form.Item name="capDays" label={t('feedback.fatigue.capDays')}><InputNumber min={1} max={3650} style={{ width: 90 }} /></Form.Item>
      <Button htmlType="submit" loading={save.isPending} aria-label={t('feedback.fatigue.save', { tier: label })}>{t('common.save')}</Button>
      {save.error && !(save.error instanceof ApiError && save.error.status === 400) && <Typography.Text type="danger">{save.error.message}</Typography.Text>}
    </Form>
  );
}
