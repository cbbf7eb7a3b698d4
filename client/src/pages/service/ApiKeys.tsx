import { useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography, type InputRef } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { copyText } from '../../components/copyText';
import { bannerError, showFormErrors } from './errors';
import { roles } from './workflowRules';

const scopes = ['*', 'customers', 'tickets', 'surveys', 'rules', 'reports'] as const;

/** API keys for integrations: created with a role and scopes, the secret shown once, revoked at once. */
export default function ApiKeys() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => call(api.GET('/api/api-keys')) });
  const [created, setCreated] = useState<Schemas['CreateApiKeyResponse'] | null>(null);
  const create = useMutation({
    mutationFn: (v: { name: string; role: string; scopes: string[]; expiresAt?: Dayjs | null }) =>
      call(api.POST('/api/api-keys', { body: { name: v.name, role: v.role, scopes: v.scopes, expiresAt: v.expiresAt ? v.expiresAt.endOf('day').toISOString() : null } })),
    onSuccess: (key) => { form.resetFields(); setCreated(key); client.invalidateQueries({ queryKey: ['api-keys'] }); },
    onError: (error) => showFormErrors(form, error),
  });
  const revoke = useMutation({
    mutationFn: (id: number) => call(api.DELETE('/api/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => { message.success(t('service.keys.revoked')); client.invalidateQueries({ queryKey: ['api-keys'] }); },
  });
  const secret = useRef<InputRef>(null);
  const copy = async () => {
    if (await copyText(created?.key ?? '', secret.current?.input ?? null)) message.success(t('service.keys.copied'));
    else { secret.current?.select(); message.warning(t('service.keys.copyFailed')); }
  };
  const when = (d?: string | null) => (d ? new Date(d).toLocaleString(language) : '—');
  const list = keys.data?.items ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('service.keys.title')}</Typography.Title>
      <Card title={t('service.keys.list')}>
        <QueryState isPending={keys.isPending} error={keys.error ?? revoke.error} retry={() => keys.refetch()} />
        {keys.isSuccess && list.length === 0 ? <Nothing /> : keys.isSuccess && (
          <Table size="small" rowKey="id" pagination={false} dataSource={list} scroll={{ x: 900 }}
            columns={[
              { title: t('service.keys.name'), dataIndex: 'name' },
              { title: t('service.keys.prefix'), dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
              { title: t('service.keys.role'), dataIndex: 'role' },
              { title: t('service.keys.scopes'), dataIndex: 'scopes', render: (s: string) => s.split(',').map((x) => <Tag key={x}>{x === '*' ? t('service.keys.allScopes') : x}</Tag>) },
              { title: t('service.keys.createdBy'), dataIndex: 'createdBy' },
              { title: t('service.keys.createdAt'), dataIndex: 'createdAt', render: when },
              {
                title: t('service.keys.lastUsed'),
                render: (_, k) => (k.lastUsedAt ? `${when(k.lastUsedAt)}${k.lastUsedFrom ? ` · ${t('service.keys.lastUsedFrom', { address: k.lastUsedFrom })}` : ''}` : ''),
              },
              { title: t('service.keys.expires'), dataIndex: 'expiresAt', render: when },
              { title: t('service.keys.status'), render: (_, k) => (k.revokedAt
                ? <Tag color="red">{t('service.keys.revokedAt', { when: when(k.revokedAt) })}</Tag>
                : (
                  <Popconfirm title={t('service.keys.revokeConfirm', { name: k.name })} description={t('service.keys.revokeWarning')}
                    okText={t('service.keys.revoke')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => revoke.mutateAsync(k.id)}>
                    <Button size="small" danger aria-label={t('service.keys.revokeOf', { name: k.name })}>{t('service.keys.revoke')}</Button>
                  </Popconfirm>
                )) },
            ]} />
        )}
      </Card>
      <Card title={t('service.keys.new')}>
        <QueryState isPending={false} error={bannerError(create.error)} retry={() => create.reset()} />
        <Form form={form} layout="inline" initialValues={{ role: 'agent', scopes: ['tickets'] }} onFinish={(v) => create.mutate(v)}>
          <Form.Item name="name" label={t('service.keys.name')} rules={[{ required: true, message: t('service.required') }]}><Input style={{ width: 180 }} /></Form.Item>
          <Form.Item name="role" label={t('service.keys.role')}><Select style={{ width: 150 }} options={roles.map((r) => ({ value: r, label: t(`service.role.${r}`) }))} /></Form.Item>
          <Form.Item name="scopes" label={t('service.keys.scopes')}>
            <Select mode="multiple" style={{ minWidth: 220 }} options={scopes.map((s) => ({ value: s, label: s === '*' ? t('service.keys.allScopes') : s }))} />
          </Form.Item>
          <Form.Item name="expiresAt" label={t('service.keys.expires')}><DatePicker /></Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>{t('service.keys.create')}</Button>
        </Form>
      </Card>
      <Modal open={!!created} title={t('service.keys.createdTitle', { name: created?.name ?? '' })} onCancel={() => setCreated(null)} closable
        footer={<Button type="primary" onClick={() => setCreated(null)}>{t('service.keys.done')}</Button>}>
        <Alert type="warning" showIcon title={t('service.keys.once')} style={{ marginBottom: 12 }} />
        <Space.Compact style={{ width: '100%' }}>
          <Input ref={secret} readOnly value={created?.key} aria-label={t('service.keys.secret')} style={{ fontFamily: 'monospace' }} />
          <Button type="primary" onClick={copy}>{t('service.keys.copy')}</Button>
        </Space.Compact>
      </Modal>
    </Space>
  );
}
