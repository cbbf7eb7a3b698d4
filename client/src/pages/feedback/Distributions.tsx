import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { Nothing, QueryState } from '../../components/States';
import { namePath } from './facts';
import { formatDelay, useDateTime } from './format';
import { distributionBody } from './surveyDraft';

type Request = Schemas['DistributionsRequest'];
type Item = Schemas['DistributionsItem'];

/** How a survey reaches customers by itself: after resolved tickets of a type, or on a schedule to a segment. */
export function Distributions({ surveyId }: { surveyId: number }) {
  const { t } = useI18n();
  const when = useDateTime();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const { message } = App.useApp();
  const kind = Form.useWatch('kind', form) ?? 'ticketResolved';
  const list = useQuery({
    queryKey: ['distributions', surveyId],
    queryFn: () => call(api.GET('/api/surveys/{id}/distributions', { params: { path: { id: surveyId } } })),
  });
  const types = useQuery({ queryKey: ['ticket-types'], queryFn: () => call(api.GET('/api/ticket-types')) });
  const typeName = (code?: string | null) => (code ? types.data?.items.find((x) => x.code === code)?.name ?? code : t('feedback.dist.anyType'));
  const add = useMutation({
    mutationFn: (body: Request) => call(api.POST('/api/surveys/{id}/distributions', { params: { path: { id: surveyId } }, body })),
    onSuccess: () => { message.success(t('feedback.dist.added')); client.invalidateQueries({ queryKey: ['distributions', surveyId] }); },
    onError: (error) => {
      if (error instanceof ApiError && error.problem.errors) form.setFields(Object.entries(error.problem.errors).map(([k, errors]) => ({ name: namePath(k), errors })));
    },
  });
  const stop = useMutation({
    mutationFn: (distributionId: number) => call(api.DELETE('/api/surveys/{id}/distributions/{distributionId}', { params: { path: { id: surveyId, distributionId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['distributions', surveyId] }),
  });

  return (
    <Card title={t('feedback.dist.title')} size="small">
      <QueryState isPending={list.isPending} error={list.error ?? stop.error ?? (add.error instanceof ApiError && add.error.status === 400 ? null : add.error)}
        retry={() => { add.reset(); stop.reset(); list.refetch(); }} />
      {list.data && (list.data.items.length ? (
        <Table size="small" rowKey="id" pagination={false} dataSource={list.data.items} style={{ marginBottom: 16 }}
          columns={[
            { title: t('feedback.dist.kind'), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'relationship' ? 'purple' : 'blue'}>{t(`feedback.dist.kind.${k}` as MessageKey)}</Tag> },
            { title: t('feedback.dist.channel'), dataIndex: 'channel', render: (c: string) => t(`feedback.channel.${c}` as MessageKey) },
            {
              title: t('feedback.dist.when'), key: 'when',
              render: (_: unknown, d: Item) => (d.kind === 'relationship'
                ? t('feedback.dist.every', { days: d.everyDays ?? 0, next: when(d.nextRunAt) })
                : t('feedback.dist.afterTicket', { type: typeName(d.ticketType), delay: formatDelay(d.delayMinutes, t('feedback.dist.immediately')) })),
            },
            {
              title: t('feedback.dist.segment'), key: 'segment',
              render: (_: unknown, d: Item) => (d.kind === 'relationship'
                ? [...(d.segmentTiers?.split(',').filter(Boolean).map((x) => t(`tier.${x.toLowerCase()}` as MessageKey)) ?? []), ...(d.segmentTags?.split('\n').filter(Boolean) ?? [])].join(', ') || t('common.all')
                : t('feedback.dist.ticketCustomer')),
            },
            { title: t('feedback.dist.valid'), dataIndex: 'validHours', render: (h: number) => t('feedback.dist.days', { n: Math.round(h / 24) }) },
            {
              title: '', key: 'stop',
              render: (_: unknown, d: Item) => (
                <Popconfirm title={t('feedback.dist.stopConfirm')} onConfirm={() => stop.mutate(d.id)} okText={t('feedback.dist.stop')} cancelText={t('common.cancel')}>
                  <Button size="small" danger>{t('feedback.dist.stop')}</Button>
                </Popconfirm>
              ),
            },
          ]} />
      ) : <Nothing />)}
      <Typography.Title level={5}>{t('feedback.dist.add')}</Typography.Title>
      <Form form={form} name="distribution" layout="vertical" onFinish={(v: Request) => add.mutate(distributionBody(v))} aria-label={t('feedback.dist.add')}
        initialValues={{ kind: 'ticketResolved', channel: 'email', delayMinutes: 0, validDays: 14, everyDays: 91 }}>
        <Space wrap align="start" size="large">
          <Form.Item name="kind" label={t('feedback.dist.kind')}>
            <Radio.Group options={['ticketResolved', 'relationship'].map((k) => ({ value: k, label: t(`feedback.dist.kind.${k}` as MessageKey) }))} />
          </Form.Item>
          <Form.Item name="channel" label={t('feedback.dist.channel')}>
            <Select style={{ width: 140 }} options={['email', 'sms'].map((c) => ({ value: c, label: t(`feedback.channel.${c}` as MessageKey) }))} />
          </Form.Item>
          {kind === 'ticketResolved' ? (
            <>
              <Form.Item name="ticketType" label={t('feedback.dist.ticketType')}>
                <Select style={{ width: 200 }} allowClear placeholder={t('feedback.dist.anyType')} loading={types.isPending}
                  options={(types.data?.items ?? []).map((x) => ({ value: x.code, label: x.name }))} />
              </Form.Item>
              <Form.Item name="delayMinutes" label={t('feedback.dist.delayMinutes')}><InputNumber min={0} style={{ width: 120 }} /></Form.Item>
            </>
          ) : (
            <>
              <Form.Item name="tiers" label={t('feedback.dist.tiers')}>
                <Select mode="multiple" style={{ minWidth: 200 }} placeholder={t('common.all')}
                  options={['vip', 'standard', 'prospect'].map((x) => ({ value: x, label: t(`tier.${x}` as MessageKey) }))} />
              </Form.Item>
              <Form.Item name="tags" label={t('feedback.dist.tags')}><Select mode="tags" style={{ minWidth: 200 }} open={false} /></Form.Item>
              <Form.Item name="everyDays" label={t('feedback.dist.everyDays')}><InputNumber min={1} max={366} style={{ width: 120 }} /></Form.Item>
            </>
          )}
          <Form.Item name="validDays" label={t('feedback.dist.validDays')}><InputNumber min={1} max={365} style={{ width: 100 }} /></Form.Item>
          <Form.Item name="remindAfterHours" label={t('feedback.dist.remindAfterHours')}><InputNumber min={1} style={{ width: 120 }} /></Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={add.isPending}>{t('feedback.dist.addButton')}</Button>
      </Form>
    </Card>
  );
}
