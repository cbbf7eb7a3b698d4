// ECharts options built as plain data from report figures, so they are tested without a canvas.
import type { EChartsCoreOption } from 'echarts/core';
import { isFigure } from './format';

export interface SeriesData {
  name: string;
  data: (number | null | undefined)[];
}

export interface Benchmark {
  label: string;
  value: number;
}

export interface ChartOptions {
  categories: string[];
  series: SeriesData[];
  /** Dashed horizontal lines a manager set (industry NPS, target churn…), drawn on the first series. */
  benchmarks?: Benchmark[];
  /** How a value reads in the tooltip and on the axis ("85.0%"). */
  format?: (v: number) => string;
  min?: number;
  max?: number;
  /** Bars lying down: long group names stay readable. */
  horizontal?: boolean;
  /** Counts: the axis ticks whole numbers only. */
  integer?: boolean;
}

// ECharts reads '-' as "no value here": a gap in a line, no bar, instead of a zero that was never measured.
const points = (data: (number | null | undefined)[]) => data.map((v) => (isFigure(v) ? Number(v.toFixed(4)) : '-'));

function markLine(benchmarks: Benchmark[] | undefined, format: (v: number) => string, horizontal = false) {
  if (!benchmarks?.length) return undefined;
  return {
    symbol: 'none',
    silent: true,
    lineStyle: { type: 'dashed' as const, color: '#b45309' },
    label: { formatter: (p: { name: string; value: number }) => `${p.name} ${format(Number(p.value))}`, position: 'insideEndTop' as const },
    data: benchmarks.map((b) => (horizontal ? { name: b.label, xAxis: b.value } : { name: b.label, yAxis: b.value })),
  };
}

function base(o: ChartOptions, format: (v: number) => string) {
  const valueAxis = { type: 'value' as const, min: o.min, max: o.max, minInterval: o.integer ? 1 : undefined, axisLabel: { formatter: (v: number) => format(v) } };
  const categoryAxis = { type: 'category' as const, data: o.categories };
  return {
    animation: false,
    grid: { left: 8, right: 24, top: o.series.length > 1 ? 32 : 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' as const, valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '—') },
    legend: o.series.length > 1 ? { top: 0, data: o.series.map((s) => s.name) } : undefined,
    xAxis: o.horizontal ? valueAxis : categoryAxis,
    yAxis: o.horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
  };
}

const plain = (v: number) => String(Number(v.toFixed(2)));

/** A trend over periods: one line per series, gaps where a period had no answers, benchmark lines dashed. */
export function lineOption(o: ChartOptions): EChartsCoreOption {
  const format = o.format ?? plain;
  return {
    ...base(o, format),
    series: o.series.map((s, i) => ({
      type: 'line', name: s.name, data: points(s.data), connectNulls: false, showSymbol: true, symbolSize: 6,
      markLine: i === 0 ? markLine(o.benchmarks, format) : undefined,
    })),
  };
}

/** Counts or rates per category (backlog by age, churn by NPS category), benchmark lines dashed. */
export function barOption(o: ChartOptions): EChartsCoreOption {
  const format = o.format ?? plain;
  return {
    ...base(o, format),
    series: o.series.map((s, i) => ({
      type: 'bar', name: s.name, data: points(s.data), barMaxWidth: 36,
      markLine: i === 0 ? markLine(o.benchmarks, format, o.horizontal) : undefined,
    })),
  };
}

/** Whether a chart would show anything at all: an empty period gets an empty state, not blank axes. */
export const hasData = (series: SeriesData[]): boolean => series.some((s) => s.data.some(isFigure));
