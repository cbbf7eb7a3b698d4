import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Select, Space, Table, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { Countdown, CustomerLink, outcomes, PriorityTag, SlaTag, useLabel, useMe, useTicketTypes, useWorkflows } from './common';
import { closingStage, dueFirst } from './tasks';

type Item = Schemas['ListTicketsItem'];

/** The signed-in person's open Task tickets (proactive calls, survey follow-ups), earliest due first. */
export default function MyTasks() {
  const { t } = useI18n();
  const me = useMe();
  const types = useTicketTypes();
  const workflows = useWorkflows();
  const [problem, setProblem] = useState<unknown>(null);
  const taskTypes = (types.data?.items ?? []).filter((x) => x.kind === 'task');
  const userName = me.data?.userName;
  const tasks = useQuery({
    queryKey: ['tickets', 'my-tasks', userName],
    enabled: !!userName,
    queryFn: () => call(api.GET('/api/tickets', { params: { query: { Assignee: userName, Status: 'active', PageSize: 200 } } })),
  });
  const rows = dueFirst((tasks.data?.items ?? []).filter((x) => x.kind === 'task'));
  const workflowOf = (row: Item) => {
    const code = taskTypes.find((x) => x.code === row.typeCode)?.workflowCode;
    const versions = (workflows.data?.items ?? []).filter((w) => w.code === code);
    return versions.find((w) => w.isCurrent) ?? versions[0];
  };
  const reload = () => { setProblem(null); tasks.refetch(); };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('tasks.title')}</Typography.Title>
      <Typography.Text type="secondary">{t('tasks.hint')}</Typography.Text>
      <QueryState isPending={false} error={problem ?? tasks.error ?? me.error} retry={reload} />
      <Table<Item>
        rowKey="id" loading={me.isPending || tasks.isFetching} dataSource={rows} pagination={false}
        locale={{ emptyText: tasks.isPending ? ' ' : <Nothing /> }}
        columns={[
          { title: t('tickets.number'), dataIndex: 'number', render: (number: string, row) => <Link to={`/tickets/${row.id}`}>{number}</Link> },
          { title: t('tickets.subject'), dataIndex: 'subject' },
          { title: t('tickets.customer'), dataIndex: 'customerId', render: (id: number) => <CustomerLink id={id} /> },
          { title: t('tickets.priority'), dataIndex: 'priority', render: (p: string) => <PriorityTag priority={p} /> },
          { title: t('tickets.sla'), dataIndex: 'slaState', render: (s: string) => <SlaTag state={s} /> },
          { title: t('tickets.due'), dataIndex: 'nextDueAt', render: (due: string | null) => <Countdown dueAt={due} /> },
          { title: t('tickets.closeTask'), render: (_, row) => <CloseTask row={row} to={closingStage(workflowOf(row), row.stage!)} onProblem={setProblem} /> },
        ]}
      />
    </Space>
  );
}

/** Closes a task with its outcome (reached, resolved, not reachable), which the follow-up's reports count. */
function CloseTask({ row, to, onProblem }: { row: Item; to?: string; onProblem: (error: unknown) => void }) {
  const { t } = useI18n();
  const label = useLabel();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [outcome, setOutcome] = useState<string>();
  const close = useMutation({
    mutationFn: () => call(api.POST('/api/tickets/{id}/transitions', { params: { path: { id: row.id! } }, body: { to: to!, outcome, version: row.version! } })),
    onSuccess: () => {
      message.success(t('tickets.taskClosed'));
      client.invalidateQueries({ queryKey: ['tickets'] });
      client.invalidateQueries({ queryKey: ['ticket', row.id] });
    },
    onError: onProblem,
  });
  if (!to) return null;
  return (
    <Space>
      <Select aria-label={`${t('tickets.outcome')} ${row.number}`} placeholder={t('tickets.outcome')} style={{ width: 130 }} value={outcome}
        onChange={setOutcome} options={outcomes.map((o) => ({ value: o, label: label.of('outcome', o) }))} />
      <Button aria-label={`${t('tickets.closeTask')} ${row.number}`} disabled={!outcome} loading={close.isPending} onClick={() => close.mutate()}>
        {t('tickets.done')}
      </Button>
    </Space>
  );
}
