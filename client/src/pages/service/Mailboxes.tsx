import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { bannerError, showFormErrors } from './errors';

type Mailbox = Schemas['MailboxView'];
type Values = Schemas['CreateMailboxRequest'];
const tlsModes = ['ssl', 'startTls', 'none'] as const;

/** The IMAP mailboxes Csm polls for e-mail to ticket: set up, tested against the server, and what they could not take. */
export default function Mailboxes() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const [editing, setEditing] = useState<Mailbox | 'new' | null>(null);
  const [parkedOf, setParkedOf] = useState<Mailbox | null>(null);
  const [tested, setTested] = useState<{ name: string; answer: Schemas['TestMailboxAnswer'] } | null>(null);
  const mailboxes = useQuery({ queryKey: ['mailboxes'], queryFn: () => call(api.GET('/api/mailboxes')) });
  const types = useQuery({ queryKey: ['ticket-types'], queryFn: () => call(api.GET('/api/ticket-types')) });
  const parked = useQuery({
    queryKey: ['mailboxes', parkedOf?.id, 'parked'], enabled: !!parkedOf,
    queryFn: () => call(api.GET('/api/mailboxes/{id}/parked', { params: { path: { id: parkedOf!.id }, query: { pageSize: 100 } } })),
  });
  const save = useMutation({
    mutationFn: (v: Values) => (editing && editing !== 'new'
      ? call(api.PUT('/api/mailboxes/{id}', { params: { path: { id: editing.id } }, body: { ...v, secret: v.secret || null, isEnabled: v.isEnabled ?? true, version: editing.version } }))
      : call(api.POST('/api/mailboxes', { body: v }))),
    onSuccess: (m) => { message.success(t('mailboxes.saved', { name: m.name })); setEditing(null); client.invalidateQueries({ queryKey: ['mailboxes'] }); },
    onError: (error) => showFormErrors(form, error),
  });
  const test = useMutation({
    mutationFn: (m: Mailbox) => call(api.POST('/api/mailboxes/{id}/test', { params: { path: { id: m.id } } })).then((answer) => ({ name: m.name, answer })),
    onSuccess: setTested,
  });
  const remove = useMutation({
    mutationFn: (m: Mailbox) => call(api.DELETE('/api/mailboxes/{id}', { params: { path: { id: m.id } } })).then(() => m),
    onSuccess: (m) => { message.success(t('mailboxes.deleted', { name: m.name })); client.invalidateQueries({ queryKey: ['mailboxes'] }); },
    onError: (error) => message.error(error instanceof Error ? error.message : String(error)),
  });
  // A parked message taken again (after fixing what stopped it) or let go; the list shows what is left.
  const retry = useMutation({
    mutationFn: (recordId: number) => call(api.POST('/api/mailboxes/{id}/parked/{recordId}/retry', { params: { path: { id: parkedOf!.id, recordId } } })),
    onSuccess: (a) => {
      if (a.outcome === 'parked') message.warning(t('mailboxes.retryParked', { reason: a.reason ?? '' }));
      else message.success(a.number ? t('mailboxes.retryTicket', { number: a.number }) : t('mailboxes.retryTaken'));
      client.invalidateQueries({ queryKey: ['mailboxes', parkedOf?.id, 'parked'] });
    },
    onError: (error) => message.error(error instanceof Error ? error.message : String(error)),
  });
  const discard = useMutation({
    mutationFn: (recordId: number) => call(api.POST('/api/mailboxes/{id}/parked/{recordId}/discard', { params: { path: { id: parkedOf!.id, recordId } } })),
    onSuccess: () => { message.success(t('mailboxes.discarded')); client.invalidateQueries({ queryKey: ['mailboxes', parkedOf?.id, 'parked'] }); },
    onError: (error) => message.error(error instanceof Error ? error.message : String(error)),
  });
  const open = (m: Mailbox | 'new') => {
    form.resetFields();
    form.setFieldsValue(m === 'new'
      ? { port: 993, tls: 'ssl', folder: 'INBOX', ticketType: 'inquiry', isEnabled: true }
      : { name: m.name, host: m.host, port: m.port, tls: m.tls, userName: m.userName, folder: m.folder, ticketType: m.ticketType, isEnabled: m.isEnabled });
    setEditing(m);
  };
  const when = (d?: string | null) => (d ? new Date(d).toLocaleString(language) : '');
  const list = mailboxes.data?.items ?? [];
  const required = [{ required: true, message: t('mailboxes.required') }];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('mailboxes.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('mailboxes.intro')}</Typography.Paragraph>
      <Card title={t('mailboxes.list')} extra={<Button type="primary" onClick={() => open('new')}>{t('mailboxes.new')}</Button>}>
        <QueryState isPending={mailboxes.isPending} error={mailboxes.error ?? test.error} retry={() => mailboxes.refetch()} />
        {tested && (
          <Alert closable onClose={() => setTested(null)} style={{ marginBottom: 12 }} type={tested.answer.ok ? 'success' : 'error'} showIcon
            title={`${tested.name}: ${t(tested.answer.ok ? 'mailboxes.testOk' : 'mailboxes.testFailed', { detail: tested.answer.detail })}`} />
        )}
        {mailboxes.isSuccess && list.length === 0 ? <Nothing /> : mailboxes.isSuccess && (
          <Table size="small" rowKey="id" pagination={false} dataSource={list} scroll={{ x: 1000 }}
            columns={[
              { title: t('mailboxes.name'), dataIndex: 'name' },
              { title: t('mailboxes.server'), render: (_, m) => `${m.host}:${m.port} · ${t(`mailboxes.tls.${m.tls}`)}` },
              { title: t('mailboxes.userName'), dataIndex: 'userName' },
              { title: t('mailboxes.folder'), dataIndex: 'folder' },
              { title: t('mailboxes.ticketType'), dataIndex: 'ticketType' },
              { title: t('mailboxes.enabled'), render: (_, m) => (!m.isEnabled ? <Tag>—</Tag>
                : <Space orientation="vertical" size={0}><Tag color="green">{t('mailboxes.enabled')}</Tag>
                  <Typography.Text type="secondary">{t(m.idle ? 'mailboxes.watch.idle' : 'mailboxes.watch.poll')}</Typography.Text></Space>) },
              { title: t('mailboxes.lastPolled'), render: (_, m) => (m.lastPolledAt
                ? <Space orientation="vertical" size={0}>{when(m.lastPolledAt)}{m.lastError ? <Typography.Text type="danger">{m.lastError}</Typography.Text> : <Tag color="green">{t('mailboxes.ok')}</Tag>}</Space>
                : t('mailboxes.never')) },
              { title: '', render: (_, m) => (
                <Space wrap>
                  <Button size="small" onClick={() => open(m)} aria-label={t('mailboxes.editOf', { name: m.name })}>{t('mailboxes.edit')}</Button>
                  <Button size="small" loading={test.isPending && test.variables?.id === m.id} onClick={() => test.mutate(m)}
                    aria-label={t('mailboxes.testOf', { name: m.name })}>{t('mailboxes.test')}</Button>
                  <Button size="small" onClick={() => setParkedOf(m)} aria-label={t('mailboxes.parkedOf', { name: m.name })}>{t('mailboxes.parked')}</Button>
                  <Popconfirm title={t('mailboxes.deleteConfirm', { name: m.name })} okText={t('mailboxes.delete')} cancelText={t('common.cancel')}
                    onConfirm={() => remove.mutate(m)}>
                    <Button size="small" danger loading={remove.isPending && remove.variables?.id === m.id}
                      aria-label={t('mailboxes.deleteOf', { name: m.name })}>{t('mailboxes.delete')}</Button>
                  </Popconfirm>
                </Space>
              ) },
            ]} />
        )}
      </Card>
      <Modal open={!!editing} destroyOnHidden title={editing && editing !== 'new' ? t('mailboxes.editOf', { name: editing.name }) : t('mailboxes.new')}
        onCancel={() => setEditing(null)} okText={t('mailboxes.save')} cancelText={t('common.cancel')} confirmLoading={save.isPending} onOk={() => form.submit()}>
        <QueryState isPending={false} error={bannerError(save.error)} retry={() => save.reset()} />
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={t('mailboxes.name')} rules={required}><Input maxLength={100} /></Form.Item>
          <Space.Compact block>
            <Form.Item name="host" label={t('mailboxes.host')} rules={required} style={{ flex: 1 }}><Input placeholder="imap.example.cn" /></Form.Item>
            <Form.Item name="port" label={t('mailboxes.port')} rules={required}><InputNumber min={1} max={65535} /></Form.Item>
            <Form.Item name="tls" label={t('mailboxes.tls')}>
              <Select style={{ width: 130 }} options={tlsModes.map((m) => ({ value: m, label: t(`mailboxes.tls.${m}`) }))} />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="userName" label={t('mailboxes.userName')} rules={required}><Input autoComplete="off" /></Form.Item>
          <Form.Item name="secret" label={t('mailboxes.secret')} rules={editing === 'new' ? required : []}
            extra={editing !== 'new' ? t('mailboxes.secretKept') : undefined}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="folder" label={t('mailboxes.folder')}><Input /></Form.Item>
          <Form.Item name="ticketType" label={t('mailboxes.ticketType')} rules={required}>
            <Select options={(types.data?.items ?? []).filter((x) => x.isActive).map((x) => ({ value: x.code, label: x.name }))} />
          </Form.Item>
          <Form.Item name="isEnabled" label={t('mailboxes.enabled')} valuePropName="checked"><Switch /></Form.Item>
        </Form>
      </Modal>
      <Modal open={!!parkedOf} width={900} footer={null} onCancel={() => setParkedOf(null)} title={parkedOf ? t('mailboxes.parkedOf', { name: parkedOf.name }) : ''}>
        <QueryState isPending={parked.isPending} error={parked.error} retry={() => parked.refetch()} />
        {parked.isSuccess && (parked.data.items.length === 0 ? <Typography.Text>{t('mailboxes.parkedNone')}</Typography.Text> : (
          <Table size="small" rowKey="id" pagination={false} dataSource={parked.data.items}
            columns={[
              { title: t('mailboxes.received'), dataIndex: 'receivedAt', render: when },
              { title: t('mailboxes.sender'), dataIndex: 'sender' },
              { title: t('mailboxes.subject'), dataIndex: 'subject' },
              { title: t('mailboxes.reason'), dataIndex: 'reason' },
              { title: '', render: (_, p) => (
                <Space>
                  <Button size="small" loading={retry.isPending && retry.variables === p.id} onClick={() => retry.mutate(p.id)}
                    aria-label={t('mailboxes.retryOf', { subject: p.subject ?? '' })}>{t('mailboxes.retry')}</Button>
                  <Popconfirm title={t('mailboxes.discardConfirm')} okText={t('mailboxes.discard')} cancelText={t('common.cancel')} onConfirm={() => discard.mutate(p.id)}>
                    <Button size="small" aria-label={t('mailboxes.discardOf', { subject: p.subject ?? '' })}>{t('mailboxes.discard')}</Button>
                  </Popconfirm>
                </Space>
              ) },
            ]} />
        ))}
      </Modal>
    </Space>
  );
}
