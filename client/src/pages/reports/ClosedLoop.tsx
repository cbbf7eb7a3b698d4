import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Card, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { Nothing, QueryState } from '../../components/States';
import { Chart } from './Chart';
import { barOption, hasData } from './charts';
import { reportQuery, allGroup, useClosedLoop, type ClosedLoopFigures } from './data';
import { FilterBar, unlessFieldError } from './FilterBar';
import { asCsv } from './download';
import { formatCount, formatMinutes, formatNumber, formatPercent, formatRateInterval, openFollowUps } from './format';
import { useGroupLabel } from './labels';
import { readFilters, responseGroups } from './query';
import { useUnits } from './units';

type Figures = ClosedLoopFigures | undefined;

/** The re-survey's score per metric it asked: NPS in points, CSAT % satisfied, CES mean effort. */
function resurveyScore(f: Figures): string {
  const r = f?.resurveys;
  return [
    r?.nps ? `NPS ${formatNumber(r.nps.value, 0)} (n=${r.nps.n})` : '',
    r?.csat ? `CSAT ${formatPercent(r.csat.value)} (n=${r.csat.n})` : '',
    r?.ces ? `CES ${formatNumber(r.ces.value, 2)} (n=${r.ces.n})` : '',
  ].filter(Boolean).join(' · ');
}

export function ClosedLoopPage() {
  const { t } = useI18n();
  const groupLabel = useGroupLabel();
  const units = useUnits();
  const [params] = useSearchParams();
  const filters = readFilters(params, responseGroups);
  const report = useClosedLoop(filters);
  const r = report.data;
  const groups = r?.groups ?? [];
  const periods = allGroup(groups)?.series ?? [];
  const series = useMemo(() => [
    { name: t('reports.loop.unhappy'), data: periods.map((p) => p.figures.unhappy) },
    { name: t('reports.loop.followedUp'), data: periods.map((p) => p.figures.followedUp) },
  ], [periods, t]);
  const chart = useMemo(() => barOption({ categories: periods.map((p) => p.period), series, integer: true, format: (v) => formatCount(v) }), [periods, series]);

  const columns = [
    { key: 'unhappy', title: t('reports.loop.unhappy'), align: 'right' as const, render: (f: Figures) => formatCount(f?.unhappy) },
    { key: 'followedUp', title: t('reports.loop.followedUp'), align: 'right' as const, render: (f: Figures) => formatCount(f?.followedUp) },
    { key: 'open', title: t('reports.loop.open'), align: 'right' as const, render: (f: Figures) => formatCount(openFollowUps(f?.unhappy, f?.followedUp)) },
    { key: 'share', title: t('reports.loop.share'), align: 'right' as const, render: (f: Figures) => formatPercent(f?.followedUpShare) },
    { key: 'ci', title: t('reports.col.ci'), render: (f: Figures) => formatRateInterval(f?.ciLow, f?.ciHigh) },
    {
      key: 'time', title: t('reports.col.timeToClose'),
      render: (f: Figures) => (f?.timeToClose.n ? `${formatMinutes(f.timeToClose.median, units)} / ${formatMinutes(f.timeToClose.p90, units)}` : '—'),
    },
    { key: 'resurveyed', title: t('reports.loop.resurveyed'), align: 'right' as const, render: (f: Figures) => formatCount(f?.resurveys.sent) },
    { key: 'resurveySuppressed', title: t('reports.loop.resurveySuppressed'), align: 'right' as const, render: (f: Figures) => formatCount(f?.resurveys.suppressed) },
    { key: 'resurveyAnswered', title: t('reports.loop.resurveyAnswered'), align: 'right' as const, render: (f: Figures) => formatCount(f?.resurveys.answered) },
    { key: 'recovered', title: t('reports.loop.recovered'), align: 'right' as const, render: (f: Figures) => formatCount(f?.resurveys.recovered) },
    {
      key: 'recoveredShare', title: t('reports.loop.recoveredShare'),
      render: (f: Figures) => (f?.resurveys.answered ? `${formatPercent(f.resurveys.recoveredShare)} (${formatRateInterval(f.resurveys.recoveredCiLow, f.resurveys.recoveredCiHigh)})` : '—'),
    },
    { key: 'resurveyScore', title: t('reports.loop.resurveyScore'), render: (f: Figures) => resurveyScore(f) || '—' },
    {
      key: 'outcomes', title: t('reports.col.outcomes'),
      render: (f: Figures) => Object.entries(f?.outcomes ?? {}).map(([o, n]) => <Tag key={o}>{groupLabel(o, 'outcome')} {formatCount(n)}</Tag>),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <FilterBar
        fields={['range', 'interval', 'groupBy', 'timeZone']} filters={filters} groups={responseGroups} shown={r} error={report.error}
        exportCsv={() => api.GET('/api/reports/closed-loop', { params: { query: reportQuery.closedLoop(filters) }, ...asCsv })} exportName="closed-loop.csv"
      />
      <QueryState isPending={report.isPending} error={unlessFieldError(report.error)} retry={() => report.refetch()} />
      {r && (
        <>
          <Typography.Text type="secondary">{t('reports.range', { from: r.from, to: r.to })} · {r.timeZone}</Typography.Text>
          <Table
            rowKey="value" size="small" dataSource={groups} pagination={false} scroll={{ x: true }} locale={{ emptyText: <Nothing /> }}
            columns={[
              { title: filters.groupBy ? t(`reports.group.${filters.groupBy}` as MessageKey) : t('reports.col.group'), dataIndex: 'value', render: (v: string) => groupLabel(v, filters.groupBy) },
              ...columns.map((c) => ({ ...c, render: (_: unknown, g: (typeof groups)[number]) => c.render(g.total) })),
            ]}
          />
          <Card title={t('reports.loop.trend')}>
            <Chart option={chart} label={t('reports.loop.trend')} empty={!hasData(series) || !allGroup(groups)?.total.unhappy} />
          </Card>
          {!filters.groupBy && (
            <Table
              rowKey="period" size="small" dataSource={periods} pagination={false} scroll={{ x: true }} locale={{ emptyText: <Nothing /> }}
              columns={[
                { title: t('reports.col.period'), dataIndex: 'period' },
                ...columns.map((c) => ({ ...c, render: (_: unknown, p: (typeof periods)[number]) => c.render(p.figures) })),
              ]}
            />
          )}
        </>
      )}
    </Space>
  );
}
