// What each kind of dashboard tile shows; a tile reads the same report queries as the report pages (cached together).
import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { QueryState } from '../../components/States';
import { Chart } from '../reports/Chart';
import { barOption, hasData, lineOption } from '../reports/charts';
import { allGroup, useClosedLoop, useRetention, useSatisfaction, useService, useThemeNames, useVoice } from '../reports/data';
import { formatCount, formatMinutes, formatPercent, openFollowUps } from '../reports/format';
import { FigureSummary, MetricTile, warningTag } from '../reports/MetricTile';
import { trendLength, type DashboardInterval, type Metric } from '../reports/query';
import { useUnits } from '../reports/units';
import { useMe } from '../tickets/common';

export type Tile = Schemas['Tile'];
export type Filters = { from: string; to: string; interval: DashboardInterval };

function ServiceTiles({ filters, part }: { filters: Filters; part: 'sla' | 'backlog' }) {
  const { t } = useI18n();
  const service = useService(filters);
  const group = allGroup(service.data?.groups);
  const series = group?.series ?? [];
  const current = series.at(-1)?.figures;
  const sla = useMemo(() => lineOption({
    categories: series.map((p) => p.period),
    series: [{ name: t('reports.sla.title'), data: series.map((p) => p.figures.slaCompliance) }],
    min: 0, max: 100, format: (v) => formatPercent(v, 0),
  }), [series, t]);
  const ages = group?.backlog.byAge ?? [];
  const backlog = useMemo(() => barOption({
    categories: ages.map((a) => t(`reports.age.${a.age}` as MessageKey)),
    series: [{ name: t('reports.backlog.title'), data: ages.map((a) => a.tickets) }],
    integer: true, format: (v) => formatCount(v),
  }), [ages, t]);
  return part === 'sla' ? (
        <section aria-label={t('reports.sla.title')} style={{ height: '100%' }}>
          <Card title={t('reports.sla.title')} loading={service.isPending} extra={<Link to={`/reports/service?interval=${filters.interval}`}>{t('reports.more')}</Link>} style={{ height: '100%' }}>
            <QueryState isPending={false} error={service.error} retry={() => service.refetch()} />
            <Statistic title={t(`reports.current.${filters.interval}`)} value={formatPercent(current?.slaCompliance)} />
            <Typography.Text type="secondary">{t('reports.sla.resolved', { n: formatCount(current?.resolved) })}</Typography.Text>
            <Chart option={sla} height={140} label={t('reports.trendOf', { name: t('reports.sla.title') })}
              empty={!hasData([{ name: 'sla', data: series.map((p) => p.figures.slaCompliance) }])} />
          </Card>
        </section>
  ) : (
        <section aria-label={t('reports.backlog.title')} style={{ height: '100%' }}>
          <Card title={t('reports.backlog.title')} loading={service.isPending} style={{ height: '100%' }}>
            <Statistic title={t('reports.backlog.openNow')} value={formatCount(group?.backlog.open)} />
            <Chart option={backlog} height={180} label={t('reports.backlog.title')} empty={!(group?.backlog.open)} />
          </Card>
        </section>
  );
}

function FollowUps({ filters }: { filters: Filters }) {
  const { t } = useI18n();
  const units = useUnits();
  const loop = useClosedLoop(filters);
  const total = allGroup(loop.data?.groups)?.total;
  const open = openFollowUps(total?.unhappy, total?.followedUp);
  return (
    <section aria-label={t('reports.loop.title')} style={{ height: '100%' }}>
      <Card title={t('reports.loop.title')} loading={loop.isPending} style={{ height: '100%' }}
        extra={<Link to={`/reports/closed-loop?interval=${filters.interval}&from=${filters.from}&to=${filters.to}`}>{t('reports.more')}</Link>}>
        <QueryState isPending={false} error={loop.error} retry={() => loop.refetch()} />
        <Typography.Paragraph type="secondary">{t(`reports.window.${filters.interval}`, { n: trendLength[filters.interval] })}</Typography.Paragraph>
        <Row gutter={[16, 16]}>
          <Col span={12}><Statistic title={t('reports.loop.open')} value={formatCount(open)} styles={{ content: { color: open > 0 ? '#b91c1c' : undefined } }} /></Col>
          <Col span={12}><Statistic title={t('reports.loop.unhappy')} value={formatCount(total?.unhappy)} /></Col>
          <Col span={12}><Statistic title={t('reports.loop.followedUp')} value={formatCount(total?.followedUp)} /></Col>
          <Col span={12}><Statistic title={t('reports.loop.share')} value={formatPercent(total?.followedUpShare)} /></Col>
          <Col span={24}><Statistic title={t('reports.loop.timeToClose')} value={formatMinutes(total?.timeToClose.median, units)} /></Col>
        </Row>
      </Card>
    </section>
  );
}

function Themes({ filters }: { filters: Filters }) {
  const { t } = useI18n();
  const voice = useVoice(filters, 5, 1);
  const themeName = useThemeNames();
  const themes = voice.data?.detractors ?? [];
  return (
    <section aria-label={t('reports.themes.title')}>
      <Card title={t('reports.themes.title')} loading={voice.isPending}
        extra={<Link to={`/reports/voice-of-customer?interval=${filters.interval}&from=${filters.from}&to=${filters.to}`}>{t('reports.more')}</Link>}>
        <QueryState isPending={false} error={voice.error} retry={() => voice.refetch()} />
        <Typography.Paragraph type="secondary">{t(`reports.window.${filters.interval}`, { n: trendLength[filters.interval] })}</Typography.Paragraph>
        <List
          dataSource={themes} locale={{ emptyText: <Typography.Text type="secondary">{t('reports.themes.none')}</Typography.Text> }}
          renderItem={(theme) => (
            <List.Item extra={<Typography.Text type="secondary">{formatPercent(theme.share)}</Typography.Text>}>
              <List.Item.Meta
                title={`${themeName(theme.name)} · ${t('reports.themes.mentions', { n: formatCount(theme.mentions) })}`}
                description={theme.verbatims[0] ? `“${theme.verbatims[0].comment}”` : undefined}
              />
            </List.Item>
          )}
        />
      </Card>
    </section>
  );
}

/** A tile of a few figures with a link to where they come from. */
function Simple({ title, to, children, loading, error, retry }: {
  title: string; to?: string; children: ReactNode; loading: boolean; error: unknown; retry: () => void;
}) {
  const { t } = useI18n();
  return (
    <section aria-label={title} style={{ height: '100%' }}>
      <Card title={title} loading={loading} style={{ height: '100%' }} extra={to && <Link to={to}>{t('reports.more')}</Link>}>
        <QueryState isPending={false} error={error as Error | null} retry={retry} />
        {children}
      </Card>
    </section>
  );
}

/** A tile whose rule, view or plan was deleted after the dashboard was saved: said so, and the rest of the dashboard loads. */
function Gone({ title, what }: { title: string; what: 'rule' | 'view' | 'plan' }) {
  const { t } = useI18n();
  return (
    <Simple title={title} loading={false} error={null} retry={() => undefined}>
      <Typography.Text type="secondary" role="status">{t('dashboards.gone', { what: t(`dashboards.gone.${what}`) })}</Typography.Text>
    </Simple>
  );
}

const notFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/** A headline: this period's figure with its trend; while the period is young, the last 30 days beside it. */
function Headline({ metric, filters }: { metric: Metric; filters: Filters }) {
  const { t } = useI18n();
  const report = useSatisfaction({ ...filters, metric });
  const headline = useQuery({
    queryKey: ['reports', 'headline', metric, filters.interval],
    queryFn: () => call(api.GET('/api/reports/headline', { params: { query: { metric, interval: filters.interval } } })),
  });
  if (report.isPending) return <Card loading title={t(`reports.metric.${metric}`)} />;
  const young = headline.data?.young ? headline.data : undefined;
  return (
    <div style={{ height: '100%', display: 'flex', flexDirection: 'column', gap: 8 }}>
      <MetricTile metric={metric} report={report.data} />
      {young?.last30Days && (
        <section aria-label={t('dashboards.last30', { metric: t(`reports.metric.${metric}`) })}>
          <Card size="small">
            <Space orientation="vertical" size={4}>
              <Tag style={warningTag}>{t('dashboards.young', { n: young.youngBelow, current: formatCount(young.current.figure.n) })}</Tag>
              <Typography.Text strong>{t('dashboards.last30', { metric: t(`reports.metric.${metric}`) })}</Typography.Text>
              <FigureSummary metric={metric} figure={young.last30Days.figure} />
            </Space>
          </Card>
        </section>
      )}
    </div>
  );
}

function Satisfaction({ tile, filters }: { tile: Tile; filters: Filters }) {
  const { t } = useI18n();
  const metric = (tile.metric ?? 'nps') as Metric;
  const report = useSatisfaction({ ...filters, metric, interval: (tile.interval as DashboardInterval | null) ?? filters.interval, groupBy: tile.groupBy ?? undefined });
  if (report.isPending) return <Card loading title={t(`reports.metric.${metric}`)} />;
  return <MetricTile metric={metric} report={report.data} />;
}

function Retention({ filters }: { filters: Filters }) {
  const { t } = useI18n();
  const retention = useRetention(filters);
  return (
    <Simple title={t('dashboards.kind.retention')} to="/reports/retention" loading={retention.isPending} error={retention.error} retry={() => retention.refetch()}>
      <List size="small" dataSource={retention.data?.byNpsCategory ?? []} renderItem={(s) => (
        <List.Item extra={formatPercent(s.churnRate)}>{t(`reports.count.${s.name}` as MessageKey)} · {formatCount(s.customers)}</List.Item>
      )} />
    </Simple>
  );
}

function ComplaintRate({ filters }: { filters: Filters }) {
  const { t } = useI18n();
  const rate = useQuery({
    queryKey: ['reports', 'complaint-rate', filters],
    queryFn: () => call(api.GET('/api/reports/complaint-rate', { params: { query: { from: filters.from, to: filters.to, interval: filters.interval } } })),
  });
  const total = allGroup(rate.data?.groups)?.total;
  return (
    <Simple title={t('dashboards.kind.complaintRate')} to="/reports/complaints" loading={rate.isPending} error={rate.error} retry={() => rate.refetch()}>
      <Row gutter={16}>
        <Col span={12}><Statistic title={t('dashboards.perHundredCustomers')} value={total?.perHundredCustomers?.toFixed(2) ?? '—'} /></Col>
        <Col span={12}><Statistic title={t('dashboards.complaints')} value={formatCount(total?.complaints)} /></Col>
      </Row>
    </Simple>
  );
}

function Kpis() {
  const { t } = useI18n();
  const kpis = useQuery({ queryKey: ['reports', 'kpis'], queryFn: () => call(api.GET('/api/reports/kpis')) });
  const targets = kpis.data?.targets ?? [];
  return (
    <Simple title={t('dashboards.kind.kpis')} loading={kpis.isPending} error={kpis.error} retry={() => kpis.refetch()}>
      <Statistic title={t('dashboards.targetsMet')} value={`${targets.filter((k) => k.met).length} / ${targets.length}`} />
      <List size="small" dataSource={targets.slice(0, 5)} renderItem={(k) => (
        <List.Item extra={k.actual == null ? '—' : k.actual.toFixed(1)}>{k.subject} · {k.kpi} ≥ {k.target}</List.Item>
      )} />
    </Simple>
  );
}

function Plan({ planId }: { planId: number }) {
  const { t } = useI18n();
  const plan = useQuery({
    queryKey: ['improvement-plans', planId], retry: (n, e) => !notFound(e) && n < 2,
    queryFn: () => call(api.GET('/api/improvement-plans/{id}', { params: { path: { id: planId } } })),
  });
  if (notFound(plan.error)) return <Gone title={t('dashboards.kind.improvementPlans')} what="plan" />;
  const actions = plan.data?.actions ?? [];
  return (
    <Simple title={plan.data?.title ?? t('dashboards.kind.improvementPlans')} to={`/improvement-plans/${planId}`} loading={plan.isPending} error={plan.error} retry={() => plan.refetch()}>
      <Statistic title={t('dashboards.actionsDone')} value={`${actions.filter((a) => a.doneAt != null).length} / ${actions.length}`} />
      <Typography.Text type="secondary">{plan.data?.goal.metric} → {plan.data?.goal.target} · {plan.data?.goal.date}</Typography.Text>
    </Simple>
  );
}

function Plans() {
  const { t } = useI18n();
  const plans = useQuery({ queryKey: ['improvement-plans', 'dashboard'], queryFn: () => call(api.GET('/api/improvement-plans', { params: { query: { pageSize: 5 } } })) });
  return (
    <Simple title={t('dashboards.kind.improvementPlans')} to="/improvement-plans" loading={plans.isPending} error={plans.error} retry={() => plans.refetch()}>
      <List size="small" dataSource={plans.data?.items ?? []} locale={{ emptyText: <Typography.Text type="secondary">{t('dashboards.none')}</Typography.Text> }} renderItem={(p) => (
        <List.Item extra={p.goal.date}><Link to={`/improvement-plans/${p.id}`}>{p.title}</Link></List.Item>
      )} />
    </Simple>
  );
}

function RuleFirings({ ruleId }: { ruleId: number }) {
  const { t } = useI18n();
  const firings = useQuery({
    queryKey: ['rules', ruleId, 'firings', 'count'],
    queryFn: () => call(api.GET('/api/rules/{id}/firings', { params: { path: { id: ruleId }, query: { pageSize: 1 } } })),
    retry: (n, e) => !notFound(e) && n < 2,
  });
  if (notFound(firings.error)) return <Gone title={t('dashboards.kind.ruleFirings')} what="rule" />;
  return (
    <Simple title={t('dashboards.kind.ruleFirings')} to={`/rules/${ruleId}`} loading={firings.isPending} error={firings.error} retry={() => firings.refetch()}>
      <Statistic title={t('dashboards.firings')} value={formatCount(firings.data?.total)} />
    </Simple>
  );
}

function TicketViews({ viewId }: { viewId?: number | null }) {
  const { t } = useI18n();
  const views = useQuery({ queryKey: ['ticket-views'], queryFn: () => call(api.GET('/api/ticket-views')) });
  const shown = (views.data ?? []).filter((v) => viewId == null || v.id === viewId);
  if (viewId != null && views.data && shown.length === 0) return <Gone title={t('dashboards.kind.ticketViews')} what="view" />;
  return (
    <Simple title={t('dashboards.kind.ticketViews')} to="/tickets" loading={views.isPending} error={views.error} retry={() => views.refetch()}>
      <List size="small" dataSource={shown} locale={{ emptyText: <Typography.Text type="secondary">{t('dashboards.none')}</Typography.Text> }} renderItem={(v) => (
        <List.Item extra={<Typography.Text strong>{formatCount(v.count)}</Typography.Text>}>{v.name}</List.Item>
      )} />
    </Simple>
  );
}

function MyTickets() {
  const { t } = useI18n();
  const me = useMe();
  const userName = me.data?.userName;
  const mine = useQuery({
    queryKey: ['tickets', 'mine', userName], enabled: !!userName,
    queryFn: () => call(api.GET('/api/tickets', { params: { query: { Assignee: userName, Status: 'active', PageSize: 1 } } })),
  });
  return (
    <Simple title={t('dashboards.kind.myTickets')} to="/tickets" loading={mine.isPending} error={mine.error} retry={() => mine.refetch()}>
      <Statistic title={t('dashboards.openAssigned')} value={formatCount(mine.data?.total)} />
    </Simple>
  );
}

/** One tile of a dashboard, by its kind. */
export function TileView({ tile, filters }: { tile: Tile; filters: Filters }) {
  switch (tile.kind) {
    case 'headline': return <Headline metric={(tile.metric ?? 'nps') as Metric} filters={filters} />;
    case 'satisfaction': return <Satisfaction tile={tile} filters={filters} />;
    case 'serviceLevel': return <ServiceTiles filters={filters} part="sla" />;
    case 'backlog': return <ServiceTiles filters={filters} part="backlog" />;
    case 'closedLoop': return <FollowUps filters={filters} />;
    case 'voiceThemes': return <Themes filters={filters} />;
    case 'retention': return <Retention filters={filters} />;
    case 'complaintRate': return <ComplaintRate filters={filters} />;
    case 'kpis': return <Kpis />;
    case 'improvementPlans': return tile.planId == null ? <Plans /> : <Plan planId={tile.planId} />;
    case 'ruleFirings': return <RuleFirings ruleId={tile.ruleId ?? 0} />;
    case 'ticketViews': return <TicketViews viewId={tile.viewId} />;
    default: return <MyTickets />;
  }
}
