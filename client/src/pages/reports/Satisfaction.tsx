import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Card, Col, Row, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { Nothing, QueryState } from '../../components/States';
import { Chart } from './Chart';
import { barOption, hasData, lineOption } from './charts';
import { reportQuery, useSatisfaction, type SatisfactionFigure } from './data';
import { FilterBar, unlessFieldError } from './FilterBar';
import { asCsv } from './download';
import { formatChange, formatCount, formatInterval, formatScore } from './format';
import { useGroupLabel } from './labels';
import { FigureSummary, movedTag, warningTag } from './MetricTile';
import { CustomQuestions } from './CustomQuestions';
import { readFilters, responseGroups, type Metric } from './query';

/** How many groups a trend chart draws before it becomes unreadable; the table lists them all. */
export const chartedGroups = 6;

export function SatisfactionPage() {
  const { t } = useI18n();
  const groupLabel = useGroupLabel();
  const [params] = useSearchParams();
  const filters = readFilters(params, responseGroups);
  const metric: Metric = filters.metric ?? 'nps';
  const report = useSatisfaction(filters);
  const r = report.data;
  const groups = r?.groups ?? [];
  const grouped = !!filters.groupBy;
  const charted = useMemo(() => groups.slice(0, chartedGroups), [groups]);
  const periods = groups[0]?.series ?? [];

  const trend = useMemo(() => lineOption({
    categories: periods.map((p) => p.period),
    series: charted.map((g) => ({ name: groupLabel(g.value, filters.groupBy), data: g.series.map((p) => p.figure.value) })),
    benchmarks: (r?.benchmarks ?? []).map((b) => ({ label: b.label, value: b.value })),
    format: (v) => formatScore(metric, v),
  }), [periods, charted, r?.benchmarks, metric, filters.groupBy, groupLabel]);
  const total = groups[0]?.total;
  const distribution = useMemo(() => Object.entries(total?.distribution ?? {}), [total]);
  const bars = useMemo(() => barOption({
    categories: distribution.map(([score]) => score),
    series: [{ name: t('reports.col.n'), data: distribution.map(([, n]) => n) }],
    integer: true, format: (v) => formatCount(v),
  }), [distribution, t]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <FilterBar
        fields={['metric', 'range', 'interval', 'groupBy', 'timeZone']} filters={filters} groups={responseGroups} shown={r} error={report.error}
        exportCsv={() => api.GET('/api/reports/satisfaction', { params: { query: reportQuery.satisfaction(filters) }, ...asCsv })} exportName={`satisfaction-${metric}.csv`}
      />
      <QueryState isPending={report.isPending} error={unlessFieldError(report.error)} retry={() => report.refetch()} />
      {r && (
        <>
          <Typography.Text type="secondary">
            {t('reports.range', { from: r.from, to: r.to })} · {t('reports.previous', { from: r.previousFrom, to: r.previousTo })} · {r.timeZone}
          </Typography.Text>
          <Typography.Text type="secondary">{r.scale}</Typography.Text>
          <Row gutter={[16, 16]}>
            {!grouped && (
              <Col xs={24} lg={8}>
                <Card title={t(`reports.metric.${metric}`)}><FigureSummary metric={metric} figure={total} scale={r.scale} /></Card>
              </Col>
            )}
            <Col xs={24} lg={grouped ? 24 : 16}>
              <Card title={t('reports.trendOf', { name: t(`reports.metric.${metric}`) })}>
                <Chart option={trend} label={t('reports.trendOf', { name: t(`reports.metric.${metric}`) })}
                  empty={!hasData(charted.map((g) => ({ name: g.value, data: g.series.map((p) => p.figure.value) })))} />
              </Card>
            </Col>
          </Row>
          {grouped ? (
            <Table
              rowKey="value" size="small" dataSource={groups} pagination={false} locale={{ emptyText: <Nothing /> }}
              expandable={{
                // Each group's periods, one row each, under the group's total.
                expandedRowRender: (g) => (
                  <Table
                    rowKey="period" size="small" dataSource={g.series} pagination={false}
                    columns={[{ title: t('reports.col.period'), dataIndex: 'period' }, ...figureColumns(metric, (p: (typeof periods)[number]) => p.figure, t)]}
                  />
                ),
              }}
              columns={[
                { title: t(`reports.group.${filters.groupBy}` as MessageKey), dataIndex: 'value', render: (v: string) => groupLabel(v, filters.groupBy) },
                ...figureColumns(metric, (g: (typeof groups)[number]) => g.total, t),
              ]}
            />
          ) : (
            <>
              <Table
                rowKey="period" size="small" dataSource={periods} pagination={false} locale={{ emptyText: <Nothing /> }}
                columns={[
                  { title: t('reports.col.period'), dataIndex: 'period' },
                  ...figureColumns(metric, (p: (typeof periods)[number]) => p.figure, t),
                ]}
              />
              <Card title={t('reports.col.counts')}>
                <Chart option={bars} height={200} label={t('reports.col.counts')} empty={!total?.n} />
              </Card>
            </>
          )}
          <CustomQuestions filters={filters} />
        </>
      )}
    </Space>
  );
}

/** The columns every satisfaction row shares: n, value, interval, change and whether it moved beyond the noise. */
function figureColumns<T>(metric: Metric, figureOf: (row: T) => SatisfactionFigure | undefined, t: (key: MessageKey, values?: Record<string, string | number>) => string) {
  return [
    { title: t('reports.col.n'), key: 'n', align: 'right' as const, render: (_: unknown, row: T) => formatCount(figureOf(row)?.n) },
    { title: t('reports.col.value'), key: 'value', align: 'right' as const, render: (_: unknown, row: T) => formatScore(metric, figureOf(row)?.value) },
    { title: t('reports.col.ci'), key: 'ci', render: (_: unknown, row: T) => formatInterval(metric, figureOf(row)?.ciLow, figureOf(row)?.ciHigh) },
    {
      title: t('reports.col.change'), key: 'change', render: (_: unknown, row: T) => {
        const f = figureOf(row);
        if (f?.change === null || f?.change === undefined) return '—';
        return (
          <Space size={4}>
            {formatChange(metric, f.change)}
            {f.beyondNoise ? <Tag style={movedTag}>{t('reports.beyondNoise')}</Tag> : <Tag>{t('reports.withinNoise')}</Tag>}
          </Space>
        );
      },
    },
    {
      title: t('reports.col.note'), key: 'warning', render: (_: unknown, row: T) => {
        const f = figureOf(row);
        return f && f.n && f.smallSample ? <Tag style={warningTag}>{t('reports.smallSample')}</Tag> : null;
      },
    },
  ];
}
