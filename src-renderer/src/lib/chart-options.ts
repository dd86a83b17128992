/**
 * uPlot options for the app's charts (time series panels and the input preview), in the app's
 * calm instrument style. Colours come from the theme so light and dark mode both read well.
 */
import uPlot from 'uplot';
import { formatValue } from './format';
import { keptExtent, type BlowupMark, type PanelSeries } from './series';

/** uPlot options without the size (the wrapper sizes the chart to its box). */
export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

/** A chart's visible ranges: x, and y for charts whose y is not auto-ranged (see UPlotChart). */
export interface ChartView {
  x: [number, number];
  y?: [number, number];
}

export interface ChartTheme {
  dark: boolean;
  text: string;
  grid: string;
  /** The panel background (app.css --panel), e.g. for halos behind labels drawn over lines. */
  background: string;
}

export function chartTheme(dark: boolean): ChartTheme {
  return dark
    ? { dark, text: '#b4bac3', grid: 'rgba(255,255,255,0.09)', background: '#1d2024' }
    : { dark, text: '#4b515a', grid: 'rgba(0,0,0,0.08)', background: '#ffffff' };
}

/** The charts' text font (CSS, 11px); see canvasFont for drawing it on a canvas. */
export const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const LABEL_FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

const ticks = (_u: uPlot, splits: number[]) => splits.map((v) => (v == null ? '' : formatValue(v, 6)));

/** Tick labels of values shown divided by 10^exponent: the true values, with exponents where large. */
export function scaledTicks(exponent: number): (u: uPlot, splits: number[]) => string[] {
  if (exponent === 0) return ticks;
  const f = 10 ** exponent;
  return (_u, splits) => splits.map((v) => (v == null ? '' : formatValue(v * f, 6)));
}

/** An axis in the app's style (theme colours, the chart fonts, values by formatValue); `extra` overrides. */
export function axis(theme: ChartTheme, label: string, extra: uPlot.Axis = {}): uPlot.Axis {
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

/** A CSS font of 11px (FONT, or a bold variant) scaled to the canvas's pixel ratio. */
export function canvasFont(font: string, ratio: number): string {
  return font.replace('11px', `${Math.round(11 * ratio)}px`);
}

/**
 * Runs `draw` on the chart's canvas clipped to the plot area (uPlot's bbox, canvas pixels), with
 * uPlot's pixel ratio; the context's state is saved before and restored after.
 */
export function drawInPlot(u: uPlot, draw: (ctx: uPlot['ctx'], ratio: number) => void): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  draw(ctx, uPlot.pxRatio);
  ctx.restore();
}

/** What a panel adds to the plain time-series options (see Panel in ./series). */
export interface PanelView {
  /** Per series, the index from which its samples are left out of the y range (runaway before a blow-up). */
  keep?: readonly number[];
  /** Blow-ups to mark with a vertical line at their time. */
  blowups?: readonly BlowupMark[];
  /** The data are shown divided by 10^exponent (see displayExponent); ticks print the true values. */
  exponent?: number;
}

/** The label of a blow-up marker. */
export function blowupLabel(b: BlowupMark): string {
  return `blow-up: ${b.variable}`;
}

/**
 * The y range of a panel with a blown-up run: uPlot's usual padded range of the values in view,
 * leaving out each series' samples from its `keep` index on (the runaway, which leaves the chart
 * at the top or bottom). Falls back to the data's own extent when nothing else is in view.
 */
function keptRange(keep: readonly number[]): uPlot.Range.Function {
  return (u, dataMin, dataMax) => {
    const idxs = u.series[0]?.idxs;
    const n = (u.data[0] as ArrayLike<number>).length;
    const i0 = idxs?.[0] ?? 0;
    const i1 = idxs?.[1] ?? n - 1;
    const e = keptExtent(u.data.slice(1) as ArrayLike<number | null | undefined>[], keep, i0, i1);
    const [lo, hi] = e ?? [dataMin, dataMax];
    return uPlot.rangeNum(lo ?? 0, hi ?? 1, 0.1, true);
  };
}

/**
 * The time axis shows the data's extent, reaching on to the latest blow-up time when the view
 * ends at the last sample (a blow-up happens just after the last finite sample).
 */
function timeRange(blowups: readonly BlowupMark[]): uPlot.Range.Function {
  const tBlow = Math.max(-Infinity, ...blowups.map((b) => b.t).filter(Number.isFinite));
  return (u, min, max) => {
    const x = u.data[0] as ArrayLike<number>;
    const last = x.length > 0 ? x[x.length - 1] : -Infinity;
    return [min, max != null && max >= last && tBlow > max ? tBlow : max];
  };
}

/** Draws each blow-up as a dashed vertical line in its run's colour, labelled at the top. */
function drawBlowups(u: uPlot, blowups: readonly BlowupMark[], theme: ChartTheme): void {
  const { left, top, width, height } = u.bbox;
  drawInPlot(u, (ctx, ratio) => {
    ctx.font = canvasFont(FONT, ratio);
    ctx.textBaseline = 'top';
    ctx.lineJoin = 'round';
    blowups.forEach((b, k) => {
      const x = u.valToPos(b.t, 'x', true);
      if (!Number.isFinite(x) || x < left - 1 || x > left + width + 1) return;
      ctx.strokeStyle = b.color;
      ctx.lineWidth = 1.5 * ratio;
      ctx.setLineDash([4 * ratio, 3 * ratio]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      ctx.setLineDash([]);
      const text = blowupLabel(b);
      const w = ctx.measureText(text).width;
      const tx = x + 4 * ratio + w > left + width ? x - 4 * ratio - w : x + 4 * ratio;
      const ty = top + (4 + 14 * k) * ratio;
      ctx.strokeStyle = theme.background;
      ctx.lineWidth = 3 * ratio;
      ctx.strokeText(text, tx, ty);
      ctx.fillStyle = theme.text;
      ctx.fillText(text, tx, ty);
    });
  });
}

/** The dash pattern of a spiking network's series (CSS pixels: dash, gap). */
export const NETWORK_DASH = [6, 3];
/** The dash pattern of a cycle's orbit over one period (thick dots), told apart from runs and network runs. */
export const ORBIT_DASH = [2, 3];

/** The stroke of one time-series line: runs solid, network runs thin and dashed, a cycle's orbit thick and dotted. */
function seriesStroke(s: PanelSeries): Pick<uPlot.Series, 'width' | 'dash'> {
  if (s.orbit) return { width: 3, dash: ORBIT_DASH };
  // A spiking network over its mean field: thinner and dashed, so both stay readable where they agree.
  return s.network ? { width: 1, dash: NETWORK_DASH } : { width: 1.5 };
}

/** One time-series panel: x = t, one line per run; `xLabel` '' leaves the time axis unnamed. */
export function timeSeriesOptions(
  yLabel: string,
  xLabel: string,
  series: readonly PanelSeries[],
  theme: ChartTheme,
  syncKey: string,
  view: PanelView = {},
): ChartOptions {
  const blowups = view.blowups ?? [];
  const keep = view.keep ?? [];
  const scales: uPlot.Scales = { x: { time: false, range: timeRange(blowups) } };
  if (blowups.length > 0) scales.y = { range: keptRange(keep) };
  return {
    scales,
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
        ...seriesStroke(s),
        points: { show: false },
      })),
    ],
    // Stacked panels share the time axis: only the bottom one (xLabel !== '') names it.
    axes: [
      axis(theme, xLabel, xLabel ? { size: 30, labelSize: 16, labelGap: 0 } : { size: 26, labelSize: 0 }),
      axis(theme, yLabel, { size: 58, values: scaledTicks(view.exponent ?? 0) }),
    ],
    padding: [12, 14, 0, 4],
    ...(blowups.length > 0 ? { hooks: { draw: [(u: uPlot) => drawBlowups(u, blowups, theme)] } } : {}),
  };
}

/** The input editor's preview: a step plot of one schedule over [0, T]. */
export function previewOptions(label: string, color: string, theme: ChartTheme): ChartOptions {
  // y ticks at the schedule's distinct levels (baseline and window values), a margin around them.
  const levels = (u: uPlot) => [...new Set(Array.from(u.data[1] as ArrayLike<number>))].sort((a, b) => a - b).slice(0, 4);
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

/**
 * A spike raster: one dot per spike, time on x (synced with the time-series panels) and the
 * recorded neuron on y (ordered by its drawn excitability or threshold).
 */
export function rasterOptions(xLabel: string, color: string, theme: ChartTheme, syncKey: string): ChartOptions {
  return {
    scales: { x: { time: false } },
    legend: { show: false },
    cursor: { sync: { key: syncKey, setSeries: false, scales: ['x', null] }, y: false, drag: { x: true, y: false, setScale: true }, points: { show: false } },
    series: [{ label: 't' }, { label: 'neuron', stroke: color, fill: color, paths: () => null, points: { show: true, size: 2.5, width: 0, fill: color } }],
    axes: [axis(theme, xLabel, { size: 30, labelSize: 16, labelGap: 0 }), axis(theme, 'neuron', { size: 58 })],
    padding: [8, 14, 0, 4],
  };
}
