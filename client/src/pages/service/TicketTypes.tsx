import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { bannerError, showFormErrors } from './errors';
import { stageLabel } from './workflowRules';

const ticketKinds = ['repair', 'complaint', 'inquiry', 'task'] as const;
export const typeFieldKinds = ['text', 'number', 'date', 'choice', 'multiChoice', 'asset'] as const;
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
type TicketType = Schemas['TicketTypeView'];

/** The ticket types people open tickets of, each bound to a workflow; new types and edits (another workflow, retiring a type). */
export function TicketTypes({ workflows }: { workflows: Schemas['WorkflowView'][] }) {
  const { t, language } = useI18n();
  const [form] = Form.useForm();
  const types = useQuery({ queryKey: ['ticket-types'], queryFn: () => call(api.GET('/api/ticket-types')) });
  const save = useSaveType(form);
  const [editing, setEditing] = useState<TicketType | null>(null);
  const items = types.data?.items ?? [];
  const workflowOptions = workflows.map((w) => ({ value: w.code, label: `${w.code} · ${stageLabel(w.name, language)}` }));
  return (
    <Card title={t('service.tt.title')}>
      <QueryState isPending={types.isPending} error={types.error ?? bannerError(save.error)} retry={() => { save.reset(); types.refetch(); }} />
      {types.isSuccess && items.length === 0 ? <Nothing /> : types.isSuccess && (
        <Table size="small" rowKey="code" pagination={false} dataSource={items}
          columns={[
            { title: t('service.tt.code'), dataIndex: 'code' },
            { title: t('service.tt.name'), dataIndex: 'name', render: (n: string) => stageLabel(n, language) },
            { title: t('service.tt.kind'), dataIndex: 'kind', render: (k: string) => t(`service.tt.kind.${k as 'repair'}`) },
            { title: t('service.tt.workflow'), dataIndex: 'workflowCode' },
            { title: t('service.tt.priority'), dataIndex: 'defaultPriority', render: (p: string) => t(`service.priority.${p as 'low'}`) },
            { title: t('service.tt.fields'), dataIndex: 'fields', render: (fields: TicketType['fields']) => fields.map((f) => <Tag key={f.key}>{stageLabel(f.label, language)}{f.requiredAtIntake ? ' *' : ''}</Tag>) },
            { title: t('service.tt.active'), dataIndex: 'isActive', render: (a: boolean) => (a ? <Tag color="green">{t('service.yes')}</Tag> : <Tag>{t('service.no')}</Tag>) },
            { title: '', render: (_, x) => <Button size="small" aria-label={t('service.tt.editOf', { code: x.code })} onClick={() => setEditing(x)}>{t('service.edit')}</Button> },
          ]} />
      )}
      <Typography.Title level={5}>{t('service.tt.new')}</Typography.Title>
      <Form form={form} name="newTicketType" layout="inline" initialValues={{ kind: 'repair', defaultPriority: 'normal' }} onFinish={(v) => save.mutate({ body: v })}>
        <Form.Item name="code" label={t('service.tt.code')} rules={[{ required: true, message: t('service.required') }]}><Input style={{ width: 140 }} /></Form.Item>
        <TypeFields workflowOptions={workflowOptions} inline />
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('service.tt.create')}</Button>
      </Form>
      {editing && <EditType type={editing} workflowOptions={workflowOptions} onClose={() => setEditing(null)} />}
    </Card>
  );
}

/** Creates a type (body with a code) or changes one (type given); field errors land on the form that sent it. */
function useSaveType(form: ReturnType<typeof Form.useForm>[0], onSaved?: () => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ type, body }: { type?: TicketType; body: Schemas['CreateTicketTypeRequest'] & { isActive?: boolean } }) => type
      ? call(api.PUT('/api/ticket-types/{code}', { params: { path: { code: type.code } }, body: { ...body, version: type.version } }))
      : call(api.POST('/api/ticket-types', { body })),
    onSuccess: (_, { type }) => {
      form.resetFields();
      message.success(t(type ? 'service.tt.saved' : 'service.tt.created'));
      client.invalidateQueries({ queryKey: ['ticket-types'] });
      onSaved?.();
    },
    onError: (error) => showFormErrors(form, error),
  });
}

function TypeFields({ workflowOptions, inline }: { workflowOptions: { value: string; label: string }[]; inline?: boolean }) {
  const { t } = useI18n();
  const width = (w: number) => (inline ? { width: w } : undefined);
  return (
    <>
      <Form.Item name="name" label={t('service.tt.name')} rules={[{ required: true, message: t('service.required') }]}><Input style={width(180)} /></Form.Item>
      <Form.Item name="kind" label={t('service.tt.kind')}>
        <Select style={width(120)} options={ticketKinds.map((k) => ({ value: k, label: t(`service.tt.kind.${k}`) }))} />
      </Form.Item>
      <Form.Item name="workflowCode" label={t('service.tt.workflow')} rules={[{ required: true, message: t('service.required') }]}>
        <Select style={width(180)} options={workflowOptions} />
      </Form.Item>
      <Form.Item name="defaultPriority" label={t('service.tt.priority')}>
        <Select style={width(110)} options={priorities.map((p) => ({ value: p, label: t(`service.priority.${p}`) }))} />
      </Form.Item>
    </>
  );
}

function EditType({ type, workflowOptions, onClose }: { type: TicketType; workflowOptions: { value: string; label: string }[]; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const save = useSaveType(form, onClose);
  return (
    <Modal open width={900} title={t('service.tt.editOf', { code: type.code })} onCancel={onClose} onOk={() => form.submit()}
      okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={save.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('service.tt.editNote')}</Typography.Paragraph>
      <QueryState isPending={false} error={bannerError(save.error)} retry={onClose} />
      <Form form={form} name="editTicketType" layout="vertical" initialValues={type} onFinish={(v) => save.mutate({ type, body: v })}>
        <TypeFields workflowOptions={workflowOptions} />
        <Form.Item name="isActive" valuePropName="checked"><Checkbox>{t('service.tt.activeHint')}</Checkbox></Form.Item>
        <FieldDefinitions />
      </Form>
    </Modal>
  );
}

/** The type's own fields: key, label, kind, the choices of a choice field, and whether intake requires it. */
function FieldDefinitions() {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  return (
    <Form.List name="fields">
      {(items, { add, remove }) => (
        <>
          <Typography.Title level={5}>{t('service.tt.fields')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('service.tt.fieldsHelp')}</Typography.Paragraph>
          {items.map(({ key, name }) => {
            const kind = form.getFieldValue(['fields', name, 'kind']);
            return (
              <Space key={key} align="start" wrap>
                <Form.Item name={[name, 'key']} label={t('service.tt.fieldKey')} rules={[{ required: true, message: t('service.required') }]}><Input style={{ width: 120 }} /></Form.Item>
                <Form.Item name={[name, 'label']} label={t('service.tt.fieldLabel')} rules={[{ required: true, message: t('service.required') }]}><Input style={{ width: 160 }} /></Form.Item>
                <Form.Item name={[name, 'kind']} label={t('service.tt.fieldKind')} initialValue="text">
                  <Select style={{ width: 130 }} options={typeFieldKinds.map((k) => ({ value: k, label: t(`service.tt.fieldKind.${k}`) }))} />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {() => (form.getFieldValue(['fields', name, 'kind']) ?? kind) === 'choice' || form.getFieldValue(['fields', name, 'kind']) === 'multiChoice' ? (
                    <Form.Item name={[name, 'choices']} label={t('service.tt.fieldChoices')}><Select mode="tags" style={{ width: 200 }} open={false} /></Form.Item>
                  ) : null}
                </Form.Item>
                <Form.Item name={[name, 'requiredAtIntake']} valuePropName="checked" label=" "><Checkbox>{t('service.tt.fieldRequired')}</Checkbox></Form.Item>
                <Form.Item label=" "><Button onClick={() => remove(name)} aria-label={t('service.tt.fieldRemove')}>×</Button></Form.Item>
              </Space>
            );
          })}
          <Button onClick={() => add({ kind: 'text', requiredAtIntake: false })}>{t('service.tt.fieldAdd')}</Button>
        </>
      )}
    </Form.List>
  );
}
