import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useCan } from '../../api/permissions';
import { useI18n } from '../../i18n';
import { QueryState } from '../../components/States';
import { priorities, useLabel, useStages, useUsers } from '../tickets/common';
import { showFormErrors } from './errors';

type Macro = Schemas['MacroView'];
const placeholders = ['customerName', 'ticketNumber', 'ticketSubject', 'agentName', 'accountManager'];

/** Canned replies: one's own and the shared ones (managers share), in both languages, with what applying one also sets. */
export default function Macros() {
  const { t } = useI18n();
  const label = useLabel();
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const macros = useQuery({ queryKey: ['macros'], queryFn: () => call(api.GET('/api/macros')) });
  const [editing, setEditing] = useState<Macro | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (id: number) => call(api.DELETE('/api/macros/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['macros'] }),
    onError: (e) => message.error(e.message),
  });
  if (!macros.data) return <QueryState isPending={macros.isPending} error={macros.error} retry={() => macros.refetch()} />;
  const mayChange = (m: Macro) => !m.shared || can('settings.configure');
  return (
    <Card title={t('macros.title')} extra={<Button type="primary" onClick={() => setEditing('new')}>{t('macros.new')}</Button>}>
      <Typography.Paragraph type="secondary">{t('macros.intro')}</Typography.Paragraph>
      <Table<Macro> rowKey="id" pagination={false} dataSource={macros.data} columns={[
        { title: t('macros.name'), dataIndex: 'name' },
        { title: t('macros.scope'), render: (_, m) => <Tag color={m.shared ? 'blue' : undefined}>{m.shared ? t('macros.shared') : t('macros.personal')}</Tag> },
        { title: t('macros.visibility'), render: (_, m) => label.of('visibility', m.visibility) },
        { title: t('macros.also'), render: (_, m) => [
          m.actions.priority ? `${t('tickets.priority')}: ${label.of('priority', m.actions.priority)}` : '',
          m.actions.assignee ? `${t('tickets.assignee')}: ${m.actions.assignee}` : '',
          m.actions.stage ? `${t('tickets.stage')}: ${m.actions.stage}` : '',
          m.actions.tags?.length ? `${t('tickets.tags')}: ${m.actions.tags.join(', ')}` : '',
          ...Object.entries(m.actions.fields ?? {}).map(([k, x]) => `${k} = ${x}`),
        ].filter(Boolean).join(' · ') || '—' },
        { title: '', render: (_, m) => mayChange(m) && (
          <Space>
            <Button size="small" onClick={() => setEditing(m)}>{t('macros.edit')}</Button>
            <Popconfirm title={t('macros.deleteConfirm')} onConfirm={() => remove.mutate(m.id)}>
              <Button size="small" danger aria-label={t('macros.delete', { name: m.name })}>{t('macros.deleteShort')}</Button>
            </Popconfirm>
          </Space>
        ) },
      ]} />
      {editing && <MacroForm macro={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function MacroForm({ macro, onClose }: { macro: Macro | null; onClose: () => void }) {
  const { t } = useI18n();
  const label = useLabel();
  const can = useCan();
  const users = useUsers();
  const stages = useStages();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: { name: string; shared?: boolean; visibility: 'customer' | 'internal'; bodyZh: string; bodyEn: string; priority?: string; assignee?: string; stage?: string; tags?: string[]; fields?: string }) => {
      const fields = fieldLines(v.fields);
      const body = {
        name: v.name, shared: !!v.shared, visibility: v.visibility, bodyZh: v.bodyZh, bodyEn: v.bodyEn,
        actions: { priority: v.priority ?? null, assignee: v.assignee ?? null, stage: v.stage ?? null, tags: v.tags?.length ? v.tags : null,
          fields: Object.keys(fields).length ? fields : null },
      } as never;
      return macro
        ? call(api.PUT('/api/macros/{id}', { params: { path: { id: macro.id } }, body: { ...(body as object), version: macro.version } as never }))
        : call(api.POST('/api/macros', { body }));
    },
    onSuccess: () => { client.invalidateQueries({ queryKey: ['macros'] }); onClose(); },
    onError: (e) => showFormErrors(form, e),
  });
  return (
    <Modal open width={720} title={macro ? t('macros.edit') : t('macros.new')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending}>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{
        name: macro?.name, shared: macro?.shared ?? false, visibility: macro?.visibility ?? 'customer', bodyZh: macro?.bodyZh, bodyEn: macro?.bodyEn,
        priority: macro?.actions.priority ?? undefined, assignee: macro?.actions.assignee ?? undefined, stage: macro?.actions.stage ?? undefined,
        tags: macro?.actions.tags ?? [],
        fields: Object.entries(macro?.actions.fields ?? {}).map(([k, x]) => `${k}=${x}`).join('\n'),
      }}>
        <Form.Item name="name" label={t('macros.name')} rules={[{ required: true, whitespace: true }]}><Input maxLength={100} /></Form.Item>
        {can('settings.configure') && <Form.Item name="shared" valuePropName="checked"><Checkbox>{t('macros.shareWithAll')}</Checkbox></Form.Item>}
        <Form.Item name="visibility" label={t('macros.visibility')}>
          <Radio.Group options={[{ value: 'customer', label: t('tickets.reply') }, { value: 'internal', label: t('tickets.note') }]} />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('macros.placeholders')} {placeholders.map((p) => <Tag key={p}>{`{{${p}}}`}</Tag>)}</Typography.Paragraph>
        <Form.Item name="bodyZh" label={t('macros.bodyZh')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item name="bodyEn" label={t('macros.bodyEn')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={3} /></Form.Item>
        <Space wrap>
          <Form.Item name="priority" label={t('tickets.priority')}>
            <Select allowClear style={{ width: 140 }} options={priorities.map((p) => ({ value: p, label: label.of('priority', p) }))} />
          </Form.Item>
          <Form.Item name="assignee" label={t('tickets.assignee')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 200 }}
              options={(users.data?.items ?? []).filter((u) => u.isActive !== false).map((u) => ({ value: u.userName, label: u.displayName }))} />
          </Form.Item>
          <Form.Item name="stage" label={t('macros.stage')}>
            <Select allowClear style={{ width: 200 }} options={stages.options} />
          </Form.Item>
          <Form.Item name="tags" label={t('macros.tags')}>
            <Select mode="tags" style={{ width: 200 }} open={false} tokenSeparators={[',', ';']} />
          </Form.Item>
        </Space>
        <Form.Item name="fields" label={t('macros.fields')} extra={t('macros.fieldsHelp')}><Input.TextArea rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** "key=value" lines as field values to set; blank lines and lines without "=" are left out. */
export function fieldLines(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (text ?? '').split(/\r?\n/)) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}
