import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Switch, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { channelText, outcomes, useLabel, useUsers, when } from './common';
import { useTicketChange } from './changes';
import { fieldInput, kindOf, transitionFields, type FieldInput, type RequiredField } from './fields';
import { MacroPicker } from './MacroPicker';
import { CommentFiles } from './TicketAttachments';

type Ticket = Schemas['TicketView'];
interface Props { ticket: Ticket; onProblem: (error: unknown) => void }

const ticketId = (ticket: Ticket) => ticket.id;

/**
 * Moves the ticket on: one choice per allowed next stage, and the fields the current stage requires to be left,
 * each asked for by the kind the workflow gives it (text, number, date, date-time, list). Closing a task also records its outcome.
 */
export function Transition({ ticket, onProblem, workflow }: Props & { workflow?: Schemas['WorkflowView'] }) {
  const { t } = useI18n();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const next = ticket.allowedTransitions;
  const [to, setTo] = useState(next[0]?.to);
  const target = next.find((n) => n.to === to) ?? next[0];
  const required = ticket.requiredToLeave;
  const held = ticket.fields;
  const isTask = ticket.kind === 'task';
  const id = ticketId(ticket);
  // An approval stage is left by a decision with its reason: approve (on) or reject (back along the reject transition).
  const approval = next.some((n) => n.isReject);
  const move = useTicketChange(id, (values: { fields?: Record<string, FieldInput>; comment?: string; outcome?: string; reason?: string }) =>
    call(api.POST('/api/tickets/{id}/transitions', { params: { path: { id } }, body: {
      to: target.to, version: ticket.version, comment: values.comment || undefined, outcome: values.outcome || undefined,
      fields: transitionFields(required, values.fields ?? {}),
      decision: approval ? (target.isReject ? 'reject' : 'approve') : undefined, reason: approval ? values.reason : undefined,
    } })), {
    onProblem, form,
    onDone: (view) => { form.resetFields(); setTo(view.allowedTransitions[0]?.to); message.success(t('tickets.moved', { stage: label.name(view.stageName) })); },
  });
  if (!target) return null;
  // An outcome belongs to closing a task (a follow-up call): reached, resolved or not reachable.
  const closesTask = isTask && (workflow?.stages.find((s) => s.code === target.to)?.isFinal ?? target.to === 'done');
  const action = (n: { to: string; name: string; isReject?: boolean }) => approval
    ? t(n.isReject ? 'tickets.rejectTo' : 'tickets.approveTo', { stage: label.name(n.name) })
    : t('tickets.moveTo', { stage: label.name(n.name) });
  return (
    <Card title={approval ? t('tickets.decision') : t('tickets.moveTo', { stage: label.name(target.name) })}>
      <Form form={form} layout="vertical" key={`${ticket.stage}-${ticket.reopenCount}`} onFinish={(values) => move.mutate(values)}
        initialValues={{ fields: Object.fromEntries(required.map((f) => [f.name ?? '', fieldInput(kindOf(f), held[f.name ?? ''])])) }}>
        {(next.length > 1 || approval) && (
          <Form.Item label={approval ? t('tickets.decision') : t('tickets.stage')}>
            <Radio.Group aria-label={approval ? t('tickets.decision') : t('tickets.stage')} value={target.to} onChange={(e) => setTo(e.target.value)}
              options={next.map((n) => ({ value: n.to, label: approval ? action(n) : label.name(n.name) }))} />
          </Form.Item>
        )}
        {required.length > 0 && <Typography.Paragraph type="secondary">{t('tickets.moveHint')}</Typography.Paragraph>}
        {required.map((f) => <StageField key={f.name} field={f} required={!held[f.name ?? '']} />)}
        {closesTask && (
          <Form.Item name="outcome" label={t('tickets.outcome')}>
            <Radio.Group options={outcomes.map((o) => ({ value: o, label: label.of('outcome', o) }))} />
          </Form.Item>
        )}
        {approval
          ? (
            <Form.Item name="reason" label={t('tickets.reason')} rules={[{ required: true, whitespace: true, message: t('tickets.required', { field: t('tickets.reason') }) }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )
          : <Form.Item name="comment" label={t('tickets.comment')}><Input.TextArea rows={2} /></Form.Item>}
        <Button type="primary" danger={approval && !!target.isReject} htmlType="submit" loading={move.isPending}>{action(target)}</Button>
      </Form>
    </Card>
  );
}

function StageField({ field, required }: { field: RequiredField; required: boolean }) {
  const { t } = useI18n();
  const label = useLabel();
  const name = field.name ?? '';
  const kind = kindOf(field);
  const rules = [{ required, message: t('tickets.required', { field: label.field(name) }) }];
  const common = { name: ['fields', name], label: label.field(name), rules };
  switch (kind) {
    // A typed date and time holds as soon as it is valid: no OK button whose click could be lost while the panel scrolls.
    case 'dateTime': return <Form.Item {...common}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" needConfirm={false} /></Form.Item>;
    case 'date': return <Form.Item {...common}><DatePicker format="YYYY-MM-DD" /></Form.Item>;
    // stringMode keeps the number as typed (no binary rounding); the server reads it as an invariant decimal.
    case 'number': return <Form.Item {...common}><InputNumber stringMode style={{ width: 200 }} /></Form.Item>;
    case 'list':
      return (
        <Form.Item {...common} extra={t('tickets.listHint')}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[';', '；']} />
        </Form.Item>
      );
    default: return <Form.Item {...common}><Input.TextArea rows={3} /></Form.Item>;
  }
}

type Mode = Schemas['AssignmentMode'];

/** Assignment as the API offers it: a person, the next agent of a team (round robin), or the customer's account manager. */
export function Assign({ ticket, onProblem }: Props) {
  const { t } = useI18n();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const mode: Mode = Form.useWatch('mode', form) ?? 'person';
  const users = useUsers();
  const id = ticketId(ticket);
  const assign = useTicketChange(id, (values: { mode: Mode; assignee?: string; team?: string }) =>
    call(api.PUT('/api/tickets/{id}/assignment', { params: { path: { id } }, body: { ...values, version: ticket.version } })), {
    onProblem, form,
    onDone: (view) => message.success(t('tickets.assigned', { who: view.assignee ?? t('tickets.unassigned') })),
  });
  const people = (users.data?.items ?? []).filter((u) => u.isActive !== false);
  const teams = [...new Set(people.map((u) => u.team).filter((x): x is string => !!x))];
  return (
    <Card title={t('tickets.assign')}>
      <Form form={form} layout="vertical" initialValues={{ mode: 'person', assignee: ticket.assignee ?? undefined, team: ticket.team ?? undefined }}
        onFinish={(values) => assign.mutate({ mode: values.mode, assignee: values.mode === 'person' ? values.assignee : undefined, team: values.mode === 'accountManager' ? undefined : values.team })}>
        <Form.Item name="mode" label={t('tickets.assignMode')}>
          <Radio.Group options={(['person', 'roundRobin', 'accountManager'] as const).map((m) => ({ value: m, label: label.of('assign', m) }))} />
        </Form.Item>
        {mode === 'person' && (
          <Form.Item name="assignee" label={t('tickets.assignee')} rules={[{ required: true, message: t('tickets.required', { field: t('tickets.assignee') }) }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} loading={users.isPending}
              options={people.map((u) => ({ value: u.userName, label: `${u.displayName} (${u.userName})` }))} />
          </Form.Item>
        )}
        {mode !== 'accountManager' && (
          <Form.Item name="team" label={t('tickets.team')} rules={[{ required: mode === 'roundRobin', message: t('tickets.required', { field: t('tickets.team') }) }]}>
            <Select allowClear options={teams.map((team) => ({ value: team, label: team }))} />
          </Form.Item>
        )}
        <Button htmlType="submit" loading={assign.isPending}>{t('tickets.assign')}</Button>
      </Form>
    </Card>
  );
}

/** Waiting for the customer pauses the SLA clock; switching it off resumes it. */
export function WaitingForCustomer({ ticket, onProblem }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const id = ticketId(ticket);
  const wait = useTicketChange(id, (waiting: boolean) =>
    call(api.PUT('/api/tickets/{id}/waiting-for-customer', { params: { path: { id } }, body: { waiting, version: ticket.version } })), {
    onProblem, onDone: (view) => message.info(t(view.status === 'waitingForCustomer' ? 'tickets.waitingOn' : 'tickets.waitingOff')),
  });
  return (
    <Card>
      <Space>
        <Switch aria-label={t('tickets.waiting')} id="waiting-for-customer" checked={ticket.status === 'waitingForCustomer'} loading={wait.isPending}
          onChange={(waiting) => wait.mutate(waiting)} />
        <label htmlFor="waiting-for-customer">{t('tickets.waiting')}</label>
      </Space>
    </Card>
  );
}

export function Reopen({ ticket, onProblem }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const id = ticketId(ticket);
  const reopen = useTicketChange(id, (values: { reason?: string }) =>
    call(api.POST('/api/tickets/{id}/reopen', { params: { path: { id } }, body: { reason: values.reason || undefined, version: ticket.version } })), {
    onProblem, form, onDone: () => message.success(t('tickets.reopened')),
  });
  return (
    <Card title={t('tickets.reopen')}>
      <Form form={form} layout="inline" onFinish={(values) => reopen.mutate(values)}>
        <Form.Item name="reason" label={t('tickets.reopenReason')}><Input style={{ width: 280 }} /></Form.Item>
        <Button htmlType="submit" loading={reopen.isPending}>{t('tickets.reopen')}</Button>
      </Form>
    </Card>
  );
}

type Visibility = Schemas['CommentVisibility'];

/** Internal notes and customer-visible replies; the first reply stops the first-response clock. */
export function Comments({ ticket, onProblem }: Props) {
  const { t } = useI18n();
  const label = useLabel();
  const [form] = Form.useForm();
  const id = ticketId(ticket);
  const comments = useQuery({ queryKey: ['ticket-comments', id], queryFn: () => call(api.GET('/api/tickets/{id}/comments', { params: { path: { id } } })) });
  const add = useTicketChange(id, (values: { body: string; visibility: Visibility }) =>
    call(api.POST('/api/tickets/{id}/comments', { params: { path: { id } }, body: { ...values, version: ticket.version } })), {
    onProblem, form, onDone: () => form.resetFields(['body']),
  });
  return (
    <Card title={t('tickets.notes')}>
      {!comments.data ? <QueryState isPending={comments.isPending} error={comments.error} retry={() => comments.refetch()} />
        : comments.data.length === 0 ? <Nothing /> : (
          <div role="list" aria-label={t('tickets.notes')} style={{ marginBottom: 16 }}>
            {comments.data.map((c) => (
              <div role="listitem" key={c.id} style={{ borderBottom: '1px solid #f0f0f0', padding: '8px 0' }}>
                <Tag color={c.visibility === 'customer' ? 'blue' : 'default'}>{label.of('visibility', c.visibility)}</Tag>
                <Typography.Text type="secondary">{c.author ?? ''} · {when(c.createdAt)}</Typography.Text>
                {c.inboundChannel && <Tag color="green" style={{ marginLeft: 8 }}>{t('tickets.comments.fromCustomer', { channel: channelText(c.inboundChannel, t) })}</Tag>}
                {c.mergedFrom && <Tag style={{ marginLeft: 8 }}>{t('tickets.comments.mergedFrom', { number: c.mergedFrom.number })}</Tag>}
                <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{c.body}</div>
                <CommentFiles ticketId={id} commentId={c.id} />
              </div>
            ))}
          </div>
        )}
      {ticket.status !== 'closed' && <MacroPicker ticket={ticket} onProblem={onProblem} />}
      <Form form={form} layout="vertical" initialValues={{ visibility: 'internal' }} onFinish={(values) => add.mutate(values)}>
        <Form.Item name="visibility" label={t('tickets.visibility.internal') + ' / ' + t('tickets.visibility.customer')}>
          <Radio.Group options={[
            { value: 'internal', label: t('tickets.note') },
            { value: 'customer', label: t('tickets.reply') },
          ]} />
        </Form.Item>
        <Form.Item name="body" label={t('tickets.commentBody')} rules={[{ required: true, message: t('tickets.required', { field: t('tickets.commentBody') }) }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Button htmlType="submit" loading={add.isPending}>{t('tickets.send')}</Button>
      </Form>
    </Card>
  );
}

/** The ticket's tags: add or remove, saved as one change (the history says which). */
export function Tags({ ticket, onProblem }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const id = ticketId(ticket);
  const save = useTicketChange(id, (tags: string[]) =>
    call(api.PUT('/api/tickets/{id}/tags', { params: { path: { id } }, body: { tags, version: ticket.version } })), {
    onProblem, form, onDone: () => message.success(t('tickets.tagsSaved')),
  });
  return (
    <Card title={t('tickets.tags')}>
      <Form form={form} layout="vertical" initialValues={{ tags: ticket.tags ?? [] }} onFinish={(v: { tags: string[] }) => save.mutate(v.tags ?? [])}>
        <Form.Item name="tags" label={t('tickets.tags')}><Select mode="tags" tokenSeparators={[',', ';']} open={false} /></Form.Item>
        <Button htmlType="submit" loading={save.isPending}>{t('tickets.tagsSave')}</Button>
      </Form>
    </Card>
  );
}
