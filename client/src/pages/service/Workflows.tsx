import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { api, call, showFieldErrors, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { WorkflowEditor } from './WorkflowEditor';
import { stageLabel } from './workflowRules';
import { bannerError } from './errors';

const ticketKinds = ['repair', 'complaint', 'inquiry', 'task'] as const;
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;

/** Ticket types and the workflows they follow; a workflow opens in the stage editor. */
export default function Workflows() {
  const { t, language } = useI18n();
  const client = useQueryClient();
  const workflows = useQuery({ queryKey: ['workflows'], queryFn: () => call(api.GET('/api/workflows')) });
  const [editing, setEditing] = useState<{ workflow?: Schemas['WorkflowView'] } | null>(null);
  const [notice, setNotice] = useState<string>();
  const list = workflows.data?.items ?? [];

  const done = (previous: Schemas['WorkflowView'] | undefined, saved?: Schemas['WorkflowView']) => {
    setEditing(null);
    if (!saved) { client.invalidateQueries({ queryKey: ['workflows'] }); return; }
    // Tickets already on the workflow kept the old row: the server saved a new one beside it.
    setNotice(previous && saved.id !== previous.id
      ? t('service.wf.newVersion', { code: saved.code ?? '', version: saved.version ?? 0, old: previous.version ?? 0 })
      : t('service.wf.savedAs', { code: saved.code ?? '', version: saved.version ?? 0 }));
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('service.wf.title')}</Typography.Title>
      <TicketTypes workflows={list} />
      <Card title={t('service.wf.workflows')} extra={<Button type="primary" onClick={() => { setNotice(undefined); setEditing({}); }}>{t('service.wf.new')}</Button>}>
        <QueryState isPending={workflows.isPending} error={workflows.error} retry={() => workflows.refetch()} />
        {notice && <Alert type="success" showIcon title={notice} role="status" closable={{ onClose: () => setNotice(undefined) }} style={{ marginBottom: 12 }} />}
        {workflows.isSuccess && list.length === 0 ? <Nothing /> : workflows.isSuccess && (
          <Table size="small" rowKey="code" pagination={false} dataSource={list}
            columns={[
              { title: t('service.wf.code'), dataIndex: 'code' },
              { title: t('service.wf.name'), dataIndex: 'name', render: (n: string) => stageLabel(n, language) },
              { title: t('service.wf.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
              { title: t('service.wf.stages'), render: (_, w) => (
                <Space size={2} wrap>{(w.stages ?? []).map((s) => <Tag key={s.code} color={s.isStart ? 'blue' : s.isFinal ? 'green' : undefined}>{stageLabel(s.name, language)}</Tag>)}</Space>) },
              { title: '', render: (_, w) => (
                <Button size="small" aria-label={t('service.wf.editOf', { code: w.code ?? '' })} onClick={() => { setNotice(undefined); setEditing({ workflow: w }); }}>{t('service.edit')}</Button>) },
            ]} />
        )}
      </Card>
      {editing && <WorkflowEditor key={editing.workflow?.code ?? 'new'} workflow={editing.workflow} onDone={(saved) => done(editing.workflow, saved)} />}
    </Space>
  );
}

function TicketTypes({ workflows }: { workflows: Schemas['WorkflowView'][] }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const types = useQuery({ queryKey: ['ticket-types'], queryFn: () => call(api.GET('/api/ticket-types')) });
  const create = useMutation({
    mutationFn: (body: Schemas['CreateTicketTypeRequest']) => call(api.POST('/api/ticket-types', { body })),
    onSuccess: () => { form.resetFields(); message.success(t('service.tt.created')); client.invalidateQueries({ queryKey: ['ticket-types'] }); },
    onError: (error) => showFieldErrors(form, error),
  });
  const items = types.data?.items ?? [];
  return (
    <Card title={t('service.tt.title')}>
      <QueryState isPending={types.isPending} error={types.error ?? bannerError(create.error)} retry={() => types.refetch()} />
      {types.isSuccess && items.length === 0 ? <Nothing /> : types.isSuccess && (
        <Table size="small" rowKey="code" pagination={false} dataSource={items}
          columns={[
            { title: t('service.tt.code'), dataIndex: 'code' },
            { title: t('service.tt.name'), dataIndex: 'name', render: (n: string) => stageLabel(n, language) },
            { title: t('service.tt.kind'), dataIndex: 'kind', render: (k: string) => t(`service.tt.kind.${k as 'repair'}`) },
            { title: t('service.tt.workflow'), dataIndex: 'workflowCode' },
            { title: t('service.tt.priority'), dataIndex: 'defaultPriority', render: (p: string) => t(`service.priority.${p as 'low'}`) },
            { title: t('service.tt.active'), dataIndex: 'isActive', render: (a: boolean) => (a ? <Tag color="green">{t('service.yes')}</Tag> : <Tag>{t('service.no')}</Tag>) },
          ]} />
      )}
      <Typography.Title level={5}>{t('service.tt.new')}</Typography.Title>
      <Form form={form} layout="inline" initialValues={{ kind: 'repair', defaultPriority: 'normal' }} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="code" label={t('service.tt.code')} rules={[{ required: true, message: t('service.required') }]}><Input style={{ width: 140 }} /></Form.Item>
        <Form.Item name="name" label={t('service.tt.name')} rules={[{ required: true, message: t('service.required') }]}><Input style={{ width: 180 }} /></Form.Item>
        <Form.Item name="kind" label={t('service.tt.kind')}>
          <Select style={{ width: 120 }} options={ticketKinds.map((k) => ({ value: k, label: t(`service.tt.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="workflowCode" label={t('service.tt.workflow')} rules={[{ required: true, message: t('service.required') }]}>
          <Select style={{ width: 180 }} options={workflows.map((w) => ({ value: w.code, label: `${w.code} · ${stageLabel(w.name, language)}` }))} />
        </Form.Item>
        <Form.Item name="defaultPriority" label={t('service.tt.priority')}>
          <Select style={{ width: 110 }} options={priorities.map((p) => ({ value: p, label: t(`service.priority.${p}`) }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>{t('service.tt.create')}</Button>
      </Form>
    </Card>
  );
}
