import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { App, Button, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { Countdown, CustomerLink, outcomes, PriorityTag, SlaTag, useLabel, useMe, useTicketTypes, useWorkflows } from './common';
import { closingStage, dueFirst } from './tasks';

type Item = Schemas['ListTicketsItem'];

/** Open tasks of every task type, for one assignee or for all (the API's largest page; a person's open tasks fit). */
function useOpenTasks(typeCodes: string[], assignee: string | undefined, enabled: boolean) {
  return useQueries({
    queries: typeCodes.map((code) => ({
      queryKey: ['tickets', 'tasks', code, assignee ?? '*'],
      enabled,
      queryFn: () => call(api.GET('/api/tickets', { params: { query: { Type: code, Assignee: assignee, Status: 'active', PageSize: 200 } } })),
    })),
    combine: (results) => ({
      rows: dueFirst(results.flatMap((r) => r.data?.items ?? [])),
      isPending: results.some((r) => r.isPending),
      isFetching: results.some((r) => r.isFetching),
      error: results.find((r) => r.error)?.error ?? null,
      refetch: () => results.forEach((r) => r.refetch()),
    }),
  });
}

/**
 * The signed-in person's open Task tickets (proactive calls, survey follow-ups), earliest due first; below them the
 * tasks nobody owns yet (a follow-up for a customer without an account manager), to be claimed.
 */
export default function MyTasks() {
  const { t } = useI18n();
  const me = useMe();
  const types = useTicketTypes();
  const workflows = useWorkflows();
  const [problem, setProblem] = useState<unknown>(null);
  const taskTypes = (types.data?.items ?? []).filter((x) => x.kind === 'task');
  const codes = taskTypes.map((x) => x.code);
  const userName = me.data?.userName;
  const mine = useOpenTasks(codes, userName, !!userName);
  const all = useOpenTasks(codes, undefined, !!userName);
  const unassigned = all.rows.filter((x) => !x.assignee);
  const workflowOf = (row: Item) => {
    const code = taskTypes.find((x) => x.code === row.typeCode)?.workflowCode;
    const versions = (workflows.data?.items ?? []).filter((w) => w.code === code);
    return versions.find((w) => w.isCurrent) ?? versions[0];
  };
  const reload = () => { setProblem(null); mine.refetch(); all.refetch(); };
  const columns: ColumnsType<Item> = [
    { title: t('tickets.number'), dataIndex: 'number', width: 160, render: (number: string, row) => <Link to={`/tickets/${row.id}`}>{number}</Link> },
    { title: t('tickets.subject'), dataIndex: 'subject' },
    { title: t('tickets.customer'), dataIndex: 'customerId', render: (id: number, x) => <CustomerLink id={id} name={x.customerName} /> },
    { title: t('tickets.priority'), dataIndex: 'priority', render: (p: string) => <PriorityTag priority={p} /> },
    { title: t('tickets.sla'), dataIndex: 'slaState', render: (s: string) => <SlaTag state={s} /> },
    { title: t('tickets.due'), dataIndex: 'nextDueAt', width: 190, render: (due: string | null) => <Countdown dueAt={due} /> },
  ];
  const loading = me.isPending || types.isPending || mine.isPending;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>{t('tasks.title')}</Typography.Title>
      <Typography.Text type="secondary">{t('tasks.hint')}</Typography.Text>
      <QueryState isPending={false} error={problem ?? mine.error ?? all.error ?? me.error ?? types.error} retry={reload} />
      <Table<Item>
        rowKey="id" loading={loading || mine.isFetching} dataSource={mine.rows} pagination={false} aria-label={t('tasks.title')}
        locale={{ emptyText: loading ? ' ' : <Nothing /> }}
        columns={[...columns, {
          title: t('tickets.closeTask'),
          render: (_, row) => <CloseTask row={row} to={closingStage(workflowOf(row), row.stage)} onProblem={setProblem} />,
        }]}
      />
      {unassigned.length > 0 && (
        <>
          <Typography.Title level={4} style={{ margin: '16px 0 0' }}>{t('tasks.unassigned')}</Typography.Title>
          <Typography.Text type="secondary">{t('tasks.unassignedHint')}</Typography.Text>
          <Table<Item>
            rowKey="id" loading={all.isFetching} dataSource={unassigned} pagination={false} aria-label={t('tasks.unassigned')}
            columns={[...columns, { title: t('tasks.claim'), render: (_, row) => <Claim row={row} userName={userName!} onProblem={setProblem} /> }]}
          />
        </>
      )}
    </Space>
  );
}

function useTaskChange<T>(row: Item, send: (input: T) => Promise<unknown>, done: string, onProblem: (error: unknown) => void) {
  const { message } = App.useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => {
      message.success(done);
      client.invalidateQueries({ queryKey: ['tickets'] });
      client.invalidateQueries({ queryKey: ['ticket', row.id] });
    },
    onError: onProblem,
  });
}

/** Takes an unowned task: assigned to the signed-in person, with the version the list showed. */
function Claim({ row, userName, onProblem }: { row: Item; userName: string; onProblem: (error: unknown) => void }) {
  const { t } = useI18n();
  const claim = useTaskChange(row, () => call(api.PUT('/api/tickets/{id}/assignment', {
    params: { path: { id: row.id } }, body: { mode: 'person', assignee: userName, version: row.version },
  })), t('tasks.claimed', { number: row.number }), onProblem);
  return (
    <Button aria-label={`${t('tasks.claim')} ${row.number}`} loading={claim.isPending} onClick={() => claim.mutate(undefined)}>
      {t('tasks.claim')}
    </Button>
  );
}

/** Closes a task with its outcome (reached, resolved, not reachable), which the follow-up's reports count. */
function CloseTask({ row, to, onProblem }: { row: Item; to?: string; onProblem: (error: unknown) => void }) {
  const { t } = useI18n();
  const label = useLabel();
  const [outcome, setOutcome] = useState<string>();
  const close = useTaskChange(row, () => call(api.POST('/api/tickets/{id}/transitions', {
    params: { path: { id: row.id } }, body: { to: to!, outcome, version: row.version },
  })), t('tickets.taskClosed'), onProblem);
  if (!to) return null;
  return (
    <Space>
      <Select aria-label={`${t('tickets.outcome')} ${row.number}`} placeholder={t('tickets.outcome')} style={{ width: 130 }} value={outcome}
        onChange={setOutcome} options={outcomes.map((o) => ({ value: o, label: label.of('outcome', o) }))} />
      <Button aria-label={`${t('tickets.closeTask')} ${row.number}`} disabled={!outcome} loading={close.isPending} onClick={() => close.mutate(undefined)}>
        {t('tickets.done')}
      </Button>
    </Space>
  );
}
