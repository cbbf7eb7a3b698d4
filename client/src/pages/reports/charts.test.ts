import { describe, expect, it } from 'vitest';
import { barOption, hasData, lineOption } from './charts';
import { newestFirst } from './order';

type Series = { type: string; name: string; data: unknown[]; markLine?: { data: Record<string, unknown>[]; label: { formatter: (p: { name: string; value: number }) => string } } };

describe('chart options', () => {
  it('draw a trend with gaps where a period had no answers and the benchmark dashed', () => {
    const o = lineOption({
      categories: ['2026-09', '2026-10', '2026-11'],
      series: [{ name: 'NPS', data: [10, null, 12.34567] }],
      benchmarks: [{ label: 'Industry', value: 32 }],
      format: (v) => `${v} pts`,
    }) as { series: Series[]; xAxis: { data: string[] }; legend?: unknown; tooltip: { valueFormatter: (v: unknown) => string } };
    expect(o.xAxis.data).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(o.series[0].type).toBe('line');
    expect(o.series[0].data).toEqual([10, '-', 12.3457]);
    expect(o.series[0].markLine!.data).toEqual([{ name: 'Industry', yAxis: 32 }]);
    expect(o.series[0].markLine!.label.formatter({ name: 'Industry', value: 32 })).toBe('Industry 32 pts');
    expect(o.legend).toBeUndefined();
    expect(o.tooltip.valueFormatter(5)).toBe('5 pts');
    expect(o.tooltip.valueFormatter(undefined)).toBe('—');
  });

  it('show a legend and benchmarks on the first series only when there are several', () => {
    const o = barOption({
      categories: ['promoters', 'detractors'],
      series: [{ name: 'churn', data: [5, 20] }, { name: 'repurchase', data: [40, 10] }],
      benchmarks: [{ label: 'target', value: 10 }],
    }) as { series: Series[]; legend?: { data: string[] } };
    expect(o.legend?.data).toEqual(['churn', 'repurchase']);
    expect(o.series.map((s) => s.type)).toEqual(['bar', 'bar']);
    expect(o.series[1].markLine).toBeUndefined();
  });

  it('lay bars down for long names, benchmarks then stand on the value axis', () => {
    const o = barOption({ categories: ['等待太久'], series: [{ name: 'm', data: [3] }], horizontal: true, integer: true, benchmarks: [{ label: 'b', value: 2 }] }) as
      { xAxis: { type: string; minInterval?: number }; yAxis: { type: string; inverse: boolean }; series: Series[] };
    expect(o.xAxis).toMatchObject({ type: 'value', minInterval: 1 });
    expect(o.yAxis).toMatchObject({ type: 'category', inverse: true });
    expect(o.series[0].markLine!.data).toEqual([{ name: 'b', xAxis: 2 }]);
  });

  it('know when there is nothing to draw', () => {
    expect(hasData([{ name: 'a', data: [null, undefined, NaN] }])).toBe(false);
    expect(hasData([{ name: 'a', data: [null, 0] }])).toBe(true);
  });
});

describe('verbatims', () => {
  it('come newest first', () => {
    const items = [
      { responseId: 1, respondedAt: '2026-11-01T08:00:00Z' },
      { responseId: 3, respondedAt: '2026-11-20T08:00:00Z' },
      { responseId: 2, respondedAt: '2026-11-20T08:00:00Z' },
    ];
    expect(newestFirst(items).map((i) => i.responseId)).toEqual([3, 2, 1]);
  });
});
