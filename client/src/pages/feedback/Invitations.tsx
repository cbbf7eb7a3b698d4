import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Form, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { Nothing, QueryState } from '../../components/States';
import { namePath } from './facts';
import { useDateTime } from './format';

const statuses = ['queued', 'sent', 'opened', 'answered', 'expired', 'suppressed'];
const statusColor: Record<string, string> = { queued: 'default', sent: 'blue', opened: 'cyan', answered: 'green', expired: 'orange', suppressed: 'red' };

/** A shareable (optionally anonymous) link, and every invitation of the survey with its status and why it was suppressed. */
export function Invitations({ surveyId }: { surveyId: number }) {
  const { t } = useI18n();
  const when = useDateTime();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [status, setStatus] = useState<string>();
  const [page, setPage] = useState(1);
  const invitations = useQuery({
    queryKey: ['invitations', surveyId, status, page],
    queryFn: () => call(api.GET('/api/surveys/{id}/invitations', { params: { path: { id: surveyId }, query: { status, page, pageSize: 20 } } })),
  });
  const share = useMutation({
    mutationFn: (v: { anonymous: boolean; language: string; validDays: number }) =>
      call(api.POST('/api/surveys/{id}/invitations', { params: { path: { id: surveyId } }, body: { channel: 'link', customerId: null, ...v } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['invitations', surveyId] }),
    onError: (error) => {
      if (error instanceof ApiError && error.problem.errors) form.setFields(Object.entries(error.problem.errors).map(([k, errors]) => ({ name: namePath(k), errors })));
    },
  });
  const link = share.data?.link ? new URL(share.data.link, window.location.origin).toString() : undefined;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('feedback.link.title')} size="small">
        <Form form={form} name="share-link" layout="inline" onFinish={(v) => share.mutate(v)} initialValues={{ anonymous: false, language: 'zh-CN', validDays: 30 }}>
          <Form.Item name="anonymous" valuePropName="checked"><Checkbox>{t('feedback.link.anonymous')}</Checkbox></Form.Item>
          <Form.Item name="language" label={t('feedback.link.language')}>
            <Select style={{ width: 120 }} options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]} />
          </Form.Item>
          <Form.Item name="validDays" label={t('feedback.dist.validDays')}><InputNumber min={1} max={365} style={{ width: 90 }} /></Form.Item>
          <Button htmlType="submit" loading={share.isPending}>{t('feedback.link.create')}</Button>
        </Form>
        {share.error && !(share.error instanceof ApiError && share.error.status === 400) && <Typography.Text type="danger">{share.error.message}</Typography.Text>}
        {link && (
          <Space orientation="vertical" style={{ marginTop: 12 }}>
            <Typography.Text>{share.data?.status === 'suppressed' ? t('feedback.link.suppressed') : t('feedback.link.ready', { date: when(share.data?.expiresAt) })}</Typography.Text>
            <Typography.Paragraph copyable={{ text: link }} code data-testid="share-link" style={{ margin: 0 }}>{link}</Typography.Paragraph>
          </Space>
        )}
      </Card>
      <Card title={t('feedback.inv.title')} size="small"
        extra={
          <Select aria-label={t('feedback.inv.status')} allowClear placeholder={t('common.all')} style={{ width: 140 }} value={status}
            onChange={(v) => { setPage(1); setStatus(v); }} options={statuses.map((s) => ({ value: s, label: t(`feedback.inv.status.${s}` as MessageKey) }))} />
        }>
        <QueryState isPending={invitations.isPending} error={invitations.error} retry={() => invitations.refetch()} />
        {invitations.data && (invitations.data.items.length ? (
          <Table size="small" rowKey="id" dataSource={invitations.data.items}
            pagination={{ current: page, pageSize: 20, total: invitations.data.total, onChange: setPage }}
            columns={[
              { title: t('feedback.inv.customer'), dataIndex: 'customerId', render: (id: number | null) => (id ? <Link to={`/customers/${id}`}>#{id}</Link> : t('feedback.inv.anonymous')) },
              { title: t('feedback.dist.channel'), dataIndex: 'channel', render: (c: string) => t(`feedback.channel.${c}` as MessageKey) },
              { title: t('feedback.inv.ticket'), dataIndex: 'ticketId', render: (id: number | null) => (id ? `#${id}` : '—') },
              {
                title: t('feedback.inv.status'), dataIndex: 'status',
                render: (s: string, i: Schemas['ListInvitationsItem']) => (
                  <Space orientation="vertical" size={0}>
                    <Tag color={statusColor[s]}>{statuses.includes(s) ? t(`feedback.inv.status.${s}` as MessageKey) : s}</Tag>
                    {i.suppressedReason && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('feedback.inv.reason')}: {i.suppressedReason}</Typography.Text>}
                  </Space>
                ),
              },
              { title: t('feedback.inv.sendAt'), dataIndex: 'sendAt', render: when },
              { title: t('feedback.inv.answeredAt'), dataIndex: 'answeredAt', render: when },
              { title: t('feedback.inv.expiresAt'), dataIndex: 'expiresAt', render: when },
            ]} />
        ) : <Nothing />)}
      </Card>
    </Space>
  );
}
