import type * as echarts from 'echarts/core';
import { init } from 'echarts/core';
import { useEffect, useRef } from 'react';

/** One ECharts instance on a div, resized with the window and disposed with the component. */
export function useChart(option: echarts.EChartsCoreOption) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;
  const key = JSON.stringify(option);
  useEffect(() => {
    if (!ref.current) return undefined;
    const instance = init(ref.current);
    chart.current = instance;
    instance.setOption(latest.current, true);
    const onResize = () => instance.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(latest.current, true);
  }, [key]);
  return ref;
}
