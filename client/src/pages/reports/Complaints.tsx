import { useSearchParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useCan } from '../../api/permissions';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { Nothing, QueryState } from '../../components/States';
import { formatCount, formatNumber } from './format';
import { clean, readFilters } from './query';

type Rate = Schemas['ComplaintRateRate'];
type Standing = Schemas['KpiTargetsStanding'];
const kpis = ['slaCompliance', 'csat', 'nps', 'resolved'];

/** Complaints per 100 customers and per 1,000 orders by tier, and agents' and teams' KPI targets against their actuals. */
export function ComplaintsPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const filters = readFilters(params);
  const query = clean({ from: filters.from, to: filters.to, interval: filters.interval, timeZone: filters.timeZone, groupBy: 'tier' });
  const rates = useQuery({ queryKey: ['reports', 'complaint-rate', query], queryFn: () => call(api.GET('/api/reports/complaint-rate', { params: { query } })) });
  const range = clean({ from: filters.from, to: filters.to, timeZone: filters.timeZone });
  const targets = useQuery({ queryKey: ['reports', 'kpis', range], queryFn: () => call(api.GET('/api/reports/kpis', { params: { query: range } })) });
  const rows = (rates.data?.groups ?? []).flatMap((g) => [g.total, ...g.series].map((r) => ({ ...r, tier: g.value, key: `${g.value}-${r.period}` })));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <section aria-label={t('reports.complaints.rate')}>
        <Card title={t('reports.complaints.rate')} extra={rates.data && <Typography.Text type="secondary">{t('reports.range', { from: rates.data.from, to: rates.data.to })}</Typography.Text>}>
          <QueryState isPending={rates.isPending} error={rates.error} retry={() => rates.refetch()} />
          {rates.data && (
            <Table<Rate & { tier: string; key: string }>
              rowKey="key" size="small" dataSource={rows} pagination={false} locale={{ emptyText: <Nothing /> }}
              columns={[
                { title: t('reports.group.tier'), dataIndex: 'tier' },
                { title: t('reports.complaints.period'), dataIndex: 'period', render: (p: string) => p === 'total' ? <Tag>{t('reports.complaints.total')}</Tag> : p },
                { title: t('reports.complaints.complaints'), dataIndex: 'complaints', align: 'right', render: (n: number) => formatCount(n) },
                { title: t('reports.complaints.customers'), dataIndex: 'customers', align: 'right', render: (n: number) => formatCount(n) },
                { title: t('reports.complaints.perHundred'), dataIndex: 'perHundredCustomers', align: 'right', render: (v: number | null) => formatNumber(v, 2) },
                { title: t('reports.complaints.orders'), dataIndex: 'orders', align: 'right', render: (n: number) => formatCount(n) },
                { title: t('reports.complaints.perThousand'), dataIndex: 'perThousandOrders', align: 'right', render: (v: number | null) => formatNumber(v, 1) },
              ]}
            />
          )}
        </Card>
      </section>
      <section aria-label={t('reports.kpis.title')}>
        <Card title={t('reports.kpis.title')}>
          <QueryState isPending={targets.isPending} error={targets.error} retry={() => targets.refetch()} />
          {targets.data && (
            <Table<Standing>
              rowKey="id" size="small" dataSource={targets.data.targets} pagination={false} locale={{ emptyText: <Nothing /> }}
              columns={[
                { title: t('reports.kpis.subject'), key: 'subject', render: (_, s) => <Space size={4}><Tag>{t(`reports.group.${s.scope}` as MessageKey)}</Tag>{s.subject}</Space> },
                { title: t('reports.kpis.kpi'), dataIndex: 'kpi', render: (k: string) => t(`reports.kpis.${k}` as MessageKey) },
                { title: t('reports.kpis.target'), dataIndex: 'target', align: 'right', render: (v: number) => formatNumber(v, 1) },
                { title: t('reports.kpis.actual'), dataIndex: 'actual', align: 'right', render: (v: number | null) => formatNumber(v, 1) },
                { title: t('reports.kpis.met'), dataIndex: 'met', render: (m: boolean | null) =>
                  m === true ? <Tag color="green">{t('reports.kpis.yes')}</Tag> : m === false ? <Tag color="red">{t('reports.kpis.no')}</Tag> : '—' },
              ]}
            />
          )}
          <SetTarget />
        </Card>
      </section>
    </Space>
  );
}

function SetTarget() {
  const { t } = useI18n();
  const can = useCan();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const set = useMutation({
    mutationFn: (body: Schemas['KpiTargetsSetRequest']) => call(api.PUT('/api/kpi-targets', { body })),
    onSuccess: () => { message.success(t('reports.kpis.saved')); client.invalidateQueries({ queryKey: ['reports', 'kpis'] }); },
    onError: (error) => {
      if (error instanceof ApiError && error.problem.errors) form.setFields(Object.entries(error.problem.errors).map(([name, errors]) => ({ name, errors })));
    },
  });
  if (!can('settings.configure')) return null;
  return (
    <Form form={form} name="kpi-target" layout="inline" style={{ marginTop: 16 }} initialValues={{ scope: 'agent', kpi: 'slaCompliance' }} onFinish={(v) => set.mutate(v)}>
      <Form.Item name="scope" label={t('reports.kpis.scope')}>
        <Select style={{ width: 110 }} options={['agent', 'team'].map((s) => ({ value: s, label: t(`reports.group.${s}` as MessageKey) }))} />
      </Form.Item>
      <Form.Item name="subject" label={t('reports.kpis.subject')}><Input style={{ width: 140 }} /></Form.Item>
      <Form.Item name="kpi" label={t('reports.kpis.kpi')}>
        <Select style={{ width: 180 }} options={kpis.map((k) => ({ value: k, label: t(`reports.kpis.${k}` as MessageKey) }))} />
      </Form.Item>
      <Form.Item name="value" label={t('reports.kpis.target')}><InputNumber style={{ width: 100 }} /></Form.Item>
      <Button type="primary" htmlType="submit" loading={set.isPending}>{t('reports.kpis.set')}</Button>
    </Form>
  );
}
