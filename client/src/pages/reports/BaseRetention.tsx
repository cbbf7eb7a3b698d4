import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import { Nothing, QueryState } from '../../components/States';
import { asCsv, downloadCsv } from './download';
import { formatCount, formatNumber, formatPercent, formatRateInterval } from './format';

type Group = Schemas['BaseRetentionReportGroup'];
const groupings = ['byCohort', 'byTier', 'byAccountManager'] as const;
type Grouping = (typeof groupings)[number];

/** Churn and repurchase across every customer (not only those who answered a survey), by cohort, tier or account manager. */
export function BaseRetention() {
  const { t } = useI18n();
  const [by, setBy] = useState<Grouping>('byCohort');
  const report = useQuery({ queryKey: ['reports', 'retention', 'base'], queryFn: () => call(api.GET('/api/reports/retention/base')) });
  const r = report.data;
  return (
    <section aria-label={t('reports.base.title')}>
      <Card title={t('reports.base.title')}
        extra={<Button size="small" onClick={() => downloadCsv(() => api.GET('/api/reports/retention/base', asCsv), 'retention-base.csv')}>{t('reports.base.export')}</Button>}>
        <QueryState isPending={report.isPending} error={report.error} retry={() => report.refetch()} />
        {r && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Row gutter={[16, 16]}>
              <Col xs={12} md={4}><Statistic title={t('reports.retention.customers')} value={formatCount(r.base.customers)} /></Col>
              <Col xs={12} md={4}><Statistic title={t('reports.retention.churnRate')} value={formatPercent(r.base.churnRate)} /></Col>
              <Col xs={12} md={4}><Statistic title={t('reports.retention.repurchaseRate')} value={formatPercent(r.base.repurchaseRate)} /></Col>
              <Col xs={12} md={4}><Statistic title={t('reports.base.wonBack')} value={formatCount(r.base.wonBack)} /></Col>
              <Col xs={12} md={4}><Statistic title={t('reports.base.explicit')} value={formatCount(r.base.explicit)} /></Col>
              <Col xs={12} md={4}><Statistic title={t('reports.base.derived')} value={formatCount(r.base.derived)} /></Col>
            </Row>
            <Segmented<Grouping> value={by} onChange={setBy} options={groupings.map((g) => ({ value: g, label: t(`reports.base.${g}`) }))} />
            <Table<Group>
              rowKey="value" size="small" dataSource={r[by]} pagination={{ pageSize: 24, hideOnSinglePage: true }} scroll={{ x: true }}
              locale={{ emptyText: <Nothing /> }}
              columns={[
                { title: t(`reports.base.${by}`), dataIndex: 'value' },
                { title: t('reports.retention.customers'), dataIndex: 'customers', align: 'right', render: (n: number) => formatCount(n) },
                { title: t('customers.lifecycle.active'), dataIndex: 'active', align: 'right', render: (n: number) => formatCount(n) },
                { title: t('customers.lifecycle.atRisk'), dataIndex: 'atRisk', align: 'right', render: (n: number) => formatCount(n) },
                { title: t('customers.lifecycle.churned'), dataIndex: 'churned', align: 'right', render: (n: number) => formatCount(n) },
                { title: t('customers.lifecycle.wonBack'), dataIndex: 'wonBack', align: 'right', render: (n: number) => formatCount(n) },
                { title: t('reports.base.explicitDerived'), key: 'origin', align: 'right', render: (_, g) => `${formatCount(g.explicit)} / ${formatCount(g.derived)}` },
                { title: t('reports.retention.churnRate'), key: 'churnRate', align: 'right', render: (_, g) => formatPercent(g.churnRate) },
                { title: t('reports.col.ci'), key: 'churnCi', render: (_, g) => formatRateInterval(g.churnCiLow, g.churnCiHigh) },
                { title: t('reports.retention.repurchaseRate'), key: 'repurchaseRate', align: 'right', render: (_, g) => formatPercent(g.repurchaseRate) },
                { title: 'NPS', key: 'nps', align: 'right', render: (_, g) => g.nps == null ? '—' : `${formatNumber(g.nps)} (n=${formatCount(g.npsRespondents)})` },
                { title: 'CSAT', key: 'csat', align: 'right', render: (_, g) => g.csat == null ? '—' : `${formatPercent(g.csat)} (n=${formatCount(g.csatRespondents)})` },
              ]}
            />
            <Typography.Paragraph type="secondary"><strong>{t('reports.retention.definitions')}:</strong> {r.definitions}</Typography.Paragraph>
          </Space>
        )}
      </Card>
    </section>
  );
}
