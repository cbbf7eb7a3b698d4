import { Link } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, Select, Space, Tag } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { useLabel } from './common';
import { useTicketChange } from './changes';

type Ticket = Schemas['TicketView'];
type Ref = Schemas['TicketRef'];
interface Props { ticket: Ticket; onProblem: (error: unknown) => void }

const ticketLink = (r: Ref) => <Link key={r.id} to={`/tickets/${r.id}`}>{r.number} · {r.subject}</Link>;

/**
 * How the ticket relates to others: the ticket a duplicate went into, the duplicates merged here, its parent and its
 * children; and, while it is open, merging it into another open ticket of the customer or putting it under a parent.
 */
export function TicketLinks({ ticket, onProblem }: Props) {
  const { t } = useI18n();
  const label = useLabel();
  const links = ticket.links;
  const closed = ticket.status === 'closed';
  const items = [
    ...(links?.parent ? [{ key: 'parent', label: t('tickets.links.parent'), children: ticketLink(links.parent) }] : []),
    ...(links?.children.length ? [{ key: 'children', label: t('tickets.links.children'), children: <Space orientation="vertical" size={2}>{links.children.map((c) => <span key={c.id}>{ticketLink(c)} <Tag>{label.of('status', c.status)}</Tag></span>)}</Space> }] : []),
    ...(links?.mergedFrom.length ? [{ key: 'mergedFrom', label: t('tickets.links.mergedFrom'), children: <Space orientation="vertical" size={2}>{links.mergedFrom.map(ticketLink)}</Space> }] : []),
  ];
  if (closed && items.length === 0) return null;
  return (
    <Card title={t('tickets.links.title')}>
      {items.length > 0 && <Descriptions size="small" column={1} items={items} />}
      {!closed && <Merge ticket={ticket} onProblem={onProblem} />}
      <Parent ticket={ticket} onProblem={onProblem} />
    </Card>
  );
}

/** The customer's other tickets, as choices (the queue's own list, filtered to this customer). */
function useCustomerTickets(ticket: Ticket, openOnly: boolean) {
  return useQuery({
    queryKey: ['tickets', 'of-customer', ticket.customerId, openOnly], enabled: ticket.customerId > 0,
    queryFn: () => call(api.GET('/api/tickets', { params: { query: { CustomerId: ticket.customerId, Status: openOnly ? 'active' : undefined, PageSize: 100 } } })),
  });
}

function Merge({ ticket, onProblem }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const candidates = useCustomerTickets(ticket, true);
  const id = ticket.id;
  const merge = useTicketChange(id, (values: { into: number; reason?: string }) =>
    call(api.POST('/api/tickets/{id}/merge', { params: { path: { id } }, body: { into: values.into, reason: values.reason || null, version: ticket.version } })), {
    onProblem, form,
    onDone: (view) => {
      message.success(t('tickets.links.merged', { number: view.links?.mergedInto?.number ?? '' }));
      if (view.links?.mergedInto) client.invalidateQueries({ queryKey: ['ticket', view.links.mergedInto.id] });
    },
  });
  const options = (candidates.data?.items ?? []).filter((x) => x.id !== id).map((x) => ({ value: x.id, label: `${x.number} · ${x.subject}` }));
  return (
    <Form form={form} layout="vertical" onFinish={(values) => merge.mutate(values)} style={{ marginTop: 12 }}>
      <Form.Item name="into" label={t('tickets.links.mergeInto')} extra={t('tickets.links.mergeHelp')}
        rules={[{ required: true, message: t('tickets.required', { field: t('tickets.links.mergeInto') }) }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} loading={candidates.isPending} options={options} />
      </Form.Item>
      <Form.Item name="reason" label={t('tickets.links.reason')}><Input /></Form.Item>
      <Button htmlType="submit" loading={merge.isPending}>{t('tickets.links.merge')}</Button>
    </Form>
  );
}

function Parent({ ticket, onProblem }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const tickets = useCustomerTickets(ticket, false);
  const id = ticket.id;
  const link = useTicketChange(id, (parentId: number | null) =>
    call(api.PUT('/api/tickets/{id}/parent', { params: { path: { id } }, body: { parentId, version: ticket.version } })), {
    onProblem, form, onDone: (view) => message.success(view.links?.parent ? t('tickets.links.linked', { number: view.links.parent.number }) : t('tickets.links.unlinked')),
  });
  const options = (tickets.data?.items ?? []).filter((x) => x.id !== id).map((x) => ({ value: x.id, label: `${x.number} · ${x.subject}` }));
  return (
    <Form form={form} layout="vertical" initialValues={{ parentId: ticket.links?.parent?.id }} style={{ marginTop: 12 }}
      onFinish={(values: { parentId?: number }) => link.mutate(values.parentId ?? null)}>
      <Form.Item name="parentId" label={t('tickets.links.parent')} extra={t('tickets.links.parentHelp')}>
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} loading={tickets.isPending} options={options} />
      </Form.Item>
      <Button htmlType="submit" loading={link.isPending}>{t('tickets.links.setParent')}</Button>
    </Form>
  );
}
