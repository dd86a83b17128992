/**
 * A traced branch as chart series and read-outs. Pure, no DOM.
 *
 * - `stabilityRuns` cuts a branch into stretches of equal stability (drawn solid when stable,
 *   dashed when unstable). Neighbouring stretches share their boundary point, which is the located
 *   special point (HB, LP, BP) when one lies between the two points where stability changes, so
 *   the curve is drawn without a gap. Each stretch is further cut where the parameter turns back
 *   (at a fold) and every piece is returned in increasing parameter order, so a piece is a graph
 *   over the parameter axis (what the chart's line decimation assumes).
 * - `specialMarks`: the labelled markers (HB1, LP1, ...).
 * - `nearestPoint`: the branch point closest to the mouse, in screen pixels.
 */
import type { Branch, BranchPoint, Complex, SpecialPoint } from '@shared/continuation/types';
import { formatValue } from './format';

export interface StabilityRun {
  stable: boolean;
  /** Parameter values, increasing. */
  p: number[];
  /** The plotted variable at those values. */
  y: number[];
}

/** A point of a drawn line: the parameter and the plotted value. */
export interface Pt {
  p: number;
  y: number;
}

/** Splits a polyline where the parameter changes direction; pieces share the turning point. */
export function monotonePieces(pts: readonly Pt[]): Pt[][] {
  const pieces: Pt[][] = [];
  let cur: Pt[] = [pts[0]];
  let dir = 0;
  for (let i = 1; i < pts.length; i++) {
    const d = Math.sign(pts[i].p - pts[i - 1].p);
    if (d !== 0 && dir !== 0 && d !== dir) {
      pieces.push(cur);
      cur = [pts[i - 1]];
    }
    if (d !== 0) dir = d;
    cur.push(pts[i]);
  }
  pieces.push(cur);
  return pieces.map((piece) => (piece.length > 1 && piece[piece.length - 1].p < piece[0].p ? piece.reverse() : piece));
}

/**
 * Stretches of equal stability of `branch` for state `variable` (index into `branch.stateNames`),
 * in order along the branch, each as increasing-parameter pieces. Empty for an empty branch.
 */
export function stabilityRuns(branch: Branch, variable: number): StabilityRun[] {
  const pts = branch.points;
  if (pts.length === 0 || variable < 0) return [];
  const at = (q: BranchPoint | SpecialPoint): Pt => ({ p: q.p, y: q.x[variable] });
  const stretches: { stable: boolean; pts: Pt[] }[] = [];
  let cur = { stable: pts[0].stable, pts: [at(pts[0])] };
  for (let i = 1; i < pts.length; i++) {
    const b = pts[i];
    if (b.stable === pts[i - 1].stable) {
      cur.pts.push(at(b));
      continue;
    }
    const special = branch.special.find((s) => s.index === i - 1);
    const boundary = special ? at(special) : at(b);
    cur.pts.push(boundary);
    stretches.push(cur);
    cur = { stable: b.stable, pts: special ? [boundary, at(b)] : [boundary] };
  }
  stretches.push(cur);
  const runs: StabilityRun[] = [];
  for (const s of stretches) {
    for (const piece of monotonePieces(s.pts)) {
      runs.push({ stable: s.stable, p: piece.map((q) => q.p), y: piece.map((q) => q.y) });
    }
  }
  return runs;
}

export interface SpecialMark {
  label: string;
  type: SpecialPoint['type'];
  p: number;
  y: number;
}

export function specialMarks(branch: Branch, variable: number): SpecialMark[] {
  if (variable < 0) return [];
  return branch.special.map((s) => ({ label: s.label, type: s.type, p: s.p, y: s.x[variable] }));
}

/** Index of the candidate closest to (`px`, `py`) within `maxDist` pixels, or -1. */
export function nearestPoint(xs: ArrayLike<number>, ys: ArrayLike<number>, px: number, py: number, maxDist: number): number {
  let best = -1;
  let bestD = maxDist * maxDist;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i] - px;
    const dy = ys[i] - py;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** "-0.0123 ± 0.456i" for a conjugate pair, "-0.5" for a real eigenvalue. */
export function formatEigenvalue([re, im]: Complex, digits = 4): string {
  if (im === 0) return formatValue(re, digits);
  return `${formatValue(re, digits)} ± ${formatValue(Math.abs(im), digits)}i`;
}

/**
 * The eigenvalues with conjugate pairs listed once (the member with positive imaginary part), in
 * the order given.
 */
export function distinctEigenvalues(eigs: readonly Complex[]): Complex[] {
  return eigs.filter(([, im]) => im >= 0);
}

/**
 * The eigenvalues that cross the imaginary axis at a special point: at a Hopf point the complex
 * pair with real part closest to 0 (listed once); at a fold or branch point the real eigenvalue
 * closest to 0.
 */
export function criticalEigenvalues(s: Pick<SpecialPoint, 'type' | 'eigenvalues'>): Complex[] {
  const pool = s.type === 'HB' ? s.eigenvalues.filter(([, im]) => im > 0) : s.eigenvalues.filter(([, im]) => im === 0);
  const from = pool.length > 0 ? pool : s.eigenvalues;
  let best: Complex | undefined;
  for (const e of from) if (!best || Math.abs(e[0]) < Math.abs(best[0])) best = e;
  return best ? [best] : [];
}

/**
 * Which side of a special point the steady state is unstable on: 'above' when the unstable points
 * next to it have larger parameter values, 'below' when smaller, null when unknown.
 */
export function unstableSide(branch: Branch, s: SpecialPoint): 'above' | 'below' | null {
  const near = [branch.points[s.index], branch.points[s.index + 1]].filter((q): q is BranchPoint => q !== undefined);
  const unstable = near.find((q) => !q.stable && q.p !== s.p);
  if (!unstable) return null;
  return unstable.p > s.p ? 'above' : 'below';
}

/** A sentence on what happens at a Hopf point, for the special-points table's tooltip. */
export function hopfExplanation(branch: Branch, s: SpecialPoint): string {
  const param = branch.param;
  const at = formatValue(s.p, 4);
  const side = unstableSide(branch, s);
  const period = s.period !== undefined ? ` (period ≈ ${formatValue(s.period, 3)})` : '';
  const l1 = s.l1 !== undefined ? ` (first Lyapunov coefficient ${formatValue(s.l1, 3)})` : '';
  if (s.criticality === 'supercritical') {
    const where = side ? ` and exists for ${param} ${side} ${at}` : '';
    return `Supercritical${l1}: a stable limit cycle${period} is born as ${param} crosses ${at}${where}; its amplitude grows from zero, so the oscillation starts gently.`;
  }
  if (s.criticality === 'subcritical') {
    const other = side === 'above' ? 'below' : side === 'below' ? 'above' : null;
    const where = other ? ` for ${param} ${other} ${at}` : '';
    return `Subcritical${l1}: an unstable limit cycle${period} surrounds the stable steady state${where} and shrinks onto it at ${at}; crossing ${at} the activity jumps to a distant state (hysteresis).`;
  }
  return `Degenerate Hopf point${l1}: the first Lyapunov coefficient is zero to working precision, so the criticality is not decided at this order.`;
}

/** The branch as CSV: one row per point, full precision; eigenvalues as re/im column pairs. */
export function branchToCsv(branch: Branch): string {
  const n = branch.points[0]?.eigenvalues.length ?? branch.stateNames.length;
  const header = ['index', branch.param, ...branch.stateNames, 'stable', 'special'];
  for (let k = 1; k <= n; k++) header.push(`eig${k}_re`, `eig${k}_im`);
  const labels = new Map<number, string[]>();
  for (const s of branch.special) labels.set(s.index, [...(labels.get(s.index) ?? []), s.label]);
  const lines = [header.join(',')];
  branch.points.forEach((q, i) => {
    const row = [String(i), String(q.p), ...q.x.map(String), q.stable ? '1' : '0', (labels.get(i) ?? []).join(' ')];
    for (const [re, im] of q.eigenvalues) row.push(String(re), String(im));
    lines.push(row.join(','));
  });
  return `${lines.join('\n')}\n`;
}

/** Relative perturbation of the first state variable when simulating from a steady state. */
export const PERTURBATION = 1e-3;

/**
 * Initial state for "simulate here": the steady state `x` (model order, names `names`) with the
 * first variable moved by `amount` (default PERTURBATION) relative (absolute when it is 0), so that an unstable
 * steady state is left and a stable one is returned to.
 */
export function perturbedInitial(names: readonly string[], x: readonly number[], amount = PERTURBATION): Record<string, number> {
  const out: Record<string, number> = {};
  names.forEach((name, i) => (out[name] = x[i]));
  if (names.length > 0) {
    const x0 = x[0];
    out[names[0]] = x0 === 0 ? amount : x0 * (1 + amount);
  }
  return out;
}

/** Rounds `x` up (away from 0) to 1, 2 or 5 times a power of ten. */
export function niceUp(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const s = Math.sign(x);
  const a = Math.abs(x);
  const e = 10 ** Math.floor(Math.log10(a));
  const m = [1, 2, 2.5, 3, 5, 10].find((k) => k * e >= a * (1 - 1e-12)) ?? 10;
  return s * m * e;
}

/**
 * A first range for tracing a parameter whose current value is `v`: from 0 to six times the
 * value (rounded up to a round number), e.g. [0, 3] for g = 0.5; a parameter that must stay
 * positive starts at a tenth of its value; a parameter at 0 gets [-1, 1].
 */
export function defaultRange(v: number, domain?: 'positive' | 'nonnegative' | 'nonzero'): [number, number] {
  if (v === 0 || !Number.isFinite(v)) return domain === 'positive' || domain === 'nonnegative' ? [0, 1] : [-1, 1];
  const far = niceUp(6 * v);
  const near = domain === 'positive' ? v / 10 : 0;
  return v > 0 ? [near, far] : [far, near];
}
