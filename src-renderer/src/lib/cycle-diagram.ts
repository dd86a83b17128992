/**
 * The cycle families' part of the bifurcation diagram as plain data for uPlot's faceted mode,
 * added after the branches' (./diagram.ts), and what lies under the mouse. Pure, no DOM.
 *
 * Per family, in order: one line series per stability piece of each line (max and min envelopes,
 * or the period; see ./cycle-series.ts), labelled "<family> · max · stable", then one marker
 * series holding its special points (LPC, PD, NS, ...).
 */
import type { CycleBranch, CycleSpecialPoint } from '@shared/cycles/types';
import { nearestPoint } from './branch-series';
import { cycleLines, cycleMarks, cycleRuns, cycleValue, type CycleLine, type CycleMeasure } from './cycle-series';
import type { DiagramSeries, PixelMap } from './diagram';

export interface DiagramCycle {
  id: number;
  label: string;
  color: string;
  branch: CycleBranch;
}

/** A point of a family under the mouse or clicked: the family, the point's index, the line it was found on. */
export interface CycleHit {
  familyId: number;
  /** Index of the point, or of the point just before the special point. */
  index: number;
  special: CycleSpecialPoint | null;
  line: CycleLine;
}

export interface CycleDiagramMark {
  familyId: number;
  label: string;
  type: CycleSpecialPoint['type'];
  p: number;
  y: number;
  color: string;
}

export interface CycleDiagram {
  /** Line and marker series; `branchId` is -1 (they belong to no branch), `familyId` names the family. */
  series: (DiagramSeries & { familyId: number })[];
  facets: [number[], number[]][];
  marks: CycleDiagramMark[];
  /** Extent of all points and marks, or null when there is nothing to draw. */
  extent: { x: [number, number]; y: [number, number] } | null;
}

/** The families' lines for the state `variable` (a family lacking it is skipped unless the period is plotted). */
export function buildCycleDiagram(cycles: readonly DiagramCycle[], variable: string, measure: CycleMeasure): CycleDiagram {
  const out: CycleDiagram = { series: [], facets: [], marks: [], extent: null };
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
  for (const c of cycles) {
    const v = c.branch.stateNames.indexOf(variable);
    if (v < 0 && measure === 'extrema') continue;
    for (const run of cycleRuns(c.branch, v, measure)) {
      const kind = run.stable ? 'stable' : 'unstable';
      out.series.push({ branchId: -1, familyId: c.id, label: `${c.label} · ${run.line} · ${kind}`, color: c.color, kind });
      out.facets.push([run.p, run.y]);
      run.p.forEach((p, i) => grow(p, run.y[i]));
    }
    const m = cycleMarks(c.branch, v, measure);
    if (m.length > 0) {
      out.series.push({ branchId: -1, familyId: c.id, label: `${c.label} · special points`, color: c.color, kind: 'special' });
      out.facets.push([m.map((q) => q.p), m.map((q) => q.y)]);
      for (const q of m) {
        out.marks.push({ ...q, familyId: c.id, color: c.color });
        grow(q.p, q.y);
      }
    }
  }
  if (x0 <= x1) out.extent = { x: [x0, x1], y: [y0, y1] };
  return out;
}

/** A special-point marker within this many CSS px of the mouse is picked before any point. */
const MARK_RADIUS = 10;
/** A point farther than this many CSS px from the mouse is not picked. */
const POINT_RADIUS = 12;

/**
 * What of the families lies under the mouse at (`left`, `top`) CSS px of the plot area: the first
 * of `marks` within 10 px (as its special point), else the point nearest to the mouse on any line
 * within 12 px, else null (also when the mouse is off the plot). `distance` is how far it is, to
 * compare with the branches' nearest point.
 */
export function cycleHit(
  cycles: readonly DiagramCycle[],
  variable: string,
  measure: CycleMeasure,
  marks: readonly CycleDiagramMark[],
  left: number,
  top: number,
  px: PixelMap,
): (CycleHit & { distance: number }) | null {
  if (left < 0 || top < 0) return null;
  for (const m of marks) {
    const d = Math.hypot(px.x(m.p) - left, px.y(m.y) - top);
    if (d <= MARK_RADIUS) {
      const s = cycles.find((q) => q.id === m.familyId)?.branch.special.find((q) => q.label === m.label);
      if (s) return { familyId: m.familyId, index: s.index, special: s, line: measure === 'period' ? 'period' : 'max', distance: d };
    }
  }
  let best: (CycleHit & { distance: number }) | null = null;
  let bestD = POINT_RADIUS;
  for (const c of cycles) {
    const v = c.branch.stateNames.indexOf(variable);
    if (v < 0 && measure === 'extrema') continue;
    const pts = c.branch.points;
    const xs = new Float64Array(pts.length);
    const ys = new Float64Array(pts.length);
    for (const line of cycleLines(measure)) {
      pts.forEach((q, i) => {
        xs[i] = px.x(q.p);
        ys[i] = px.y(cycleValue(q, line, v));
      });
      const i = nearestPoint(xs, ys, left, top, bestD);
      if (i >= 0) {
        bestD = Math.hypot(xs[i] - left, ys[i] - top);
        best = { familyId: c.id, index: i, special: null, line, distance: bestD };
      }
    }
  }
  return best;
}
