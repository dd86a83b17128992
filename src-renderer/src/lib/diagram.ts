/**
 * The bifurcation diagram's content as plain data, ready for uPlot's faceted mode (mode 2: each
 * series holds its own [x[], y[]]). Pure, no DOM.
 *
 * Per branch, in order: one line series per stability piece (solid when stable, dashed when
 * unstable, see branch-series.ts), then one marker series holding its special points (no line).
 * Labels name the branch and the stability ("g ∈ [0, 3] · unstable"), so tests and the PNG legend
 * can tell the series apart. `diagramHit` finds what lies under the mouse, given the chart's
 * value-to-pixel mapping.
 */
import type { Branch, SpecialPoint } from '@shared/continuation/types';
import { nearestPoint, specialMarks, stabilityRuns, type SpecialMark } from './branch-series';

export interface DiagramBranch {
  id: number;
  label: string;
  color: string;
  branch: Branch;
}

/** A point of the diagram under the mouse or clicked. */
export interface DiagramHit {
  branchId: number;
  /** Index of the branch point, or of the point just before the special point. */
  index: number;
  special: SpecialPoint | null;
}

export interface DiagramSeries {
  branchId: number;
  label: string;
  color: string;
  kind: 'stable' | 'unstable' | 'special';
}

export interface DiagramMark extends SpecialMark {
  branchId: number;
  color: string;
}

export interface Diagram {
  series: DiagramSeries[];
  /** One [parameter values, variable values] pair per series. */
  facets: [number[], number[]][];
  marks: DiagramMark[];
  /** Extent of all points and marks, or null when there is nothing to draw. */
  extent: { x: [number, number]; y: [number, number] } | null;
}

/** The diagram of `branches` for the state variable `variable` (a branch lacking it is skipped). */
export function buildDiagram(branches: readonly DiagramBranch[], variable: string): Diagram {
  const series: DiagramSeries[] = [];
  const facets: [number[], number[]][] = [];
  const marks: DiagramMark[] = [];
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  const grow = (p: number, y: number) => {
    if (!Number.isFinite(p) || !Number.isFinite(y)) return;
    x0 = Math.min(x0, p);
    x1 = Math.max(x1, p);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  };
  for (const b of branches) {
    const v = b.branch.stateNames.indexOf(variable);
    if (v < 0) continue;
    for (const run of stabilityRuns(b.branch, v)) {
      const kind = run.stable ? 'stable' : 'unstable';
      series.push({ branchId: b.id, label: `${b.label} · ${kind}`, color: b.color, kind });
      facets.push([run.p, run.y]);
      run.p.forEach((p, i) => grow(p, run.y[i]));
    }
    const m = specialMarks(b.branch, v);
    if (m.length > 0) {
      series.push({ branchId: b.id, label: `${b.label} · special points`, color: b.color, kind: 'special' });
      facets.push([m.map((q) => q.p), m.map((q) => q.y)]);
      for (const q of m) {
        marks.push({ ...q, branchId: b.id, color: b.color });
        grow(q.p, q.y);
      }
    }
  }
  const extent = x0 <= x1 ? { x: [x0, x1] as [number, number], y: [y0, y1] as [number, number] } : null;
  return { series, facets, marks, extent };
}

/**
 * A displayed range around [lo, hi]: widened by `pad` of its span on each side, and a span of 0
 * widened to a small band around the value so a flat branch still shows.
 */
export function paddedRange(lo: number, hi: number, pad = 0.05): [number, number] {
  const span = hi - lo;
  if (span > 0) return [lo - pad * span, hi + pad * span];
  const w = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
  return [lo - w, hi + w];
}

/** The chart's mapping from values to CSS pixels of the plot area (uPlot's valToPos). */
export interface PixelMap {
  x(p: number): number;
  y(value: number): number;
}

/** A special-point marker within this many CSS px of the mouse is picked before any branch point. */
const MARK_RADIUS = 10;
/** A branch point farther than this many CSS px from the mouse is not picked. */
const POINT_RADIUS = 12;

/**
 * What lies under the mouse at (`left`, `top`) CSS px of the plot area: the first of `marks`
 * within 10 px (as its special point), else the branch point nearest to the mouse within 12 px
 * over all of `branches` (for the state variable `variable`), else null (also when the mouse is
 * off the plot, i.e. a negative coordinate).
 */
export function diagramHit(
  branches: readonly DiagramBranch[],
  variable: string,
  marks: readonly DiagramMark[],
  left: number,
  top: number,
  px: PixelMap,
): DiagramHit | null {
  if (left < 0 || top < 0) return null;
  for (const m of marks) {
    const dx = px.x(m.p) - left;
    const dy = px.y(m.y) - top;
    if (dx * dx + dy * dy <= MARK_RADIUS * MARK_RADIUS) {
      const b = branches.find((q) => q.id === m.branchId);
      const s = b?.branch.special.find((q) => q.label === m.label) ?? null;
      if (b && s) return { branchId: b.id, index: s.index, special: s };
    }
  }
  let best: DiagramHit | null = null;
  let bestD = POINT_RADIUS;
  for (const b of branches) {
    const v = b.branch.stateNames.indexOf(variable);
    if (v < 0) continue;
    const pts = b.branch.points;
    const xs = new Float64Array(pts.length);
    const ys = new Float64Array(pts.length);
    pts.forEach((q, i) => {
      xs[i] = px.x(q.p);
      ys[i] = px.y(q.x[v]);
    });
    const i = nearestPoint(xs, ys, left, top, bestD);
    if (i >= 0) {
      bestD = Math.hypot(xs[i] - left, ys[i] - top);
      best = { branchId: b.id, index: i, special: null };
    }
  }
  return best;
}
