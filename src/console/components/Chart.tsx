/**
 * One chart, drawn by ECharts as SVG (text stays text: crisp, searchable, read by screen readers and
 * tests). Generic on purpose — the overview and the reports use it alike: the caller passes labels and
 * series names already in the reader's language, and the chart draws nothing of its own words.
 */
import { Empty, Typography } from 'antd';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartKind = 'bar' | 'pie' | 'line';

export interface ChartSeries {
  /** The series' name in the reader's language (shown in the legend and tooltip). */
  name: string;
  /** One value per category, in the categories' order. */
  data: number[];
}

export interface ChartProps {
  /** The chart's heading, in the reader's language. */
  title: string;
  kind: ChartKind;
  /** The category labels, in the reader's language (a pie's slices). */
  categories: string[];
  /** One series for a pie; several bars of one category stack when `stacked`. */
  series: ChartSeries[];
  stacked?: boolean;
  /** Shown instead of an all-zero chart, in the reader's language. */
  emptyText?: string;
  height?: number;
  testId?: string;
}

const DEFAULT_HEIGHT = 260;
/** Category labels longer than this wrap onto a second line instead of overlapping the next one. */
const LABEL_WIDTH = 72;

function optionOf(props: ChartProps): echarts.EChartsCoreOption {
  const tooltip = { trigger: props.kind === 'pie' ? 'item' : 'axis', confine: true };
  if (props.kind === 'pie') {
    const [first] = props.series;
    return {
      tooltip,
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          name: first?.name ?? props.title,
          radius: ['40%', '68%'],
          center: ['50%', '45%'],
          label: { formatter: '{b}: {c}' },
          data: props.categories
            .map((name, i) => ({ name, value: first?.data[i] ?? 0 }))
            .filter((slice) => slice.value > 0),
        },
      ],
    };
  }
  return {
    tooltip,
    legend: props.series.length > 1 ? { bottom: 0, type: 'scroll' } : undefined,
    grid: { left: 8, right: 8, top: 16, bottom: props.series.length > 1 ? 40 : 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: props.categories,
      axisLabel: { interval: 0, width: LABEL_WIDTH, overflow: 'break', hideOverlap: true },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: props.series.map((s) => ({
      type: props.kind,
      name: s.name,
      data: s.data,
      ...(props.stacked ? { stack: 'total' } : {}),
      ...(props.kind === 'bar' && !props.stacked ? { label: { show: true, position: 'top' } } : {}),
    })),
  };
}

export function Chart(props: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const empty = props.series.every((s) => s.data.every((v) => v === 0));
  const showEmpty = empty && props.emptyText !== undefined;

  useEffect(() => {
    if (showEmpty || !element.current) return;
    const drawn = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.current = drawn;
    const resize = new ResizeObserver(() => drawn.resize());
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      drawn.dispose();
      chart.current = null;
    };
  }, [showEmpty]);

  const option = JSON.stringify(optionOf(props));
  useEffect(() => {
    chart.current?.setOption(JSON.parse(option) as echarts.EChartsCoreOption, { notMerge: true });
  }, [option, showEmpty]);

  return (
    <figure style={{ margin: 0 }} data-testid={props.testId} data-chart-kind={props.kind}>
      <Typography.Text strong>
        <figcaption>{props.title}</figcaption>
      </Typography.Text>
      {showEmpty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={props.emptyText} />
      ) : (
        <div
          ref={element}
          role="img"
          aria-label={props.title}
          style={{ width: '100%', height: props.height ?? DEFAULT_HEIGHT }}
        />
      )}
    </figure>
  );
}
