/**
 * uPlot options for the bifurcation diagram (faceted mode 2: every series has its own x and y).
 * Stable stretches solid, unstable dashed, special points painted by a draw hook as markers with
 * their labels (HB1, LP1, ... and the cycle families' LPC1, PD1, NS1, ...) so that they also appear
 * in the PNG export, the selected cycle point (its minimum and maximum joined by a bar), and the
 * current parameter value as a vertical dashed line. Scales are set by the chart component (full extent
 * or the user's zoom), never auto-ranged.
 */
import uPlot from 'uplot';
import { axis, canvasFont, drawInPlot, FONT, type ChartOptions, type ChartTheme } from './chart-options';
import type { DiagramSeries } from './diagram';

/** A labelled marker: its type picks the shape (see markerPath). */
export interface OverlayMark {
  label: string;
  type: string;
  p: number;
  y: number;
  color: string;
}

/** The selected cycle point: its parameter and the values marked (max and min, or the period). */
export interface SelectedMark {
  p: number;
  ys: number[];
  color: string;
}

/** What the draw hook reads at draw time (e.g. through getters; repaint with `u.redraw()` when it changes). */
export interface DiagramOverlay {
  marks: OverlayMark[];
  /** The selected cycle point, or null. */
  selected?: SelectedMark | null;
  /** The current value of the continuation parameter, or null. */
  current: number | null;
  currentLabel: string;
}

export const UNSTABLE_DASH = [6, 4];

const MARK_FONT = '600 11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * A marker's outline: circle for Hopf (and user points), square for a fold (LP, and LPC of
 * cycles), diamond for a branch point, triangle for period doubling, inverted triangle for a torus
 * bifurcation (NS).
 */
function markerPath(type: string, x: number, y: number, r: number): Path2D {
  const p = new Path2D();
  if (type === 'LP' || type === 'LPC') p.rect(x - r, y - r, 2 * r, 2 * r);
  else if (type === 'PD' || type === 'NS') {
    const s = type === 'PD' ? 1 : -1;
    p.moveTo(x, y - s * r * 1.3);
    p.lineTo(x + r * 1.2, y + s * r * 0.9);
    p.lineTo(x - r * 1.2, y + s * r * 0.9);
    p.closePath();
  } else if (type === 'BP') {
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
    const sel = overlay.selected;
    if (sel) {
      const x = u.valToPos(sel.p, 'x', true);
      const ys = sel.ys.map((v) => u.valToPos(v, 'y', true)).filter((y) => Number.isFinite(y));
      if (Number.isFinite(x) && ys.length > 0) {
        ctx.strokeStyle = sel.color;
        ctx.fillStyle = sel.color;
        ctx.lineWidth = 1.5 * ratio;
        ctx.beginPath();
        ctx.moveTo(x, Math.min(...ys));
        ctx.lineTo(x, Math.max(...ys));
        ctx.stroke();
        for (const y of ys) {
          ctx.beginPath();
          ctx.arc(x, y, 4 * ratio, 0, 2 * Math.PI);
          ctx.fill();
        }
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
