import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, Row, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { Nothing, QueryState } from '../../components/States';
import { channelText, Countdown, CustomerLink, PriorityTag, SlaTag, useLabel, useTicketTypes, when } from './common';
import { fieldKinds, showField } from './fields';
import { Assign, Comments, Reopen, Tags, Transition, WaitingForCustomer } from './TicketActions';
import { TicketLinks } from './TicketLinks';
import { WeChatSender } from './WeChatSender';
import { TicketAttachments } from './TicketAttachments';
import { EditTicket } from './EditTicket';

type Ticket = Schemas['TicketView'];
type Workflow = Schemas['WorkflowView'];

export default function TicketDetail() {
  const { t } = useI18n();
  const label = useLabel();
  const id = Number(useParams().id);
  const [problem, setProblem] = useState<unknown>(null);
  const client = useQueryClient();
  const ticket = useQuery({ queryKey: ['ticket', id], queryFn: () => call(api.GET('/api/tickets/{id}', { params: { path: { id } } })) });
  const view = ticket.data;
  const workflow = useQuery({
    queryKey: ['workflow', view?.workflowCode, view?.workflowVersion], enabled: !!view, staleTime: Infinity,
    queryFn: () => call(api.GET('/api/workflows/{code}', { params: { path: { code: view!.workflowCode }, query: { version: view!.workflowVersion } } })),
  });
  const types = useTicketTypes();
  if (!view) return <QueryState isPending={ticket.isPending} error={ticket.error} retry={() => ticket.refetch()} />;

  // A reload shows what the other person did: the ticket, its notes and its history.
  const reload = () => {
    setProblem(null);
    for (const key of ['ticket', 'ticket-comments', 'ticket-history', 'ticket-attachments']) client.invalidateQueries({ queryKey: [key, id] });
  };
  const closed = view.status === 'closed';
  const typeName = types.data?.items.find((x) => x.code === view.typeCode)?.name ?? view.typeCode;
  const actions = { ticket: view, onProblem: setProblem };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space align="center" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>{view.number} · {view.subject}</Typography.Title>
        <Tag>{label.name(typeName)}</Tag>
        <PriorityTag priority={view.priority} />
        {!closed && <SlaTag state={view.slaState} />}
        <Tag color={closed ? 'default' : 'processing'}>{label.of('status', view.status)}</Tag>
        {(view.tags ?? []).map((tag) => <Tag key={tag} color="geekblue">{tag}</Tag>)}
        {!closed && <EditTicket {...actions} />}
      </Space>
      {problem ? <QueryState isPending={false} error={problem} retry={reload} /> : null}
      {view.links?.mergedInto ? (
        <Alert type="info" showIcon title={<Link to={`/tickets/${view.links.mergedInto.id}`}>{t('tickets.links.mergedInto', { number: view.links.mergedInto.number })}</Link>} />
      ) : closed && <Alert type="success" showIcon title={t('tickets.closedAlert')} />}
      <Card>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={[
          { key: 'customer', label: t('tickets.customer'), children: <CustomerLink id={view.customerId} /> },
          { key: 'type', label: t('tickets.type'), children: label.name(typeName) },
          { key: 'channel', label: t('tickets.channel'), children: label.of('channel', view.channel) },
          { key: 'category', label: t('tickets.category'), children: view.category ?? '—' },
          { key: 'assignee', label: t('tickets.assignee'), children: [view.assignee ?? t('tickets.unassigned'), view.team].filter(Boolean).join(' · ') },
          { key: 'stage', label: t('tickets.stage'), children: label.name(view.stageName) },
          ...dueItems(view, t),
          { key: 'created', label: t('tickets.createdAt'), children: `${when(view.createdAt)} · ${view.createdBy ?? ''}` },
          ...(view.outcome ? [{ key: 'outcome', label: t('tickets.outcome'), children: label.of('outcome', view.outcome) }] : []),
        ]} />
        {view.description && <Typography.Paragraph style={{ marginTop: 12, whiteSpace: 'pre-wrap' }}>{view.description}</Typography.Paragraph>}
      </Card>
      <Card title={t('tickets.workflow')}>
        {workflow.data ? <Stages ticket={view} workflow={workflow.data} /> : <QueryState isPending={workflow.isPending} error={workflow.error} retry={() => workflow.refetch()} />}
        <HeldFields ticket={view} workflow={workflow.data} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {!closed && view.allowedTransitions.length > 0 && <Transition {...actions} workflow={workflow.data} />}
            {closed && view.canReopen && !view.links?.mergedInto && <Reopen {...actions} />}
            <Comments {...actions} />
            <TicketAttachments ticketId={id} />
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {!closed && <Assign {...actions} />}
            {!closed && <WaitingForCustomer {...actions} />}
            {!closed && <Tags {...actions} />}
            <TicketLinks {...actions} />
            {view.channel === 'weChat' && <WeChatSender {...actions} />}
            <History id={id} workflow={workflow.data} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

function dueItems(view: Ticket, t: (key: MessageKey) => string) {
  const items = [];
  if (view.status !== 'closed') {
    if (!view.firstRespondedAt && view.firstResponseDueAt) items.push({ key: 'fr', label: t('tickets.firstResponseDue'), children: <Countdown dueAt={view.firstResponseDueAt} /> });
    if (view.resolutionDueAt) items.push({ key: 'res', label: t('tickets.resolutionDue'), children: <Countdown dueAt={view.resolutionDueAt} /> });
    if (view.stageDueAt) items.push({ key: 'stage', label: t('tickets.stageDue'), children: <Countdown dueAt={view.stageDueAt} /> });
  }
  if (view.firstRespondedAt) items.push({ key: 'responded', label: t('tickets.firstResponded'), children: when(view.firstRespondedAt) });
  if (view.resolvedAt) items.push({ key: 'resolved', label: t('tickets.resolvedAt'), children: when(view.resolvedAt) });
  return items;
}

/** The workflow's stages in their defined order, the ticket's current one marked (all done once it is closed). */
function Stages({ ticket, workflow }: { ticket: Ticket; workflow: Workflow }) {
  const label = useLabel();
  const stages = workflow.stages;
  const current = Math.max(0, stages.findIndex((s) => s.code === ticket.stage));
  const closed = ticket.status === 'closed';
  return (
    <Steps
      aria-label={label.name(workflow.name)} current={current} status={closed ? 'finish' : 'process'} size="small"
      items={stages.map((s, i) => ({
        title: label.name(s.name),
        content: i === current && !closed ? <SlaTag state={ticket.slaState} /> : undefined,
      }))}
    />
  );
}

function HeldFields({ ticket, workflow }: { ticket: Ticket; workflow?: Workflow }) {
  const { t } = useI18n();
  const label = useLabel();
  const kinds = fieldKinds(workflow);
  const fields = Object.entries(ticket.fields);
  if (fields.length === 0) return null;
  return (
    <Descriptions size="small" column={1} title={t('tickets.fields')} style={{ marginTop: 16 }}
      items={fields.map(([name, value]) => ({ key: name, label: label.field(name), children: <span style={{ whiteSpace: 'pre-wrap' }}>{showField(kinds[name], value)}</span> }))} />
  );
}

type Entry = Schemas['GetTicketHistoryEntry'];

function History({ id, workflow }: { id: number; workflow?: Workflow }) {
  const { t } = useI18n();
  const label = useLabel();
  const history = useQuery({ queryKey: ['ticket-history', id], queryFn: () => call(api.GET('/api/tickets/{id}/history', { params: { path: { id } } })) });
  const stage = (code: unknown) => label.name(workflow?.stages.find((s) => s.code === code)?.name ?? String(code ?? ''));
  const kinds = fieldKinds(workflow);
  const detail = (e: Entry): string => {
    const d = (e.detail ?? {}) as Record<string, unknown>;
    switch (e.action) {
      case 'stageChanged': {
        const fields = Object.entries((d.fields ?? {}) as Record<string, string>).map(([k, v]) => `${label.field(k)}: ${showField(kinds[k], v)}`);
        const outcome = d.outcome ?? d.Outcome;
        return [`${stage(d.from)} → ${stage(d.to)}`, ...fields, outcome ? `${t('tickets.outcome')}: ${label.of('outcome', String(outcome))}` : ''].filter(Boolean).join(' · ');
      }
      case 'reopened': return [`${stage(d.from)} → ${stage(d.to)}`, d.reason ?? d.Reason].filter(Boolean).join(' · ');
      case 'assigned': return [d.to ?? t('tickets.unassigned'), d.team].filter(Boolean).join(' · ');
      case 'handedOff': return [`${d.from ?? t('tickets.unassigned')} → ${d.to ?? t('tickets.unassigned')}`, d.team, stage(d.stage)].filter(Boolean).join(' · ');
      case 'approved':
      case 'rejected': return [stage(d.stage), d.reason].filter(Boolean).join(' · ');
      case 'macroApplied': {
        const change = (key: string) => (d[key] as { to?: string } | null | undefined)?.to;
        return [d.macro, change('priority') ? `${t('tickets.priority')}: ${label.of('priority', change('priority')!)}` : '',
          change('assignee') ? `${t('tickets.assignee')}: ${change('assignee')}` : '', change('stage') ? `${t('tickets.stage')}: ${stage(change('stage'))}` : '']
          .filter(Boolean).join(' · ');
      }
      case 'mergedInto':
      case 'mergedFrom': return [d.number, d.comments !== undefined ? `${t('tickets.notes')}: ${d.comments}` : '',
        d.attachments ? `${t('tickets.history.attachments')}: ${d.attachments}` : '', d.reason].filter(Boolean).join(' · ');
      case 'customerReplied': return [channelText(d.channel as string | undefined, t), d.author].filter(Boolean).join(' · ');
      case 'attached': return ((d.files as { fileName: string }[] | undefined) ?? []).map((f) => f.fileName).join(', ');
      case 'linked':
      case 'unlinked':
      case 'childLinked':
      case 'childUnlinked': return String(d.number ?? '');
      case 'tagged': return [...((d.added as string[] | undefined) ?? []).map((x) => `+${x}`), ...((d.removed as string[] | undefined) ?? []).map((x) => `−${x}`)].join(' ');
      case 'created': return [stage(d.stage), d.assignee].filter(Boolean).join(' · ');
      default:
        // Other entries (SLA reminders, escalations, edits) say what they carry as "name: value" pairs.
        return Object.entries(d).filter(([, v]) => v !== null && typeof v !== 'object').map(([k, v]) => `${k}: ${v}`).join(' · ');
    }
  };
  return (
    <Card title={t('tickets.history')}>
      {!history.data ? <QueryState isPending={history.isPending} error={history.error} retry={() => history.refetch()} />
        : history.data.length === 0 ? <Nothing /> : (
          <Timeline aria-label={t('tickets.history')} items={history.data.map((e, i) => ({
            key: i,
            content: (
              <div data-testid="history-entry">
                <b>{label.of('history', e.action)}</b> <Typography.Text type="secondary">{when(e.at)} · {e.actor ?? ''}</Typography.Text>
                <div>{detail(e)}</div>
              </div>
            ),
          }))} />
        )}
    </Card>
  );
}
