/**
 * The two-parameter diagram's content as plain data, for uPlot's faceted mode (each series its own
 * [x[], y[]]). Pure, no DOM.
 *
 * The plane is a pair of parameters (x: P, y: Q). A curve traced in (Q, P) is drawn with its
 * coordinates swapped. Per curve, in order: one line series per stretch of one kind: a fold curve
 * is one 'fold' stretch; a Hopf curve splits into 'hopf' stretches (omega > 0) and 'neutral'
 * stretches (kappa <= 0, omega null: neutral saddles, where no Hopf bifurcation happens).
 * Marks: the curves' codimension-two points (BT1, GH1, ...), and the special points (LP, HB) of
 * one-parameter branches of either parameter, placed at their parameter value and the branch's value
 * of the other parameter.
 */
import type { Branch, SpecialPoint } from '@shared/continuation/types';
import type { Curve, CurveSpecialPoint } from '@shared/curves/types';
import { nearestPoint } from './branch-series';

export type Axes = [string, string];
export type StretchKind = 'fold' | 'hopf' | 'neutral';

export interface PlaneCurve {
  id: number;
  label: string;
  color: string;
  curve: Curve;
}

/** A one-parameter branch, its parameter and the values it was traced at (parameters and inputs). */
export interface PlaneBranch {
  id: number;
  label: string;
  color: string;
  branch: Branch;
  values: Record<string, number>;
}

export interface PlaneSeries {
  curveId: number;
  label: string;
  color: string;
  kind: StretchKind;
}

export interface PlaneMark {
  /** 'curve' (a codimension-two or user point of a curve) or 'branch' (an LP / HB of a branch). */
  source: 'curve' | 'branch';
  /** The curve's or the branch's id. */
  ownerId: number;
  type: string;
  label: string;
  x: number;
  y: number;
  color: string;
}

export interface Plane {
  series: PlaneSeries[];
  facets: [number[], number[]][];
  marks: PlaneMark[];
  extent: { x: [number, number]; y: [number, number] } | null;
}

/** Whether `curve` lies in the plane `axes` (either order), and swapped when it is (Q, P). */
export function orientation(curve: Curve, axes: Axes): 'same' | 'swapped' | null {
  const [p, q] = curve.params;
  if (p === axes[0] && q === axes[1]) return 'same';
  if (p === axes[1] && q === axes[0]) return 'swapped';
  return null;
}

/** The distinct parameter pairs of `curves`, each in the order of the first curve traced in it. */
export function curvePairs(curves: readonly Curve[]): Axes[] {
  const out: Axes[] = [];
  for (const c of curves) if (!out.some((a) => orientation(c, a) !== null)) out.push([c.params[0], c.params[1]]);
  return out;
}

/** A curve's point (or codimension-two point) in plane coordinates. */
export function planeXY(params: readonly [number, number], o: 'same' | 'swapped'): [number, number] {
  return o === 'same' ? [params[0], params[1]] : [params[1], params[0]];
}

/** The stretches of `curve` by kind, in order; neighbouring stretches share their boundary point. */
export function stretches(curve: Curve): { kind: StretchKind; from: number; to: number }[] {
  const n = curve.points.length;
  const kindOf = (i: number): StretchKind => (curve.type === 'fold' ? 'fold' : curve.points[i].omega === null ? 'neutral' : 'hopf');
  const out: { kind: StretchKind; from: number; to: number }[] = [];
  if (n === 0) return out;
  let start = 0;
  for (let i = 1; i < n; i++) {
    if (kindOf(i) === kindOf(i - 1)) continue;
    out.push({ kind: kindOf(i - 1), from: start, to: i });
    start = i;
  }
  out.push({ kind: kindOf(n - 1), from: start, to: n - 1 });
  return out;
}

/**
 * The special points (LP, HB) of `b` in the plane: those of a branch of P at (p, its value of Q),
 * those of a branch of Q at (its value of P, p). A branch of neither parameter gives none.
 */
export function branchMarks(b: PlaneBranch, axes: Axes): PlaneMark[] {
  const param = b.branch.param;
  const at = (s: SpecialPoint): [number, number] | null => {
    if (param === axes[0]) return [s.p, b.values[axes[1]]];
    if (param === axes[1]) return [b.values[axes[0]], s.p];
    return null;
  };
  const out: PlaneMark[] = [];
  for (const s of b.branch.special) {
    if (s.type !== 'LP' && s.type !== 'HB') continue;
    const xy = at(s);
    if (!xy || !Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) continue;
    out.push({ source: 'branch', ownerId: b.id, type: s.type, label: s.label, x: xy[0], y: xy[1], color: b.color });
  }
  return out;
}

/** The plane `axes` with `curves` (those of another plane skipped) and the marks of `branches`. */
export function buildPlane(curves: readonly PlaneCurve[], branches: readonly PlaneBranch[], axes: Axes): Plane {
  const series: PlaneSeries[] = [];
  const facets: [number[], number[]][] = [];
  const marks: PlaneMark[] = [];
  const box = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
  const grow = (x: number, y: number) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    box.x0 = Math.min(box.x0, x);
    box.x1 = Math.max(box.x1, x);
    box.y0 = Math.min(box.y0, y);
    box.y1 = Math.max(box.y1, y);
  };
  for (const c of curves) {
    const o = orientation(c.curve, axes);
    if (!o) continue;
    const [ix, iy] = o === 'same' ? [0, 1] : [1, 0];
    for (const s of stretches(c.curve)) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = s.from; i <= s.to; i++) {
        const q = c.curve.points[i].params;
        xs.push(q[ix]);
        ys.push(q[iy]);
        grow(q[ix], q[iy]);
      }
      series.push({ curveId: c.id, label: `${c.label} · ${s.kind}`, color: c.color, kind: s.kind });
      facets.push([xs, ys]);
    }
    for (const sp of c.curve.special) {
      const [x, y] = planeXY(sp.point.params, o);
      marks.push({ source: 'curve', ownerId: c.id, type: sp.type, label: sp.label, x, y, color: c.color });
      grow(x, y);
    }
  }
  for (const b of branches) {
    for (const m of branchMarks(b, axes)) {
      marks.push(m);
      grow(m.x, m.y);
    }
  }
  const extent = box.x0 <= box.x1 ? { x: [box.x0, box.x1] as [number, number], y: [box.y0, box.y1] as [number, number] } : null;
  return { series, facets, marks, extent };
}

/** What lies under the mouse in the plane. */
export type PlaneHit = { kind: 'mark'; mark: PlaneMark } | { kind: 'point'; curveId: number; index: number } | null;

/** The chart's mapping from values to CSS pixels of the plot area. */
export interface PlanePixels {
  x(v: number): number;
  y(v: number): number;
}

const MARK_RADIUS = 10;
const POINT_RADIUS = 12;

/**
 * What lies at (`left`, `top`) CSS px of the plot: the first mark within 10 px, else the curve
 * point nearest the mouse within 12 px, else null (also off the plot: a negative coordinate).
 */
export function planeHit(curves: readonly PlaneCurve[], marks: readonly PlaneMark[], axes: Axes, left: number, top: number, px: PlanePixels): PlaneHit {
  if (left < 0 || top < 0) return null;
  for (const m of marks) {
    const dx = px.x(m.x) - left;
    const dy = px.y(m.y) - top;
    if (dx * dx + dy * dy <= MARK_RADIUS * MARK_RADIUS) return { kind: 'mark', mark: m };
  }
  let best: PlaneHit = null;
  let bestD = POINT_RADIUS;
  for (const c of curves) {
    const o = orientation(c.curve, axes);
    if (!o) continue;
    const pts = c.curve.points;
    const xs = new Float64Array(pts.length);
    const ys = new Float64Array(pts.length);
    pts.forEach((q, i) => {
      const [x, y] = planeXY(q.params, o);
      xs[i] = px.x(x);
      ys[i] = px.y(y);
    });
    const i = nearestPoint(xs, ys, left, top, bestD);
    if (i >= 0) {
      bestD = Math.hypot(xs[i] - left, ys[i] - top);
      best = { kind: 'point', curveId: c.id, index: i };
    }
  }
  return best;
}

/** "Hopf curve from HB1 in (g, eta)". */
export function curveName(curve: Pick<Curve, 'type' | 'from' | 'params'>): string {
  return `${curve.type === 'fold' ? 'Fold' : 'Hopf'} curve from ${curve.from} in (${curve.params[0]}, ${curve.params[1]})`;
}

/** "a = 0.5, b = -1.2" (rounded by `format`); '' when there are none. */
export function coefficientText(c: CurveSpecialPoint['coefficients'], format: (v: number) => string = String): string {
  return Object.entries(c)
    .map(([k, v]) => `${k} = ${format(v)}`)
    .join(', ');
}

/**
 * A value typed for the user from a position on an axis spanning `span`: rounded to the digits
 * that resolve a thousandth of the span (so a click gives 0.734, not 0.7340982716).
 */
export function roundToSpan(v: number, span: number): number {
  if (!Number.isFinite(v) || !(span > 0)) return v;
  const step = 10 ** Math.floor(Math.log10(span / 1000));
  const r = Math.round(v / step) * step;
  // Strip the binary noise of the multiplication (0.30000000000000004 -> 0.3).
  return Number(r.toPrecision(15));
}
