import { useMemo } from 'react';
import { Card, Space, Tag, Tooltip, Typography } from 'antd';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { Chart } from './Chart';
import { lineOption, hasData } from './charts';
import type { SatisfactionFigure, SatisfactionReport } from './data';
import { direction, formatChange, formatCount, formatInterval, formatPercent, formatScore, metricDigits, scaleRange } from './format';
import type { Metric } from './query';

const arrows = { up: '▲', down: '▼', flat: '■' } as const;

/** Tag colours dark enough on their tint for AA contrast (antd's warning and processing presets fall short). */
export const warningTag = { color: '#7c4a03', background: '#fffbe6', borderColor: '#ffe58f' };
export const movedTag = { color: '#1e3a8a', background: '#eff6ff', borderColor: '#bfdbfe' };

/** One satisfaction figure as a person should read it: the value, how many answers, how sure, and whether it really moved. */
export function FigureSummary({ metric, figure, scale }: { metric: Metric; figure: SatisfactionFigure | undefined; scale?: string }) {
  const { t } = useI18n();
  const n = figure?.n ?? 0;
  const way = direction(figure?.change, metricDigits(metric));
  const range = scaleRange(scale);
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Space align="baseline" wrap>
        <Typography.Text strong style={{ fontSize: 32, lineHeight: 1.1 }} data-figure="value">{formatScore(metric, figure?.value)}</Typography.Text>
        {range && (
          <Tooltip title={scale} trigger={['hover', 'focus']}>
            <Typography.Text type="secondary" tabIndex={0}>{t('reports.scale', { low: range.low, high: range.high })}</Typography.Text>
          </Tooltip>
        )}
      </Space>
      <Typography.Text>{t('reports.n', { n: formatCount(n) })} · {t('reports.ci', { range: formatInterval(metric, figure?.ciLow, figure?.ciHigh) })}</Typography.Text>
      {metric === 'ces' && n > 0 && <Typography.Text>{t('reports.easyShare', { share: formatPercent(figure?.easyShare) })}</Typography.Text>}
      <Counts metric={metric} counts={figure?.counts} />
      {n === 0 ? <Tag>{t('reports.noAnswers')}</Tag> : figure?.smallSample && <Tag style={warningTag}>{t('reports.smallSample')}</Tag>}
      {way === null ? (
        <Typography.Text type="secondary">{t('reports.noPrevious')}</Typography.Text>
      ) : (
        <Space size={4} wrap>
          <Typography.Text style={{ color: way === 'up' ? '#15803d' : way === 'down' ? '#b91c1c' : undefined }}>
            {arrows[way]} {t('reports.change', { change: formatChange(metric, figure?.change) })}
          </Typography.Text>
          {figure?.beyondNoise ? <Tag style={movedTag}>{t('reports.beyondNoise')}</Tag> : <Tag>{t('reports.withinNoise')}</Tag>}
        </Space>
      )}
    </Space>
  );
}

function Counts({ metric, counts }: { metric: Metric; counts: Record<string, number> | undefined }) {
  const { t } = useI18n();
  const names: Record<Metric, string[]> = { nps: ['promoters', 'passives', 'detractors'], csat: ['satisfied', 'neutral', 'dissatisfied'], ces: ['easy', 'neutral', 'difficult'] };
  return (
    <Typography.Text type="secondary">
      {names[metric].map((name) => `${t(`reports.count.${name}` as MessageKey)} ${formatCount(counts?.[name])}`).join(' · ')}
    </Typography.Text>
  );
}

/** A dashboard tile: this period's figure and its trend over the window. */
export function MetricTile({ metric, report }: { metric: Metric; report: SatisfactionReport | undefined }) {
  const { t } = useI18n();
  const group = report?.groups.find((g) => g.value === 'all') ?? report?.groups[0];
  const series = group?.series ?? [];
  const current = series.at(-1)?.figure;
  const option = useMemo(() => lineOption({
    categories: series.map((p) => p.period),
    series: [{ name: t(`reports.metric.${metric}`), data: series.map((p) => p.figure.value) }],
    benchmarks: (report?.benchmarks ?? []).map((b) => ({ label: b.label, value: b.value })),
    format: (v) => formatScore(metric, v),
  }), [series, report?.benchmarks, metric, t]);
  const data = [{ name: metric, data: series.map((p) => p.figure.value) }];
  return (
    <section aria-label={metric.toUpperCase()} style={{ height: '100%' }}>
      <Card title={t(`reports.metric.${metric}`)} style={{ height: '100%' }}>
        <FigureSummary metric={metric} figure={current} scale={report?.scale} />
        <Chart option={option} height={140} label={t('reports.trendOf', { name: t(`reports.metric.${metric}`) })} empty={!hasData(data)} />
      </Card>
    </section>
  );
}
