import { Link, useNavigate } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { api, call } from '../../api/client';
import { useCan } from '../../api/permissions';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { formatScore } from '../reports/format';
import { asPlan, type Plan } from './planForm';

/** /improvement-plans — every plan, the latest start first. */
export default function Plans() {
  const { t } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const plans = useQuery({ queryKey: ['improvement-plans'], queryFn: () => call(api.GET('/api/improvement-plans', { params: { query: { pageSize: 200 } } })) });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1200 }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('plans.title')}</Typography.Title>
        {can('settings.configure') && <Button type="primary" onClick={() => navigate('/improvement-plans/new')}>{t('plans.new')}</Button>}
      </Space>
      <QueryState isPending={plans.isPending} error={plans.error} retry={() => plans.refetch()} />
      {plans.data && (
        <Table<Plan>
          rowKey="id" dataSource={plans.data.items.map(asPlan)} pagination={false} locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('plans.planTitle'), dataIndex: 'title', render: (title: string, p) => <Link to={`/improvement-plans/${p.id}`}>{title}</Link> },
            { title: t('plans.metric'), key: 'metric', render: (_, p) => (
              <Space size={4}><Tag>{p.problem.metric.toUpperCase()}</Tag>{p.problem.segment.dimension === 'all' ? t('plans.segment.all') : `${p.problem.segment.dimension} = ${p.problem.segment.value}`}</Space>
            ) },
            { title: t('plans.col.goal'), key: 'goal', render: (_, p) => `${p.goal.metric.toUpperCase()} ${formatScore(p.goal.metric, p.goal.target)} · ${p.goal.date}` },
            { title: t('plans.owner'), dataIndex: 'owner' },
            { title: t('plans.col.start'), dataIndex: 'startsOn' },
            { title: t('plans.col.actions'), key: 'actions', align: 'right', render: (_, p) => `${p.actions.filter((a) => a.doneAt).length} / ${p.actions.length}` },
          ]}
        />
      )}
    </Space>
  );
}
