/**
 * Pseudo-arclength continuation of equilibria (Keller 1977, "Numerical solution of bifurcation and
 * nonlinear eigenvalue problems"; Doedel's AUTO notes, "Lecture notes on numerical analysis of
 * nonlinear equations", section on pseudo-arclength continuation).
 *
 * From a point z = (x, lambda) with unit tangent t (the null vector of [F_x, F_lambda]) one step
 *   predicts   z* = z + ds t,
 *   corrects   F(z') = 0, t . (z' - z*) = 0        (Newton on the bordered system, ./newton.ts),
 *   orients    t' from [[F_x, F_lambda], [t^T]] t' = e_{n+1}  (so t . t' > 0: no turning back),
 * and adapts ds: x2 after a corrector that needed at most 2 iterations, x1.3 after 3, halved on a
 * failure (and retried), never above dsMax; below dsMin the branch ends. A corrected point further
 * than ds from its prediction is refused like a failure (it may have jumped to another branch).
 *
 * The branch ends at the range bounds (the last point is put exactly on the bound by solving at
 * fixed lambda), after maxPoints points, on cancellation, or on a failure, each as a BranchEnd.
 */
import type { BranchEnd, BranchEndReason, ContinuationSettings } from '@shared/continuation/types';
import type { BorderedNewton, NewtonStatus } from './newton';

/** A point of the branch: z = (x, lambda), its unit tangent and the branch-point test value. */
export interface TracedPoint {
  z: Float64Array;
  t: Float64Array;
  /** Normalised determinant of [[F_x, F_lambda], [t^T]] (see BorderedNewton.tangent). */
  bpTest: number;
  /** Newton iterations that produced the point. */
  iterations: number;
}

export interface PalcOptions extends ContinuationSettings {
  bounds: [number, number];
}

export interface PalcHooks {
  /** Polled before every step; true ends the direction with reason 'cancelled'. */
  isCancelled?(): boolean;
  /** Called with each new point (after the start). */
  onPoint?(point: TracedPoint): void;
}

export interface DirectionResult {
  /** New points in order from the start (the start itself excluded). */
  points: TracedPoint[];
  end: BranchEnd;
  rejectedSteps: number;
}

/** Step growth after an easy corrector. */
const GROW_FAST = 2;
const GROW_SLOW = 1.3;

/** The same point with the opposite orientation (tangent and branch-point test change sign). */
export function reversed(point: TracedPoint): TracedPoint {
  return { ...point, t: point.t.map((v) => -v), bpTest: -point.bpTest };
}

/** A number for messages: 6 significant digits. */
export function fmt(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** Traces one direction from `start` (its tangent times `direction`). Never throws on numerical failure. */
export function palcDirection(
  newton: BorderedNewton,
  start: TracedPoint,
  direction: 1 | -1,
  opts: PalcOptions,
  hooks: PalcHooks = {},
): DirectionResult {
  const n = newton.n;
  const n1 = n + 1;
  const name = newton.prob.paramName;
  const [lo, hi] = opts.bounds;
  const points: TracedPoint[] = [];
  let rejectedSteps = 0;
  const tol = opts.newtonTol;
  const maxIter = opts.newtonMaxIter;
  const eLambda = new Float64Array(n1);
  eLambda[n] = 1;

  let prev: TracedPoint = direction === 1 ? start : reversed(start);
  let ds = Math.min(opts.ds, opts.dsMax);
  const end = (reason: BranchEndReason, message: string): DirectionResult => ({ points, end: { reason, message }, rejectedSteps });

  const lambda0 = prev.z[n];
  if ((lambda0 <= lo && prev.t[n] < 0) || (lambda0 >= hi && prev.t[n] > 0)) {
    return end('bound', `reached ${name} = ${fmt(lambda0 <= lo ? lo : hi)}, the end of the range`);
  }

  const pred = new Float64Array(n1);
  while (points.length < opts.maxPoints) {
    if (hooks.isCancelled?.()) return end('cancelled', `cancelled at ${name} = ${fmt(prev.z[n])}`);
    let target = 0;
    for (let i = 0; i < n1; i++) {
      pred[i] = prev.z[i] + ds * prev.t[i];
      target += prev.t[i] * pred[i];
    }
    const z = Float64Array.from(pred);
    let status: NewtonStatus | 'jump' = newton.solve(z, prev.t, target, { tol, maxIter });
    const iterations = newton.lastIterations;
    const t = new Float64Array(n1);
    let bpTest = NaN;
    if (status === 'converged') {
      let dist = 0;
      for (let i = 0; i < n1; i++) dist += (z[i] - pred[i]) ** 2;
      if (Math.sqrt(dist) > ds) status = 'jump';
      else {
        bpTest = newton.tangent(z, prev.t, t);
        if (Number.isNaN(bpTest)) status = 'singular';
      }
    }
    if (status !== 'converged') {
      rejectedSteps++;
      ds *= 0.5;
      if (ds < opts.dsMin) return failureEnd(status, name, prev.z[n], opts.dsMin, end);
      continue;
    }

    const lambda = z[n];
    if (lambda < lo || lambda > hi) {
      const bound = lambda < lo ? lo : hi;
      const landed = landOnBound(newton, prev, { z, t, bpTest, iterations }, bound, eLambda, opts);
      if (landed !== null) {
        points.push(landed);
        hooks.onPoint?.(landed);
      }
      return end('bound', `reached ${name} = ${fmt(bound)}, the end of the range`);
    }
    const point: TracedPoint = { z, t, bpTest, iterations };
    points.push(point);
    hooks.onPoint?.(point);
    prev = point;
    if (iterations <= 2) ds = Math.min(ds * GROW_FAST, opts.dsMax);
    else if (iterations === 3) ds = Math.min(ds * GROW_SLOW, opts.dsMax);
  }
  return end(
    'maxPoints',
    `stopped after ${opts.maxPoints} points in this direction at ${name} = ${fmt(prev.z[n])}; raise the maximum number of points or narrow the range`,
  );
}

function failureEnd(
  status: NewtonStatus | 'jump',
  name: string,
  lambda: number,
  dsMin: number,
  end: (reason: BranchEndReason, message: string) => DirectionResult,
): DirectionResult {
  const at = `${name} = ${fmt(lambda)}`;
  if (status === 'singular') {
    return end('singular', `the branch cannot be continued past ${at}: the linearised equations are singular there (the steady state is degenerate, e.g. where the model's equations break down)`);
  }
  if (status === 'diverged') {
    return end('newtonDivergence', `the corrector diverged near ${at} even with the smallest step (${dsMin}): the equations may be undefined or blow up beyond this point`);
  }
  return end('stepUnderflow', `the step size fell below its minimum (${dsMin}) at ${at}: the branch turns too sharply or ends here; try a narrower range or start from another point`);
}

/**
 * The point of the segment prev -> next with lambda exactly `bound`: linear interpolation, then
 * Newton at fixed lambda. Null when the start already lies on the bound or Newton fails (the branch
 * then ends at `prev`, inside the range).
 */
function landOnBound(
  newton: BorderedNewton,
  prev: TracedPoint,
  next: TracedPoint,
  bound: number,
  eLambda: Float64Array,
  opts: PalcOptions,
): TracedPoint | null {
  const n = newton.n;
  const a = prev.z[n];
  const b = next.z[n];
  if (a === bound) return null;
  const w = (bound - a) / (b - a);
  const z = prev.z.map((v, i) => v + w * (next.z[i] - v));
  z[n] = bound;
  const status = newton.solve(z, eLambda, bound, { tol: opts.newtonTol, maxIter: opts.newtonMaxIter + 4 });
  if (status !== 'converged') return null;
  z[n] = bound;
  const t = new Float64Array(n + 1);
  const bpTest = newton.tangent(z, prev.t, t);
  if (Number.isNaN(bpTest)) return null;
  return { z, t, bpTest, iterations: newton.lastIterations };
}
