/**
 * uPlot options for the two-parameter diagram (faceted mode 2). Fold curves solid, Hopf curves
 * dashed, neutral-saddle stretches of Hopf curves dotted and thin (no Hopf bifurcation there), each
 * curve in its palette colour. A draw hook paints the codimension-two points (filled markers with
 * their labels: BT1, GH1, ...), the one-parameter branches' fold and Hopf points (hollow markers,
 * labelled LP1, HB1, ...) and the current parameter point (a cross), so they are in the PNG too.
 * Scales are set by the chart component (full extent or the user's zoom).
 */
import uPlot from 'uplot';
import { axis, canvasFont, drawInPlot, FONT, type ChartOptions, type ChartTheme } from './chart-options';
import type { PlaneMark, PlaneSeries, StretchKind } from './curve-plane';

/** Line dash per stretch kind (CSS px); the key in the view and the PNG legend use the same. */
export const STRETCH_DASH: Record<StretchKind, number[] | undefined> = { fold: undefined, hopf: [7, 4], neutral: [1.5, 3] };
export const STRETCH_WIDTH: Record<StretchKind, number> = { fold: 2, hopf: 2, neutral: 1.2 };

export interface PlaneOverlay {
  marks: PlaneMark[];
  /** The current values of the two parameters (x, y), or null when either is not a number. */
  current: [number, number] | null;
  currentLabel: string;
}

const MARK_FONT = '600 11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** A marker's outline: triangle (BT), diamond (CP), circle (GH, HB), square (ZH, LP), hexagon-ish star (HH), cross (UZ). */
function markerPath(type: string, x: number, y: number, r: number): Path2D {
  const p = new Path2D();
  const poly = (pts: [number, number][]) => {
    p.moveTo(x + pts[0][0], y + pts[0][1]);
    for (const [dx, dy] of pts.slice(1)) p.lineTo(x + dx, y + dy);
    p.closePath();
  };
  if (type === 'BT')
    poly([
      [0, -1.3 * r],
      [1.2 * r, 0.9 * r],
      [-1.2 * r, 0.9 * r],
    ]);
  else if (type === 'CP')
    poly([
      [0, -1.3 * r],
      [1.3 * r, 0],
      [0, 1.3 * r],
      [-1.3 * r, 0],
    ]);
  else if (type === 'ZH' || type === 'LP') p.rect(x - r, y - r, 2 * r, 2 * r);
  else if (type === 'HH') {
    const pts: [number, number][] = [];
    for (let k = 0; k < 10; k++) {
      const a = (Math.PI * k) / 5 - Math.PI / 2;
      const rr = k % 2 === 0 ? 1.4 * r : 0.6 * r;
      pts.push([rr * Math.cos(a), rr * Math.sin(a)]);
    }
    poly(pts);
  } else if (type === 'UZ') {
    p.moveTo(x - r, y - r);
    p.lineTo(x + r, y + r);
    p.moveTo(x + r, y - r);
    p.lineTo(x - r, y + r);
  } else p.arc(x, y, r, 0, 2 * Math.PI);
  return p;
}

function drawLabel(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, theme: ChartTheme, ratio: number): void {
  ctx.strokeStyle = theme.background;
  ctx.lineWidth = 3 * ratio;
  ctx.strokeText(text, x, y);
  ctx.fillStyle = theme.text;
  ctx.fillText(text, x, y);
}

function drawOverlay(u: uPlot, overlay: PlaneOverlay, theme: ChartTheme): void {
  drawInPlot(u, (ctx, ratio) => {
    ctx.lineJoin = 'round';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    // Branch points first (hollow, small), then the curves' own points (filled) above them.
    for (const source of ['branch', 'curve'] as const) {
      ctx.font = canvasFont(source === 'curve' ? MARK_FONT : FONT, ratio);
      for (const m of overlay.marks) {
        if (m.source !== source) continue;
        const x = u.valToPos(m.x, 'x', true);
        const y = u.valToPos(m.y, 'y', true);
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        const path = markerPath(m.type, x, y, (source === 'curve' ? 4.5 : 3.5) * ratio);
        ctx.lineWidth = (source === 'curve' ? 1.5 : 1.8) * ratio;
        ctx.fillStyle = source === 'curve' ? m.color : theme.background;
        if (m.type !== 'UZ') ctx.fill(path);
        ctx.strokeStyle = source === 'curve' ? theme.background : m.color;
        if (m.type === 'UZ') ctx.strokeStyle = m.color;
        ctx.stroke(path);
        drawLabel(ctx, m.label, x + 6 * ratio, y - 5 * ratio, theme, ratio);
      }
    }
    const c = overlay.current;
    if (c) {
      const x = u.valToPos(c[0], 'x', true);
      const y = u.valToPos(c[1], 'y', true);
      if (Number.isFinite(x) && Number.isFinite(y)) {
        const r = 7 * ratio;
        ctx.strokeStyle = theme.text;
        ctx.lineWidth = 1.5 * ratio;
        ctx.beginPath();
        ctx.moveTo(x - r, y);
        ctx.lineTo(x + r, y);
        ctx.moveTo(x, y - r);
        ctx.lineTo(x, y + r);
        ctx.stroke();
        ctx.beginPath();
        ctx.arc(x, y, 3 * ratio, 0, 2 * Math.PI);
        ctx.stroke();
        ctx.font = canvasFont(FONT, ratio);
        ctx.textBaseline = 'top';
        // Right of the cross, or left of it where the plot ends.
        const w = ctx.measureText(overlay.currentLabel).width;
        const right = u.bbox.left + u.bbox.width;
        const tx = x + 6 * ratio + w > right ? Math.max(u.bbox.left, x - 6 * ratio - w) : x + 6 * ratio;
        drawLabel(ctx, overlay.currentLabel, tx, y + 4 * ratio, theme, ratio);
      }
    }
  });
}

/** Options for the two-parameter diagram: `series` as built by buildPlane, axis labels, theme, overlay. */
export function planeOptions(series: readonly PlaneSeries[], xLabel: string, yLabel: string, theme: ChartTheme, overlay: PlaneOverlay): ChartOptions {
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
        width: STRETCH_WIDTH[s.kind],
        dash: STRETCH_DASH[s.kind],
        paths: linear,
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
