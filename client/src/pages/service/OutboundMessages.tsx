import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { Nothing, QueryState } from '../../components/States';

type Message = Schemas['OutboundOperationsMessage'];

/** The statuses in the order a message lives them; the page opens on what needs someone: failed. */
export const statuses = ['queued', 'sending', 'failed', 'parked', 'sent', 'dropped', 'cancelled'] as const;
const modules = ['surveys', 'rules', 'tickets'] as const;
const colours: Record<string, string> = { queued: 'blue', sending: 'processing', sent: 'green', dropped: 'default', failed: 'red', parked: 'orange', cancelled: 'default' };

/** What an operator may do with a message: retry one that has somebody to go to, cancel one not yet settled for good. */
export const canRetry = (status: string, recipient?: string | null) => ['failed', 'parked', 'cancelled'].includes(status) && !!recipient;
export const canCancel = (status: string) => ['queued', 'failed', 'parked'].includes(status);

/** Every message Csm sends, by status: what it is, whom it is for, what the server said; retry and cancel. Managers. */
export default function OutboundMessages() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<string>('failed');
  const [module, setModule] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['outbound', status, module, page],
    queryFn: () => call(api.GET('/api/operations/outbound', { params: { query: { status, module, page, pageSize: 25 } } })),
  });
  const done = (key: MessageKey, id: number) => {
    message.success(t(key, { id }));
    client.invalidateQueries({ queryKey: ['outbound'] });
  };
  const retry = useMutation({
    mutationFn: (id: number) => call(api.POST('/api/operations/outbound/{id}/retry', { params: { path: { id } } })),
    onSuccess: (_, id) => done('ops.outbound.retried', id),
  });
  const cancel = useMutation({
    mutationFn: (id: number) => call(api.POST('/api/operations/outbound/{id}/cancel', { params: { path: { id } } })),
    onSuccess: (_, id) => done('ops.outbound.cancelled', id),
  });
  const when = (d?: string | null) => (d ? new Date(d).toLocaleString(language) : '');
  const counts = list.data?.counts ?? {};
  const label = (key: string, prefix: string) => t(`${prefix}.${key}` as MessageKey);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('ops.outbound.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('ops.outbound.intro')}</Typography.Paragraph>
      <Card>
        <Space wrap style={{ marginBottom: 8 }}>
          <Select aria-label={t('ops.outbound.module')} style={{ width: 180 }} value={module ?? ''}
            onChange={(v) => { setModule(v || undefined); setPage(1); }}
            options={[{ value: '', label: t('ops.outbound.allModules') }, ...modules.map((m) => ({ value: m, label: label(m, 'ops.outbound.module') }))]} />
        </Space>
        <Tabs activeKey={status} onChange={(s) => { setStatus(s); setPage(1); }}
          items={statuses.map((s) => ({ key: s, label: `${label(s, 'ops.outbound.status')} (${counts[s] ?? 0})` }))} />
        <QueryState isPending={list.isPending} error={list.error ?? retry.error ?? cancel.error} retry={() => list.refetch()} />
        {list.isSuccess && list.data.items.length === 0 ? <Nothing /> : list.isSuccess && (
          <Table<Message> size="small" rowKey="id" dataSource={list.data.items} scroll={{ x: 1100 }}
            pagination={{ current: page, pageSize: 25, total: list.data.total, onChange: setPage, showSizeChanger: false }}
            columns={[
              { title: '#', dataIndex: 'id', width: 70 },
              { title: t('ops.outbound.channel'), dataIndex: 'channel', render: (c: string) => label(c, 'ops.outbound.channel') },
              { title: t('ops.outbound.recipient'), dataIndex: 'recipient', render: (r?: string | null) => r ?? t('ops.outbound.nobody') },
              { title: t('ops.outbound.subject'), dataIndex: 'subject', ellipsis: true },
              { title: t('ops.outbound.belongsTo'), render: (_, m) => `${label(m.module, 'ops.outbound.module')} · ${m.businessKey}` },
              { title: t('ops.outbound.attempts'), dataIndex: 'attempts', width: 90 },
              {
                title: t('ops.outbound.outcome'),
                render: (_, m) => <Typography.Text type={m.lastError ? 'danger' : undefined}>{m.lastError ?? m.serverReply ?? ''}</Typography.Text>,
              },
              {
                title: t('ops.outbound.when'),
                render: (_, m) => (m.settledAt ? t('ops.outbound.settled', { when: when(m.settledAt) }) : t('ops.outbound.due', { when: when(m.dueAt) })),
              },
              {
                title: '', width: 180,
                render: (_, m) => (
                  <Space>
                    <Tag color={colours[m.status]}>{label(m.status, 'ops.outbound.status')}</Tag>
                    {canRetry(m.status, m.recipient) && (
                      <Button size="small" aria-label={t('ops.outbound.retryOf', { id: m.id })} loading={retry.isPending && retry.variables === m.id}
                        onClick={() => retry.mutate(m.id)}>{t('ops.outbound.retry')}</Button>
                    )}
                    {canCancel(m.status) && (
                      <Popconfirm title={t('ops.outbound.cancelConfirm')} okText={t('ops.outbound.cancel')} cancelText={t('common.cancel')}
                        okButtonProps={{ danger: true }} onConfirm={() => cancel.mutateAsync(m.id)}>
                        <Button size="small" danger aria-label={t('ops.outbound.cancelOf', { id: m.id })}>{t('ops.outbound.cancel')}</Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]} />
        )}
      </Card>
    </Space>
  );
}
