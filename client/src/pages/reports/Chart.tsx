import { lazy, Suspense } from 'react';
import { Spin } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { Nothing } from '../../components/States';

const EChart = lazy(() => import('./EChart'));

/**
 * A chart with a name for screen readers; ECharts arrives in its own chunk on first use. With nothing to draw it shows
 * the empty state instead of bare axes.
 */
export function Chart({ option, label, height = 240, empty = false }: { option: EChartsCoreOption; label: string; height?: number; empty?: boolean }) {
  if (empty) return <Nothing />;
  return (
    <figure role="img" aria-label={label} style={{ margin: 0, minHeight: height }}>
      <Suspense fallback={<div style={{ height, display: 'grid', placeItems: 'center' }}><Spin /></div>}>
        <EChart option={option} height={height} />
      </Suspense>
    </figure>
  );
}
