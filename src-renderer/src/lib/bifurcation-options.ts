/**
 * uPlot options for the bifurcation diagram (faceted mode 2: every series has its own x and y).
 * Stable stretches solid, unstable dashed, special points painted by a draw hook as markers with
 * their labels (HB1, LP1, ...) so that they also appear in the PNG export, and the current
 * parameter value as a vertical dashed line. Scales are set by the chart component (full extent
 * or the user's zoom), never auto-ranged.
 */
import uPlot from 'uplot';
import { axis, canvasFont, drawInPlot, FONT, type ChartOptions, type ChartTheme } from './chart-options';
import type { DiagramMark, DiagramSeries } from './diagram';

/** What the draw hook reads at draw time (e.g. through getters; repaint with `u.redraw()` when it changes). */
export interface DiagramOverlay {
  marks: DiagramMark[];
  /** The current value of the continuation parameter, or null. */
  current: number | null;
  currentLabel: string;
}

export const UNSTABLE_DASH = [6, 4];

const MARK_FONT = '600 11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** A marker's outline: circle for Hopf, square for fold, diamond for branch point. */
function markerPath(type: DiagramMark['type'], x: number, y: number, r: number): Path2D {
  const p = new Path2D();
  if (type === 'LP') p.rect(x - r, y - r, 2 * r, 2 * r);
  else if (type === 'BP') {
    p.moveTo(x, y - r * 1.3);
    p.lineTo(x + r * 1.3, y);
    p.lineTo(x, y + r * 1.3);
    p.lineTo(x - r * 1.3, y);
    p.closePath();
  } else p.arc(x, y, r, 0, 2 * Math.PI);
  return p;
}

function drawOverlay(u: uPlot, overlay: DiagramOverlay, theme: ChartTheme): void {
  const background = theme.background;
  const { left, top, width, height } = u.bbox;
  drawInPlot(u, (ctx, ratio) => {
    if (overlay.current !== null && Number.isFinite(overlay.current)) {
      const x = u.valToPos(overlay.current, 'x', true);
      if (x >= left && x <= left + width) {
        ctx.strokeStyle = theme.text;
        ctx.globalAlpha = 0.55;
        ctx.lineWidth = ratio;
        ctx.setLineDash([2 * ratio, 3 * ratio]);
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, top + height);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.globalAlpha = 0.9;
        ctx.fillStyle = theme.text;
        ctx.font = canvasFont(FONT, ratio);
        ctx.textBaseline = 'top';
        const text = overlay.currentLabel;
        const w = ctx.measureText(text).width;
        const tx = x + 4 * ratio + w > left + width ? x - 4 * ratio - w : x + 4 * ratio;
        ctx.fillText(text, tx, top + 4 * ratio);
        ctx.globalAlpha = 1;
      }
    }
    ctx.font = canvasFont(MARK_FONT, ratio);
    ctx.textBaseline = 'bottom';
    ctx.lineJoin = 'round';
    for (const m of overlay.marks) {
      const x = u.valToPos(m.p, 'x', true);
      const y = u.valToPos(m.y, 'y', true);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const path = markerPath(m.type, x, y, 4.5 * ratio);
      ctx.fillStyle = background;
      ctx.fill(path);
      ctx.strokeStyle = m.color;
      ctx.lineWidth = 2 * ratio;
      ctx.stroke(path);
      const lx = x + 6 * ratio;
      const ly = y - 5 * ratio;
      ctx.strokeStyle = background;
      ctx.lineWidth = 3 * ratio;
      ctx.strokeText(m.label, lx, ly);
      ctx.fillStyle = theme.text;
      ctx.fillText(m.label, lx, ly);
    }
  });
}

/**
 * Options for the diagram: `series` as built by buildDiagram, axis labels, the theme (its
 * background fills the markers and haloes the labels) and the overlay the draw hook paints.
 */
export function diagramOptions(series: readonly DiagramSeries[], xLabel: string, yLabel: string, theme: ChartTheme, overlay: DiagramOverlay): ChartOptions {
  const linear = uPlot.paths.linear?.();
  return {
    mode: 2,
    scales: {
      x: { time: false, auto: false, range: (_u, min, max) => [min, max] },
      y: { auto: false, range: (_u, min, max) => [min, max] },
    },
    legend: { show: false },
    cursor: {
      drag: { x: true, y: true, uni: 20, setScale: true },
      points: { show: false },
    },
    series: [
      {},
      ...series.map((s): uPlot.Series => ({
        label: s.label,
        stroke: s.color,
        width: s.kind === 'stable' ? 2 : 1.6,
        dash: s.kind === 'unstable' ? UNSTABLE_DASH : undefined,
        paths: s.kind === 'special' ? () => null : linear,
        points: { show: false },
        facets: [
          { scale: 'x', auto: false },
          { scale: 'y', auto: false },
        ],
      })),
    ],
    axes: [axis(theme, xLabel, { size: 34 }), axis(theme, yLabel, { size: 62 })],
    padding: [14, 18, 0, 4],
    hooks: { draw: [(u: uPlot) => drawOverlay(u, overlay, theme)] },
  };
}
