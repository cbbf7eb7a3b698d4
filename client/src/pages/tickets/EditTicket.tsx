import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { priorities, useLabel } from './common';
import { useTicketChange } from './changes';

type Ticket = Schemas['TicketView'];
type Values = Omit<Schemas['UpdateTicketRequest'], 'version'>;

/** Changes what the ticket is about and how urgent it is; a new priority recomputes its due times. */
export function EditTicket({ ticket, onProblem }: { ticket: Ticket; onProblem: (error: unknown) => void }) {
  const { t } = useI18n();
  const label = useLabel();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const id = ticket.id;
  const edit = useTicketChange(id, (values: Values) =>
    call(api.PUT('/api/tickets/{id}', { params: { path: { id } }, body: { ...values, version: ticket.version } })), {
    form,
    onProblem: (error) => { setOpen(false); onProblem(error); },
    onDone: () => { setOpen(false); message.success(t('tickets.edited')); },
  });
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('tickets.edit')}</Button>
      <Modal title={t('tickets.edit')} open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('common.save')}
        cancelText={t('common.cancel')} confirmLoading={edit.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(values) => edit.mutate(values)} initialValues={{
          priority: ticket.priority, category: ticket.category ?? undefined, subject: ticket.subject, description: ticket.description ?? undefined,
        }}>
          <Form.Item name="priority" label={t('tickets.priority')}>
            <Select options={priorities.map((p) => ({ value: p, label: label.of('priority', p) }))} />
          </Form.Item>
          <Form.Item name="category" label={t('tickets.category')}><Input maxLength={100} /></Form.Item>
          <Form.Item name="subject" label={t('tickets.subject')} rules={[{ required: true, message: t('tickets.required', { field: t('tickets.subject') }) }]}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="description" label={t('tickets.description')}><Input.TextArea rows={4} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
