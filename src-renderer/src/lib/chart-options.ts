/**
 * uPlot options for the app's charts (time series panels and the input preview), in the app's
 * calm instrument style. Colours come from the theme so light and dark mode both read well.
 */
import uPlot from 'uplot';
import { formatValue } from './format';
import type { PanelSeries } from './series';

/** uPlot options without the size (the wrapper sizes the chart to its box). */
export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

export interface ChartTheme {
  dark: boolean;
  text: string;
  grid: string;
}

export function chartTheme(dark: boolean): ChartTheme {
  return dark
    ? { dark, text: '#b4bac3', grid: 'rgba(255,255,255,0.09)' }
    : { dark, text: '#4b515a', grid: 'rgba(0,0,0,0.08)' };
}

const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const LABEL_FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

const ticks = (_u: uPlot, splits: number[]) => splits.map((v) => (v == null ? '' : formatValue(v, 6)));

function axis(theme: ChartTheme, label: string, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    label,
    stroke: theme.text,
    font: FONT,
    labelFont: LABEL_FONT,
    labelSize: 18,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 },
    values: ticks,
    ...extra,
  };
}

/** One time-series panel: x = t, one line per run; `xLabel` '' leaves the time axis unnamed. */
export function timeSeriesOptions(
  yLabel: string,
  xLabel: string,
  series: readonly PanelSeries[],
  theme: ChartTheme,
  syncKey: string,
): ChartOptions {
  return {
    scales: { x: { time: false, range: (_u, min, max) => [min, max] } },
    legend: { show: false },
    cursor: {
      sync: { key: syncKey, setSeries: false, scales: ['x', null] },
      y: false,
      drag: { x: true, y: false, setScale: true },
      points: { size: 6, width: 1.5 },
    },
    series: [
      { label: 't' },
      ...series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: 1.5,
        points: { show: false },
      })),
    ],
    // Stacked panels share the time axis: only the bottom one (xLabel !== '') names it.
    axes: [
      axis(theme, xLabel, xLabel ? { size: 30, labelSize: 16, labelGap: 0 } : { size: 26, labelSize: 0 }),
      axis(theme, yLabel, { size: 58 }),
    ],
    padding: [12, 14, 0, 4],
  };
}

/** The input editor's preview: a step plot of one schedule over [0, T]. */
export function previewOptions(label: string, color: string, theme: ChartTheme): ChartOptions {
  // y ticks at the schedule's distinct levels (baseline and window values), a margin around them.
  const levels = (u: uPlot) =>
    [...new Set(Array.from(u.data[1] as ArrayLike<number>))].sort((a, b) => a - b).slice(0, 4);
  return {
    scales: {
      x: { time: false, range: (_u, min, max) => [min, max] },
      y: {
        range: (_u, min, max) => {
          const pad = max > min ? 0.2 * (max - min) : Math.abs(max) * 0.5 || 1;
          return [min - pad, max + pad];
        },
      },
    },
    legend: { show: false },
    cursor: { show: false, drag: { x: false, y: false } },
    series: [
      { label: 't' },
      {
        label,
        stroke: color,
        width: 1.5,
        points: { show: false },
        paths: uPlot.paths.stepped?.({ align: 1 }),
      },
    ],
    axes: [
      axis(theme, '', { size: 22, labelSize: 0, font: '10px system-ui, sans-serif' }),
      axis(theme, '', {
        size: 40,
        labelSize: 0,
        font: '10px system-ui, sans-serif',
        ticks: { show: false },
        splits: levels,
      }),
    ],
    padding: [6, 16, 0, 0],
  };
}
