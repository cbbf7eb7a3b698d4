import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space, Table, Tabs, Tag, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { useDateTime } from './format';

type Firing = Schemas['ListFiringsFiring'];

const undelivered = (status: string) => status === 'failed' || status === 'parked';

const failed = (f: Firing) =>
  f.deliveries.some((d) => undelivered(d.status) && d.recipient != null) || f.actions.some((a) => a.outcome === 'failed');

/** Every run of a rule and every firing with each action's result; failed deliveries can be sent again. */
export function RuleHistory({ ruleId }: { ruleId: number }) {
  const { t } = useI18n();
  const [runsPage, setRunsPage] = useState(1);
  const [firingsPage, setFiringsPage] = useState(1);
  const when = useDateTime();
  const { message } = App.useApp();
  const client = useQueryClient();
  const runs = useQuery({
    queryKey: ['rule-runs', ruleId, runsPage],
    queryFn: () => call(api.GET('/api/rules/{id}/runs', { params: { path: { id: ruleId }, query: { page: runsPage, pageSize: 10 } } })),
  });
  const firings = useQuery({
    queryKey: ['rule-firings', ruleId, firingsPage],
    queryFn: () => call(api.GET('/api/rules/{id}/firings', { params: { path: { id: ruleId }, query: { page: firingsPage, pageSize: 10 } } })),
  });
  const retry = useMutation({
    mutationFn: (firingId: number) => call(api.POST('/api/rules/{id}/firings/{firingId}/retry', { params: { path: { id: ruleId, firingId } } })),
    onSuccess: (r) => { message.success(t('feedback.rules.history.retried', { n: r.retried })); client.invalidateQueries({ queryKey: ['rule-firings', ruleId] }); },
  });

  return (
    <Tabs items={[
      {
        key: 'runs', label: t('feedback.rules.history.runs'),
        children: (
          <>
            <QueryState isPending={runs.isPending} error={runs.error} retry={() => runs.refetch()} />
            {runs.data && (runs.data.items.length ? (
              <Table size="small" rowKey="id" dataSource={runs.data.items}
                pagination={{ current: runsPage, pageSize: 10, total: runs.data.total, onChange: setRunsPage }}
                columns={[
                  { title: t('feedback.rules.history.trigger'), dataIndex: 'trigger' },
                  { title: t('feedback.rules.history.started'), dataIndex: 'startedAt', render: when },
                  { title: t('feedback.rules.history.finished'), dataIndex: 'finishedAt', render: when },
                  { title: t('feedback.rules.history.matched'), dataIndex: 'matched' },
                  { title: t('feedback.rules.history.fired'), dataIndex: 'fired' },
                  { title: t('feedback.rules.history.skipped'), dataIndex: 'skippedByCooldown' },
                  { title: t('feedback.rules.history.error'), dataIndex: 'error', render: (e: string | null) => (e ? <Typography.Text type="danger">{e}</Typography.Text> : '—') },
                ]} />
            ) : <Nothing />)}
          </>
        ),
      },
      {
        key: 'firings', label: t('feedback.rules.history.firings'),
        children: (
          <>
            <QueryState isPending={firings.isPending} error={firings.error ?? retry.error} retry={() => firings.refetch()} />
            {firings.data && (firings.data.items.length ? (
              <Table size="small" rowKey="id" dataSource={firings.data.items}
                pagination={{ current: firingsPage, pageSize: 10, total: firings.data.total, onChange: setFiringsPage }}
                columns={[
                  { title: t('feedback.rules.history.customer'), dataIndex: 'customerId', render: (id: number) => <Link to={`/customers/${id}`}>#{id}</Link> },
                  { title: t('feedback.rules.history.firedAt'), dataIndex: 'firedAt', render: when },
                  { title: t('feedback.rules.history.reason'), dataIndex: 'reason' },
                  {
                    title: t('feedback.rules.history.actions'), key: 'actions',
                    render: (_: unknown, f: Firing) => (
                      <Space orientation="vertical" size={2}>
                        {f.actions.map((a, i) => <Tag key={i} color={a.outcome === 'failed' ? 'red' : 'blue'}>{a.type}: {a.outcome}</Tag>)}
                        {f.deliveries.map((d) => (
                          <Typography.Text key={d.id} type={undelivered(d.status) ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                            {d.channel} → {d.recipient ?? '—'}: {d.status} ({t('feedback.rules.history.attempts', { n: d.attempts })})
                            {d.serverReply ? ` — ${d.serverReply}` : ''}{d.lastError ? ` — ${d.lastError}` : ''}
                          </Typography.Text>
                        ))}
                      </Space>
                    ),
                  },
                  {
                    title: '', key: 'retry',
                    render: (_: unknown, f: Firing) => failed(f) && (
                      <Button size="small" loading={retry.isPending && retry.variables === f.id} onClick={() => retry.mutate(f.id)}>{t('feedback.rules.history.retry')}</Button>
                    ),
                  },
                ]} />
            ) : <Nothing />)}
          </>
        ),
      },
    ]} />
  );
}
