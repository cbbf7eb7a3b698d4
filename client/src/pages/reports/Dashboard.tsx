import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Card, Col, List, Row, Segmented, Space, Statistic, Typography } from 'antd';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { QueryState } from '../../components/States';
import { Chart } from './Chart';
import { barOption, hasData, lineOption } from './charts';
import { allGroup, useClosedLoop, useSatisfaction, useService, useThemeNames, useVoice } from './data';
import { formatCount, formatMinutes, formatPercent, openFollowUps } from './format';
import { MetricTile } from './MetricTile';
import { dashboardIntervals, dashboardRange, metrics, reportingZone, todayIn, trendLength, type DashboardInterval } from './query';
import { useUnits } from './units';

/** The home page: this period's NPS, CSAT and CES with their trends, service health and what needs following up. */
export default function Dashboard() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const interval: DashboardInterval = (dashboardIntervals as readonly string[]).includes(params.get('interval') ?? '')
    ? (params.get('interval') as DashboardInterval) : 'month';
  const filters = useMemo(() => ({ ...dashboardRange(interval, todayIn(reportingZone)), interval }), [interval]);
  const nps = useSatisfaction({ ...filters, metric: 'nps' });
  const csat = useSatisfaction({ ...filters, metric: 'csat' });
  const ces = useSatisfaction({ ...filters, metric: 'ces' });
  const reports = { nps, csat, ces };
  const failed = [nps, csat, ces].find((q) => q.error);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('reports.dashboard.title')}</Typography.Title>
        <Space wrap>
          <Typography.Text type="secondary">
            {t(`reports.current.${interval}`)} · {t(`reports.window.${interval}`, { n: trendLength[interval] })}
          </Typography.Text>
          <Segmented<DashboardInterval>
            aria-label={t('reports.filter.interval')} value={interval}
            options={dashboardIntervals.map((i) => ({ value: i, label: t(`reports.interval.${i}`) }))}
            onChange={(next) => setParams((p) => { const n = new URLSearchParams(p); n.set('interval', next); return n; })}
          />
        </Space>
      </Space>
      {failed && <QueryState isPending={false} error={failed.error} retry={() => [nps, csat, ces].forEach((q) => q.refetch())} />}
      <Row gutter={[16, 16]}>
        {metrics.map((metric) => (
          <Col key={metric} xs={24} lg={8}>
            {reports[metric].isPending ? <Card loading title={t(`reports.metric.${metric}`)} /> : <MetricTile metric={metric} report={reports[metric].data} />}
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Service filters={filters} />
        <Col xs={24} lg={8}><FollowUps filters={filters} /></Col>
        <Col xs={24}><Themes filters={filters} /></Col>
      </Row>
    </Space>
  );
}

type Filters = { from: string; to: string; interval: DashboardInterval };

function Service({ filters }: { filters: Filters }) {
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
  return (
    <>
      <Col xs={24} lg={8}>
        <section aria-label={t('reports.sla.title')} style={{ height: '100%' }}>
          <Card title={t('reports.sla.title')} loading={service.isPending} extra={<Link to={`/reports/service?interval=${filters.interval}`}>{t('reports.more')}</Link>} style={{ height: '100%' }}>
            <QueryState isPending={false} error={service.error} retry={() => service.refetch()} />
            <Statistic title={t(`reports.current.${filters.interval}`)} value={formatPercent(current?.slaCompliance)} />
            <Typography.Text type="secondary">{t('reports.sla.resolved', { n: formatCount(current?.resolved) })}</Typography.Text>
            <Chart option={sla} height={140} label={t('reports.trendOf', { name: t('reports.sla.title') })}
              empty={!hasData([{ name: 'sla', data: series.map((p) => p.figures.slaCompliance) }])} />
          </Card>
        </section>
      </Col>
      <Col xs={24} lg={8}>
        <section aria-label={t('reports.backlog.title')} style={{ height: '100%' }}>
          <Card title={t('reports.backlog.title')} loading={service.isPending} style={{ height: '100%' }}>
            <Statistic title={t('reports.backlog.openNow')} value={formatCount(group?.backlog.open)} />
            <Chart option={backlog} height={180} label={t('reports.backlog.title')} empty={!(group?.backlog.open)} />
          </Card>
        </section>
      </Col>
    </>
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
