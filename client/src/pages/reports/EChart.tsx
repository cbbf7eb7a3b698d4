// The one place ECharts is imported: tree-shaken parts only, and this module is loaded lazily (see Chart.tsx),
// so no page pays for ECharts before it draws a chart.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, SVGRenderer]);

/** Draws an option into a div, redraws when the option changes, follows the div's size, and disposes on unmount. */
export default function EChart({ option, height }: { option: EChartsCoreOption; height: number }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const div = element.current!;
    const instance = echarts.init(div, undefined, { renderer: 'svg', height });
    chart.current = instance;
    const observer = new ResizeObserver(() => {
      if (div.clientWidth > 0) instance.resize();
    });
    observer.observe(div);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [height]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, height]);

  return <div ref={element} style={{ width: '100%', height }} />;
}
