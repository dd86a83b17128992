/**
 * uPlot options for the phase portrait: one state variable against another (faceted mode 2, every
 * curve its own x and y, drawn in sample order), runs thin, the selected cycle's orbit thick on top.
 * Scales are set by the chart component (the curves' padded extent or the user's zoom), never
 * auto-ranged.
 */
import uPlot from 'uplot';
import { axis, type ChartOptions, type ChartTheme } from './chart-options';
import type { PortraitCurve } from './orbit-series';

/** What the options depend on for each curve (not its data). */
export type PortraitStyle = Pick<PortraitCurve, 'label' | 'color' | 'orbit'>;

export function phaseOptions(curves: readonly PortraitStyle[], xLabel: string, yLabel: string, theme: ChartTheme): ChartOptions {
  const linear = uPlot.paths.linear?.();
  return {
    mode: 2,
    scales: {
      x: { time: false, auto: false, range: (_u, min, max) => [min, max] },
      y: { auto: false, range: (_u, min, max) => [min, max] },
    },
    legend: { show: false },
    cursor: { drag: { x: true, y: true, uni: 20, setScale: true }, points: { show: false } },
    series: [
      {},
      ...curves.map((c): uPlot.Series => ({
        label: c.label,
        stroke: c.color,
        width: c.orbit ? 3 : 1.2,
        alpha: c.orbit ? 1 : 0.75,
        paths: linear,
        points: { show: false },
        facets: [
          { scale: 'x', auto: false },
          { scale: 'y', auto: false },
        ],
      })),
    ],
    axes: [axis(theme, xLabel, { size: 34 }), axis(theme, yLabel, { size: 58 })],
    padding: [12, 16, 0, 4],
  };
}
