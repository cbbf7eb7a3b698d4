import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useCan } from '../api/permissions';
import dayjs from 'dayjs';
import { api, call, showFieldErrors, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { QueryState } from '../components/States';
import { TierTag, tiers } from '../components/TierTag';
import { lifecycleStatuses, type LifecycleStatus } from './CustomerLifecycle';

type Item = Schemas['ListCustomersItem'];

export default function Customers() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const filters = {
    q: params.get('q') ?? undefined,
    tier: params.get('tier') ?? undefined,
    tag: params.get('tag') ?? undefined,
    accountManager: params.get('accountManager') ?? undefined,
    contractEndsBefore: params.get('contractEndsBefore') ?? undefined,
    page: Number(params.get('page') ?? 1),
    pageSize: Number(params.get('pageSize') ?? 25),
    archived: params.get('archived') === 'true' ? true : undefined,
    lifecycle: params.get('lifecycle') ?? undefined,
  };
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const restore = useMutation({
    mutationFn: (id: number) => call(api.POST('/api/customers/{id}/restore', { params: { path: { id } } })),
    onSuccess: (c) => { message.success(t('customers.restored', { name: c.name })); client.invalidateQueries({ queryKey: ['customers'] }); },
    onError: (e) => message.error(e.message),
  });
  const list = useQuery({
    queryKey: ['customers', filters],
    queryFn: () => call(api.GET('/api/customers', { params: { query: filters } })),
    placeholderData: (previous) => previous,
  });
  const set = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k); else next.set(k, String(v));
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const [creating, setCreating] = useState(false);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('customers.title')}</Typography.Title>
        <Space>
          {can('customers.export') && <Link to="/customers/import"><Button>{t('nav.import')}</Button></Link>}
          <Button type="primary" onClick={() => setCreating(true)}>{t('customers.new')}</Button>
        </Space>
      </Space>
      <Space wrap>
        <Input.Search
          aria-label={t('common.search')} placeholder={t('customers.search')} allowClear defaultValue={filters.q}
          onSearch={(q) => set({ q })} style={{ width: 280 }}
        />
        <Select
          aria-label={t('customers.tier')} placeholder={t('customers.tier')} allowClear value={filters.tier} style={{ width: 140 }}
          options={tiers.map((tier) => ({ value: tier, label: t(`tier.${tier}`) }))} onChange={(tier) => set({ tier })}
        />
        <Select
          aria-label={t('customers.lifecycle')} placeholder={t('customers.lifecycle')} allowClear value={filters.lifecycle} style={{ width: 140 }}
          options={lifecycleStatuses.map((s) => ({ value: s, label: t(`customers.lifecycle.${s}`) }))} onChange={(lifecycle) => set({ lifecycle })}
        />
        <Input aria-label={t('customers.tag')} placeholder={t('customers.tag')} allowClear defaultValue={filters.tag} style={{ width: 140 }}
          onPressEnter={(e) => set({ tag: e.currentTarget.value })} onClear={() => set({ tag: undefined })} />
        <Input aria-label={t('customers.accountManager')} placeholder={t('customers.accountManager')} allowClear defaultValue={filters.accountManager}
          style={{ width: 160 }} onPressEnter={(e) => set({ accountManager: e.currentTarget.value })} onClear={() => set({ accountManager: undefined })} />
        <DatePicker
          aria-label={t('customers.contractEndsBefore')} placeholder={t('customers.contractEndsBefore')}
          value={filters.contractEndsBefore ? dayjs(filters.contractEndsBefore) : null}
          onChange={(d) => set({ contractEndsBefore: d ? d.format('YYYY-MM-DD') : undefined })}
        />
        {can('customers.archive') && (
          <Checkbox checked={!!filters.archived} onChange={(e) => set({ archived: e.target.checked ? 'true' : undefined })}>{t('customers.showArchived')}</Checkbox>
        )}
      </Space>
      <QueryState isPending={false} error={list.error} retry={() => list.refetch()} />
      <Table<Item>
        rowKey="id" loading={list.isFetching} dataSource={list.data?.items ?? []}
        onRow={(row) => ({ onClick: (e) => { if (!filters.archived && !(e.target as HTMLElement).closest('a,button')) navigate(`/customers/${row.id}`); }, style: { cursor: filters.archived ? 'default' : 'pointer' } })}
        pagination={{
          current: filters.page, pageSize: filters.pageSize, total: list.data?.total ?? 0, showSizeChanger: true,
          showTotal: (n) => t('customers.total', { n }), onChange: (page, pageSize) => set({ page, pageSize }),
        }}
        columns={[
          { title: t('customers.name'), dataIndex: 'name', render: (name: string, row) => <Link to={`/customers/${row.id}`}>{name}</Link> },
          { title: t('customers.tier'), dataIndex: 'tier', render: (tier: string) => <TierTag tier={tier} /> },
          { title: t('customers.accountManager'), dataIndex: 'accountManager' },
          {
            title: t('customers.lifecycle'), dataIndex: 'lifecycleStatus',
            render: (s?: string | null) => s && (lifecycleStatuses as readonly string[]).includes(s) ? t(`customers.lifecycle.${s as LifecycleStatus}`) : null,
          },
          { title: t('customers.contact'), render: (_, row) => row.email ?? row.phone },
          { title: t('customers.tags'), dataIndex: 'tags', render: (tags: string[] = []) => tags.map((tag) => <Tag key={tag}>{tag}</Tag>) },
          { title: t('customers.nextContractEnd'), dataIndex: 'nextContractEnd' },
          ...(filters.archived ? [{
            title: '', key: 'restore',
            render: (_: unknown, row: Item) => <Button size="small" loading={restore.isPending} onClick={() => restore.mutate(row.id)}>{t('customers.restore')}</Button>,
          }] : []),
        ]}
      />
      <NewCustomer open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}

function NewCustomer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const create = useMutation({
    mutationFn: (body: Schemas['CreateCustomerRequest']) => call(api.POST('/api/customers', { body })),
    onSuccess: (customer) => {
      client.invalidateQueries({ queryKey: ['customers'] });
      message.success(t('customers.created'));
      onClose();
      navigate(`/customers/${customer.id}`);
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <Modal title={t('customers.new')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')}
      cancelText={t('common.cancel')} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(values) => create.mutate(values)} initialValues={{ tier: 'standard' }}>
        <Form.Item label={t('customers.name')} name="name" rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item label={t('customers.tier')} name="tier" rules={[{ required: true }]}>
          <Select options={tiers.map((tier) => ({ value: tier, label: t(`tier.${tier}`) }))} />
        </Form.Item>
        <Form.Item label={t('customers.accountManager')} name="accountManager"><Input /></Form.Item>
      </Form>
    </Modal>
  );
}
