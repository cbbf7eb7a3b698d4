import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Card, Col, Row, Space, Table, Typography } from 'antd';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { Nothing, QueryState } from '../../components/States';
import { Chart } from './Chart';
import { barOption, hasData, lineOption } from './charts';
import { reportQuery, allGroup, useService, type ServiceFigures } from './data';
import { FilterBar, unlessFieldError } from './FilterBar';
import { asCsv } from './download';
import { formatCount, formatMinutes, formatPercent, type DurationUnits } from './format';
import { useGroupLabel } from './labels';
import { readFilters, ticketGroups } from './query';
import { chartedGroups } from './Satisfaction';
import { useUnits } from './units';
import { useLabel, useTicketTypes } from '../tickets/common';

export function ServicePage() {
  const { t } = useI18n();
  const groupLabel = useGroupLabel();
  const units = useUnits();
  const [params] = useSearchParams();
  // Besides the fixed groups: tags, and each field of the ticket types ("field:{key}", labelled with the field's name).
  const types = useTicketTypes();
  const label = useLabel();
  const fieldGroups = useMemo(() => new Map((types.data?.items ?? []).flatMap((x) => x.fields ?? [])
    .map((f) => [`field:${f.key}`, label.name(f.label ?? '')])), [types.data, label]);
  const groupsOffered = useMemo(() => [...ticketGroups, 'tag', ...fieldGroups.keys()], [fieldGroups]);
  const filters = readFilters(params, groupsOffered);
  const report = useService(filters);
  const r = report.data;
  const groups = r?.groups ?? [];
  const charted = useMemo(() => groups.slice(0, chartedGroups), [groups]);
  const periods = groups[0]?.series ?? [];
  const slaSeries = useMemo(() => charted.map((g) => ({ name: groupLabel(g.value, filters.groupBy), data: g.series.map((p) => p.figures.slaCompliance) })),
    [charted, filters.groupBy, groupLabel]);
  const sla = useMemo(() => lineOption({
    categories: periods.map((p) => p.period), series: slaSeries, min: 0, max: 100, format: (v) => formatPercent(v, 0),
  }), [periods, slaSeries]);
  const all = allGroup(groups);
  const stages = all?.backlog.byStage ?? [];
  const ages = all?.backlog.byAge ?? [];
  const backlog = useMemo(() => barOption({
    categories: ages.map((a) => t(`reports.age.${a.age}` as MessageKey)),
    series: [{ name: t('reports.tickets'), data: ages.map((a) => a.tickets) }],
    integer: true, format: (v) => formatCount(v),
  }), [ages, t]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <FilterBar
        fields={['range', 'interval', 'groupBy', 'timeZone']} filters={filters} groups={groupsOffered} groupLabels={Object.fromEntries(fieldGroups)} shown={r} error={report.error}
        exportCsv={() => api.GET('/api/reports/service', { params: { query: reportQuery.service(filters) }, ...asCsv })} exportName="service.csv"
      />
      <QueryState isPending={report.isPending} error={unlessFieldError(report.error)} retry={() => report.refetch()} />
      {r && (
        <>
          <Typography.Text type="secondary">{t('reports.range', { from: r.from, to: r.to })} · {r.timeZone} · {t('reports.service.note')}</Typography.Text>
          <Table
            rowKey="value" size="small" dataSource={groups} pagination={false} scroll={{ x: true }} locale={{ emptyText: <Nothing /> }}
            columns={[
              { title: filters.groupBy ? fieldGroups.get(filters.groupBy) ?? t(`reports.group.${filters.groupBy}` as MessageKey) : t('reports.col.group'), dataIndex: 'value', render: (v: string) => groupLabel(v, filters.groupBy) },
              ...serviceColumns(units, t).map((c) => ({ ...c, render: (_: unknown, g: (typeof groups)[number]) => c.render(g.total) })),
              { title: t('reports.col.open'), key: 'open', align: 'right' as const, render: (_: unknown, g: (typeof groups)[number]) => formatCount(g.backlog.open) },
            ]}
          />
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card title={t('reports.trendOf', { name: t('reports.col.slaCompliance') })}>
                <Chart option={sla} label={t('reports.trendOf', { name: t('reports.col.slaCompliance') })} empty={!hasData(slaSeries)} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('reports.backlog.title')}>
                <Chart option={backlog} label={t('reports.backlog.title')} empty={!all?.backlog.open} />
              </Card>
            </Col>
          </Row>
          {!filters.groupBy && (
            <>
              <Table
                rowKey="period" size="small" dataSource={periods} pagination={false} scroll={{ x: true }} locale={{ emptyText: <Nothing /> }}
                columns={[
                  { title: t('reports.col.period'), dataIndex: 'period' },
                  ...serviceColumns(units, t).map((c) => ({ ...c, render: (_: unknown, p: (typeof periods)[number]) => c.render(p.figures) })),
                ]}
              />
              <Card title={t('reports.byStage')}>
                <Table
                  rowKey="stage" size="small" dataSource={stages} pagination={false} locale={{ emptyText: <Nothing /> }}
                  columns={[
                    { title: t('reports.stage'), dataIndex: 'stage', render: (s: string) => groupLabel(s, 'stage') },
                    { title: t('reports.tickets'), dataIndex: 'tickets', align: 'right' as const, render: (n: number) => formatCount(n) },
                  ]}
                />
              </Card>
            </>
          )}
        </>
      )}
    </Space>
  );
}

/** The service figures as table columns, each rendering from a figures object. */
function serviceColumns(units: DurationUnits, t: (key: MessageKey) => string) {
  const duration = (d: { median?: number | null; p90?: number | null } | undefined) =>
    d?.median === null || d?.median === undefined ? '—' : `${formatMinutes(d.median, units)} / ${formatMinutes(d.p90, units)}`;
  const column = (key: string, title: MessageKey, render: (f: ServiceFigures | undefined) => string) =>
    ({ key, title: t(title), align: 'right' as const, render });
  return [
    column('created', 'reports.col.created', (f) => formatCount(f?.created)),
    column('resolved', 'reports.col.resolved', (f) => formatCount(f?.resolved)),
    column('firstResponse', 'reports.col.firstResponse', (f) => duration(f?.firstResponse)),
    column('resolution', 'reports.col.resolution', (f) => duration(f?.resolution)),
    column('resolutionRate', 'reports.col.resolutionRate', (f) => formatPercent(f?.resolutionRate)),
    column('fcr', 'reports.col.firstContactResolution', (f) => formatPercent(f?.firstContactResolution)),
    column('sla', 'reports.col.slaCompliance', (f) => formatPercent(f?.slaCompliance)),
    column('reopen', 'reports.col.reopenRate', (f) => formatPercent(f?.reopenRate)),
    column('escalations', 'reports.col.escalations', (f) => formatCount(f?.escalations)),
  ];
}
