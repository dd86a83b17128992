/**
 * A family of limit cycles as lines of the bifurcation diagram. Pure, no DOM.
 *
 * A family is drawn as two envelopes, the maximum and the minimum of the plotted variable over
 * each orbit (measure 'extrema'), or as one line of its period (measure 'period'); each line is cut
 * into stretches of equal stability (solid stable, dashed unstable) like a branch of steady states
 * (./branch-series.ts): neighbouring stretches share their boundary, the located special point
 * (LPC, PD, NS) when one lies between the two points where stability changes, and every stretch is
 * further cut where the parameter turns back (at a fold of cycles), each piece in increasing
 * parameter order. Special points are marked on the maximum (or on the period line).
 */
import type { CycleBranch, CyclePoint, CycleSpecialPoint, CycleSpecialType } from '@shared/cycles/types';
import { formatEigenvalue, monotonePieces, type Pt } from './branch-series';
import { formatValue } from './format';

/** What the diagram plots for a family: the variable's extrema over the orbit, or the period. */
export type CycleMeasure = 'extrema' | 'period';
/** Which line of a family: the maximum or minimum envelope, or the period. */
export type CycleLine = 'max' | 'min' | 'period';

export interface CycleRun {
  line: CycleLine;
  stable: boolean;
  /** Parameter values, increasing. */
  p: number[];
  y: number[];
}

/** The lines a family is drawn with for `measure`. */
export function cycleLines(measure: CycleMeasure): CycleLine[] {
  return measure === 'period' ? ['period'] : ['max', 'min'];
}

/** The plotted value of `q` on `line` for the state with index `variable`. */
export function cycleValue(q: CyclePoint, line: CycleLine, variable: number): number {
  return line === 'period' ? q.period : line === 'max' ? q.max[variable] : q.min[variable];
}

/**
 * Stretches of equal stability of each line of `branch` for the state with index `variable`
 * (ignored for the period), in order along the family, each as increasing-parameter pieces. Empty
 * for an empty family or a variable it lacks (index < 0, measure 'extrema').
 */
export function cycleRuns(branch: CycleBranch, variable: number, measure: CycleMeasure): CycleRun[] {
  const pts = branch.points;
  if (pts.length === 0 || (measure === 'extrema' && variable < 0)) return [];
  const runs: CycleRun[] = [];
  for (const line of cycleLines(measure)) {
    const at = (q: CyclePoint): Pt => ({ p: q.p, y: cycleValue(q, line, variable) });
    const stretches: { stable: boolean; pts: Pt[] }[] = [];
    let cur = { stable: pts[0].stable, pts: [at(pts[0])] };
    for (let i = 1; i < pts.length; i++) {
      const b = pts[i];
      if (b.stable === pts[i - 1].stable) {
        cur.pts.push(at(b));
        continue;
      }
      const special = branch.special.find((s) => s.index === i - 1 && s.type !== 'UZ');
      const boundary = special ? at(special.point) : at(b);
      cur.pts.push(boundary);
      stretches.push(cur);
      cur = { stable: b.stable, pts: special ? [boundary, at(b)] : [boundary] };
    }
    stretches.push(cur);
    for (const s of stretches) {
      for (const piece of monotonePieces(s.pts)) runs.push({ line, stable: s.stable, p: piece.map((q) => q.p), y: piece.map((q) => q.y) });
    }
  }
  return runs;
}

export interface CycleMark {
  label: string;
  type: CycleSpecialType;
  p: number;
  /** On the maximum envelope, or the period. */
  y: number;
}

/** The labelled markers of the family's special points: on the maximum of the variable, or on the period line. */
export function cycleMarks(branch: CycleBranch, variable: number, measure: CycleMeasure): CycleMark[] {
  if (measure === 'extrema' && variable < 0) return [];
  const line: CycleLine = measure === 'period' ? 'period' : 'max';
  return branch.special.map((s) => ({ label: s.label, type: s.type, p: s.point.p, y: cycleValue(s.point, line, variable) }));
}

/**
 * The multipliers listed once per conjugate pair (the member with im >= 0), the trivial one (first,
 * near 1) left out, as text: "0.512, -0.03 ± 0.2i".
 */
export function formatMultipliers(q: CyclePoint, digits = 4): string {
  return q.multipliers
    .slice(1)
    .filter(([, im]) => im >= 0)
    .map((m) => formatEigenvalue(m, digits))
    .join(', ');
}

/** What a special point of a family adds (PD: the multiplier; NS: its angle), as "theta = 0.52". */
export function specialInfo(s: CycleSpecialPoint): string {
  return Object.entries(s.info)
    .map(([k, v]) => `${k} = ${formatValue(v, 4)}`)
    .join(', ');
}

/** What happens at a special point of a family, for the table's tooltip. */
export function cycleSpecialExplanation(s: CycleSpecialPoint, param: string): string {
  const at = `${param} = ${formatValue(s.point.p, 5)}`;
  switch (s.type) {
    case 'LPC':
      return `Fold of cycles at ${at}: a stable and an unstable limit cycle meet and disappear; beyond it the oscillation is lost (hysteresis).`;
    case 'PD':
      return `Period doubling at ${at}: a Floquet multiplier passes through -1 and a cycle of twice the period branches off.`;
    case 'NS':
      return `Torus (Neimark–Sacker) bifurcation at ${at}: a pair of Floquet multipliers crosses the unit circle and a second frequency appears.`;
    case 'BP':
      return `Branch point of cycles at ${at}: another family of cycles crosses this one.`;
    case 'UZ':
      return `User point at ${at}.`;
  }
}
