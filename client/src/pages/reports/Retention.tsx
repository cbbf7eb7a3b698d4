import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table, Typography } from 'antd';
import { api, call, showFieldErrors, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { Nothing, QueryState } from '../../components/States';
import { Chart } from './Chart';
import { barOption } from './charts';
import { reportQuery, useRetention, type BenchmarkLine, type RetentionSegment } from './data';
import { FilterBar, unlessFieldError } from './FilterBar';
import { asCsv } from './download';
import { formatCount, formatNumber, formatPercent, formatRateInterval } from './format';
import { readFilters } from './query';
import { BaseRetention } from './BaseRetention';

export const benchmarkMetrics = ['nps', 'csat', 'ces', 'churnRate', 'repurchaseRate', 'slaCompliance', 'firstContactResolution', 'resolutionRate', 'followedUpShare'] as const;

export function RetentionPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const filters = readFilters(params);
  const report = useRetention(filters);
  const r = report.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <BaseRetention />
      <FilterBar fields={['range']} filters={filters} shown={r} error={report.error}
        exportCsv={() => api.GET('/api/reports/retention', { params: { query: reportQuery.retention(filters) }, ...asCsv })} exportName="retention.csv" />
      <QueryState isPending={report.isPending} error={unlessFieldError(report.error)} retry={() => report.refetch()} />
      {r && (
        <>
          <Typography.Text type="secondary">{t('reports.range', { from: r.from, to: r.to })} · {t('reports.retention.asOf', { day: r.asOf })}</Typography.Text>
          <Segments title={t('reports.retention.byNps')} segments={r.byNpsCategory} benchmarks={r.benchmarks} />
          <Segments title={t('reports.retention.byCsat')} segments={r.byCsatBand} benchmarks={r.benchmarks} />
          <Typography.Paragraph type="secondary"><strong>{t('reports.retention.definitions')}:</strong> {r.definitions}</Typography.Paragraph>
        </>
      )}
      <Benchmarks />
    </Space>
  );
}

function Segments({ title, segments, benchmarks }: { title: string; segments: RetentionSegment[]; benchmarks: BenchmarkLine[] }) {
  const { t } = useI18n();
  const name = (s: RetentionSegment) => t(`reports.count.${s.name}` as MessageKey);
  const lines = (metric: string) => benchmarks.filter((b) => b.metric === metric).map((b) => ({ label: b.label, value: b.value }));
  const churn = useMemo(() => barOption({
    categories: segments.map(name), series: [{ name: t('reports.retention.churnRate'), data: segments.map((s) => s.churnRate) }],
    benchmarks: lines('churnRate'), min: 0, max: 100, format: (v) => formatPercent(v, 0),
  }), [segments, benchmarks, t]);
  const repurchase = useMemo(() => barOption({
    categories: segments.map(name), series: [{ name: t('reports.retention.repurchaseRate'), data: segments.map((s) => s.repurchaseRate) }],
    benchmarks: lines('repurchaseRate'), min: 0, max: 100, format: (v) => formatPercent(v, 0),
  }), [segments, benchmarks, t]);
  const empty = segments.every((s) => !s.customers);
  return (
    <section aria-label={title}>
      <Card title={title}>
        <Table<RetentionSegment>
          rowKey="name" size="small" dataSource={segments} pagination={false} scroll={{ x: true }} locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('reports.retention.segment'), dataIndex: 'name', render: (_, s) => name(s) },
            { title: t('reports.retention.customers'), dataIndex: 'customers', align: 'right', render: (n: number) => formatCount(n) },
            { title: t('reports.retention.churned'), dataIndex: 'churned', align: 'right', render: (n: number) => formatCount(n) },
            { title: t('reports.retention.churnRate'), key: 'churnRate', align: 'right', render: (_, s) => formatPercent(s.churnRate) },
            { title: t('reports.col.ci'), key: 'churnCi', render: (_, s) => formatRateInterval(s.churnCiLow, s.churnCiHigh) },
            { title: t('reports.retention.repurchased'), dataIndex: 'repurchased', align: 'right', render: (n: number) => formatCount(n) },
            { title: t('reports.retention.repurchaseRate'), key: 'repurchaseRate', align: 'right', render: (_, s) => formatPercent(s.repurchaseRate) },
            { title: t('reports.col.ci'), key: 'repurchaseCi', render: (_, s) => formatRateInterval(s.repurchaseCiLow, s.repurchaseCiHigh) },
            { title: t('reports.retention.notRepurchased'), dataIndex: 'notRepurchased', align: 'right', render: (n: number) => formatCount(n) },
          ]}
        />
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} lg={12}>
            <Typography.Text strong>{t('reports.retention.churnRate')}</Typography.Text>
            <Chart option={churn} height={200} label={`${title} · ${t('reports.retention.churnRate')}`} empty={empty} />
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Text strong>{t('reports.retention.repurchaseRate')}</Typography.Text>
            <Chart option={repurchase} height={200} label={`${title} · ${t('reports.retention.repurchaseRate')}`} empty={empty} />
          </Col>
        </Row>
      </Card>
    </section>
  );
}

/** The benchmark lines a manager sets (PUT /api/reports/benchmarks); the reports draw them beside their figures. */
function Benchmarks() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['reports', 'benchmarks'], queryFn: () => call(api.GET('/api/reports/benchmarks')) });
  // Only managers set benchmarks (the API refuses others): the same 'me' the shell asked, from the cache.
  const me = useQuery({ queryKey: ['me'], queryFn: () => call(api.GET('/api/auth/me')), retry: false });
  const manager = (me.data?.roles ?? []).some((r) => r === 'manager' || r === 'admin');
  const changed = () => client.invalidateQueries({ queryKey: ['reports'] });
  const save = useMutation({
    mutationFn: (body: Schemas['SetBenchmarkRequest']) => call(api.PUT('/api/reports/benchmarks', { body })),
    onSuccess: () => { message.success(t('reports.benchmark.saved')); form.resetFields(); changed(); },
    onError: (error) => showFieldErrors(form, error),
  });
  const remove = useMutation({
    mutationFn: (b: BenchmarkLine) => call(api.DELETE('/api/reports/benchmarks/{metric}/{label}', { params: { path: { metric: b.metric, label: b.label } } })),
    onSuccess: () => { message.success(t('reports.benchmark.removed')); changed(); },
    onError: (error) => message.error(error.message),
  });
  return (
    <section aria-label={t('reports.benchmark.title')}>
      <Card title={t('reports.benchmark.title')}>
        <Typography.Paragraph type="secondary">{t('reports.benchmark.hint')}</Typography.Paragraph>
        {manager && <Form form={form} layout="inline" onFinish={(values) => save.mutate(values)} initialValues={{ metric: 'churnRate' }} style={{ rowGap: 8 }}>
          <Form.Item label={t('reports.benchmark.metric')} name="metric" rules={[{ required: true }]}>
            <Select style={{ width: 180 }} options={benchmarkMetrics.map((m) => ({ value: m, label: t(`reports.bm.${m}`) }))} />
          </Form.Item>
          <Form.Item label={t('reports.benchmark.label')} name="label" rules={[{ required: true, max: 100 }]}><Input style={{ width: 180 }} /></Form.Item>
          <Form.Item label={t('reports.benchmark.value')} name="value" rules={[{ required: true }]}><InputNumber min={-100} max={100} step={0.1} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>{t('reports.benchmark.set')}</Button>
        </Form>}
        <QueryState isPending={list.isPending} error={list.error} retry={() => list.refetch()} />
        <Table<BenchmarkLine>
          style={{ marginTop: 16 }} rowKey={(b) => `${b.metric}/${b.label}`} size="small" dataSource={list.data ?? []} pagination={false}
          locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('reports.benchmark.metric'), dataIndex: 'metric', render: (m: string) => (benchmarkMetrics as readonly string[]).includes(m) ? t(`reports.bm.${m}` as MessageKey) : m },
            { title: t('reports.benchmark.label'), dataIndex: 'label' },
            { title: t('reports.benchmark.value'), dataIndex: 'value', align: 'right', render: (v: number) => formatNumber(v, 1) },
            ...(!manager ? [] : [{
              title: t('reports.benchmark.remove'), key: 'remove', render: (_: unknown, b: BenchmarkLine) => (
                <Button size="small" danger aria-label={`${t('reports.benchmark.remove')} ${b.label}`} onClick={() => remove.mutate(b)}>
                  {t('reports.benchmark.remove')}
                </Button>
              ),
            }]),
          ]}
        />
      </Card>
    </section>
  );
}
