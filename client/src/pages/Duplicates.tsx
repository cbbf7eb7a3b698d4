import { Link } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Space, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { QueryState } from '../components/States';

type Item = Schemas['ListDuplicatesItem'];
type Side = Schemas['ListDuplicatesRecord'];

/** The duplicates queue: each pair side by side with what identifies it, merged (the older one survives) or dismissed by a manager. */
export default function Duplicates() {
  const { t } = useI18n();
  const queue = useQuery({ queryKey: ['duplicates'], queryFn: () => call(api.GET('/api/customers/duplicates', { params: { query: { pageSize: 50 } } })) });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1100 }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('duplicates.title')}</Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>{t('duplicates.hint')}</Typography.Paragraph>
      <QueryState isPending={queue.isPending} error={queue.error} retry={() => queue.refetch()} />
      {queue.data && queue.data.items.length === 0 && <Empty description={t('duplicates.none')} />}
      {queue.data?.items.map((item) => <Pair key={item.id} item={item} />)}
    </Space>
  );
}

function Pair({ item }: { item: Item }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const done = (text: string) => { message.success(text); client.invalidateQueries({ queryKey: ['duplicates'] }); client.invalidateQueries({ queryKey: ['customers'] }); };
  const merge = useMutation({
    mutationFn: () => call(api.POST('/api/customers/{id}/merge', { params: { path: { id: item.customer.id } }, body: { duplicateId: item.duplicate.id } })),
    onSuccess: () => done(t('duplicates.merged')),
    onError: (e) => message.error(e.message),
  });
  const dismiss = useMutation({
    mutationFn: () => call(api.POST('/api/customers/duplicates/{id}/dismiss', { params: { path: { id: item.id } } })),
    onSuccess: () => done(t('duplicates.dismissed')),
    onError: (e) => message.error(e.message),
  });
  return (
    <Card size="small" aria-label={`${item.customer.name} / ${item.duplicate.name}`}
      title={<Space>{t(`duplicates.reason.${item.reason}` as MessageKey)}{item.shared.map((s) => <Tag key={s} color="orange">{s}</Tag>)}</Space>}
      extra={
        <Space>
          <Popconfirm title={t('duplicates.mergeConfirm', { duplicate: item.duplicate.name, survivor: item.customer.name })} onConfirm={() => merge.mutate()}>
            <Button type="primary" loading={merge.isPending}>{t('duplicates.merge', { name: item.customer.name })}</Button>
          </Popconfirm>
          <Button loading={dismiss.isPending} onClick={() => dismiss.mutate()}>{t('duplicates.dismiss')}</Button>
        </Space>
      }>
      <Row gutter={16}>
        <Col span={12}><Evidence title={t('duplicates.customer')} side={item.customer} /></Col>
        <Col span={12}><Evidence title={t('duplicates.duplicate')} side={item.duplicate} /></Col>
      </Row>
    </Card>
  );
}

function Evidence({ title, side }: { title: string; side: Side }) {
  const { t } = useI18n();
  return (
    <Descriptions size="small" column={1} bordered title={<Link to={`/customers/${side.id}`}>{title} #{side.id}</Link>}
      items={[
        { key: 'name', label: t('identity.name'), children: side.name },
        { key: 'tier', label: t('identity.tier'), children: side.tier },
        { key: 'am', label: t('identity.accountManager'), children: side.accountManager ?? '—' },
        { key: 'code', label: t('identity.creditCode'), children: side.creditCode ?? '—' },
        { key: 'emails', label: t('identity.emails'), children: side.emails.join(', ') || '—' },
        { key: 'phones', label: t('identity.phones'), children: side.phones.join(', ') || '—' },
        { key: 'ids', label: t('identity.externalIds'), children: side.externalIds.map((e) => `${e.source}/${e.id}`).join(', ') || '—' },
      ]} />
  );
}
