import { useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { channels, CustomerPicker, priorities, useLabel, useMe, useTicketTypes, useUsers } from './common';
import { showNestedFieldErrors } from './changes';
import { QueryState } from '../../components/States';
import { fieldValues, TypeFieldInputs } from './TypeFieldInputs';

type Request = Schemas['OpenTicketRequest'];
type Values = Omit<Request, 'assignment' | 'fields'> & { assignee?: string; fields?: Record<string, unknown> };

/** Opens a ticket for a customer (preselected when coming from the customer's 360 view). */
export default function NewTicket() {
  const { t } = useI18n();
  const label = useLabel();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const [form] = Form.useForm();
  const types = useTicketTypes();
  const users = useUsers();
  const me = useMe();
  const customerId = Number(params.get('customerId')) || undefined;
  const open = useMutation({
    // The person chosen (the agent taking the call, by default) owns the ticket; none leaves it to the queue.
    mutationFn: ({ assignee, fields, ...values }: Values) =>
      call(api.POST('/api/tickets', { body: {
        ...values, assignment: assignee ? { mode: 'person', assignee } : undefined,
        fields: fieldValues(chosenType?.fields ?? [], fields),
      } })),
    onSuccess: (ticket) => {
      client.invalidateQueries({ queryKey: ['tickets'] });
      client.invalidateQueries({ queryKey: ['customer360', ticket.customerId] });
      message.success(t('tickets.created', { number: ticket.number }));
      navigate(`/tickets/${ticket.id}`);
    },
    onError: (error) => showNestedFieldErrors(form, error),
  });
  const activeTypes = (types.data?.items ?? []).filter((x) => x.isActive !== false);
  const typeCode = Form.useWatch('typeCode', form);
  const chosenCustomer = Form.useWatch('customerId', form);
  const chosenType = activeTypes.find((x) => x.code === typeCode);
  const typeChanged = (code: string) => {
    const type = activeTypes.find((x) => x.code === code);
    if (type?.defaultPriority) form.setFieldValue('priority', type.defaultPriority);
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 760 }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('tickets.new')}</Typography.Title>
      <QueryState isPending={false} error={types.error ?? (open.error && !hasFieldErrors(open.error) ? open.error : null)} retry={() => types.refetch()} />
      <Card>
        <Form form={form} layout="vertical" onFinish={(values) => open.mutate(values)}
          initialValues={{ customerId, channel: 'phone', priority: 'normal', assignee: me.data?.userName }}>
          <Form.Item name="customerId" label={t('tickets.customer')} rules={[{ required: true, message: t('tickets.required', { field: t('tickets.customer') }) }]}>
            <CustomerPicker />
          </Form.Item>
          <Form.Item name="typeCode" label={t('tickets.type')} rules={[{ required: true, message: t('tickets.required', { field: t('tickets.type') }) }]}>
            <Select loading={types.isPending} onChange={typeChanged}
              options={activeTypes.map((x) => ({ value: x.code, label: label.name(x.name) }))} />
          </Form.Item>
          <TypeFieldInputs definitions={chosenType?.fields ?? []} customerId={chosenCustomer} />
          <Space wrap size="large">
            <Form.Item name="channel" label={t('tickets.channel')} rules={[{ required: true }]}>
              <Select style={{ width: 160 }} options={channels.map((c) => ({ value: c, label: label.of('channel', c) }))} />
            </Form.Item>
            <Form.Item name="priority" label={t('tickets.priority')}>
              <Select style={{ width: 160 }} options={priorities.map((p) => ({ value: p, label: label.of('priority', p) }))} />
            </Form.Item>
            <Form.Item name="category" label={t('tickets.category')}><Input style={{ width: 240 }} maxLength={100} /></Form.Item>
          </Space>
          <Form.Item name="assignee" label={t('tickets.assignee')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} loading={users.isPending} placeholder={t('tickets.unassigned')}
              options={(users.data?.items ?? []).filter((u) => u.isActive !== false).map((u) => ({ value: u.userName, label: `${u.displayName} (${u.userName})` }))} />
          </Form.Item>
          <Form.Item name="subject" label={t('tickets.subject')} rules={[{ required: true, message: t('tickets.required', { field: t('tickets.subject') }) }]}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="description" label={t('tickets.description')}><Input.TextArea rows={5} /></Form.Item>
          <Form.Item name="tags" label={t('tickets.tags')}><Select mode="tags" tokenSeparators={[',', ';']} open={false} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={open.isPending}>{t('tickets.new')}</Button>
        </Form>
      </Card>
    </Space>
  );
}

/** A 400 naming fields is shown under the fields; anything else above the form. */
function hasFieldErrors(error: unknown) {
  return error instanceof ApiError && !!error.problem.errors;
}
