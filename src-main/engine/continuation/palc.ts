/**
 * Pseudo-arclength continuation of any problem of ./problem.ts (Keller 1977, "Numerical solution of bifurcation and
 * nonlinear eigenvalue problems"; Doedel's AUTO notes, "Lecture notes on numerical analysis of
 * nonlinear equations", section on pseudo-arclength continuation).
 *
 * From a point z = u with unit tangent t (the null vector of F_u) one step
 *   predicts   z* = z + ds t,
 *   corrects   F(z') = 0, t . (z' - z*) = 0        (Newton on the bordered system, ./newton.ts),
 *   orients    t' from [[F_u], [t^T]] t' = e_N      (so t . t' > 0: no turning back),
 * and adapts ds: x2 after a corrector that needed at most 2 iterations, x1.3 after 3, halved on a
 * failure (and retried), never above dsMax; below dsMin the branch ends.
 *
 * A corrected point is refused like a failure, and the step retried at half the size, when it may
 * lie on another branch (the checks of Allgower & Georg, "Numerical Continuation Methods" (1990),
 * section 6.1, on the distance to the curve and the angle between tangents, as in AUTO and MatCont):
 * - it lies further than DIST_FRACTION * h from its prediction (on a smooth arc the corrector moves
 *   about kappa h^2 / 2, kappa the curvature);
 * - its tangent turned by more than MAX_TURN from the previous one;
 * - the chord from the previous point does not bisect the two tangents (on an arc it does, to
 *   second order): the angle between the chord and the tangents' bisector exceeds
 *   CHORD_FRACTION times the turn of the tangent plus CHORD_FLOOR. A point on a nearby branch that
 *   runs alongside in the same direction passes the first two checks but not this one.
 * A step refused so is never retried at the same size (ds halves), so the branch ends only when the
 * step underflows (below dsMin), with a message saying so.
 *
 * With the data hook (the problem's pointData: eigenvalues for equilibria), each accepted interval
 * the problem's accounting does not explain (ContinuationProblem.intervalExplained) is bisected by
 * points corrected onto the branch (./refine.ts), so, for equilibria, every change of stability is
 * explained by a special point; one that still is not after the bounded bisection is listed in
 * DirectionResult.unexplained.
 * The step taken is the least of ds and a limit from the test functions of the special points
 * (./step-limit.ts): a step easy for the corrector can still jump over two Hopf points or two folds that
 * lie close together.
 *
 * The branch ends at the range bounds of the problem's parameter (the last point is put exactly
 * on the bound by solving at that fixed value), after maxPoints points, on cancellation, or on a
 * failure, each as a BranchEnd.
 */
import type { BranchEnd, BranchEndReason, Complex, ContinuationSettings } from '@shared/continuation/types';
import type { Corrector, NewtonStatus } from './newton';
import type { SameBranchLimits, StepOutcome, TracedPoint } from './problem';
import { refineInterval, type Annotated } from './refine';
import { drain, type Steps } from './steps';
import { distance, stepLimit, stepLimitScratch } from './step-limit';

export type { TracedPoint } from './problem';
export { FOLD_FLOOR, HOPF_FLOOR } from './eq-tests';
export { BP_FLOOR, STEP_FRACTION, stepLimit, testFunctionStepLimit } from './step-limit';

export interface PalcOptions extends ContinuationSettings {
  bounds: [number, number];
  /** Limit the step by the test functions (stepLimit); default true. */
  testFunctionStepControl?: boolean;
}

export interface TraceHooks<D> {
  /** Polled before every step; true ends the direction with reason 'cancelled'. */
  isCancelled?(): boolean;
  /**
   * The problem's data at a point (its pointData). Given, the step control also watches the
   * tracked test functions (for equilibria, the real parts of the complex pairs: Hopf points) and
   * unexplained intervals are bisected; without it, only the scalar and branch-point tests.
   */
  data?(point: TracedPoint): D;
  /** Called with each new point (after the start) and its data (null without the hook above). */
  onPoint?(point: TracedPoint, data: D | null): void;
}

/** The hooks of equilibrium callers: `eigenvalues` is the data hook. */
export interface PalcHooks {
  isCancelled?(): boolean;
  eigenvalues?(point: TracedPoint): Complex[];
  onPoint?(point: TracedPoint, eigenvalues: Complex[] | null): void;
}

export interface DirectionResult {
  /** New points in order from the start (the start itself excluded). */
  points: TracedPoint[];
  end: BranchEnd;
  rejectedSteps: number;
  /**
   * Intervals (parameter values at their ends) where the unstable count changes in a way no test
   * function explains, even after bisection (./refine.ts); empty when every change is explained.
   */
  unexplained: [number, number][];
}

/** Branch-jump guard (see the file comment): corrector distance / step, largest turn of the tangent, chord test. */
export const DIST_FRACTION = 1 / 3;
export const MAX_TURN = Math.PI / 6;
export const CHORD_FRACTION = 0.5;
export const CHORD_FLOOR = 0.02;
const COS_MAX_TURN = Math.cos(MAX_TURN);
/** The same, for a system that makes whole steps (BorderedSystem.step). */
const SAME_BRANCH: SameBranchLimits = { distFraction: DIST_FRACTION, cosMaxTurn: COS_MAX_TURN, chordFraction: CHORD_FRACTION, chordFloor: CHORD_FLOOR };

/**
 * A sign change of the branch-point test over a step h is taken as a branch point ahead only where
 * the test was heading for it: its last rate of change predicts the zero within 2 h of the previous
 * value (f_prev / rate <= 2 h), or no rate is known yet. A step onto another branch flips the sign
 * of the test at once (the two branches of x' = (x - f(p)) (x - f(p) - eps) have F_x = -eps and +eps)
 * without the test having headed for zero; halving the step then keeps the corrector on its branch,
 * while a true branch point is crossed by one of the halved steps (one of them lies between the
 * distance to the zero and twice it).
 */
export function bpCrossingExpected(fPrev: number, f: number, rate: number, h: number): boolean {
  if (!(fPrev < 0 !== f < 0) || !Number.isFinite(fPrev) || !Number.isFinite(f) || !Number.isFinite(rate)) return true;
  return Math.abs(fPrev) <= 2 * rate * h;
}

/**
 * The predicted point prev.z + h prev.t into pred; returns t . pred, the constraint's target. (A
 * loop of its own: the trace is a generator, which V8 does not optimise while it runs, so the
 * vector loops of a step live in functions it calls.)
 */
function predict(prev: TracedPoint, h: number, pred: Float64Array): number {
  const { z, t } = prev;
  let target = 0;
  for (let i = 0; i < pred.length; i++) {
    pred[i] = z[i] + h * t[i];
    target += t[i] * pred[i];
  }
  return target;
}

/**
 * Whether the corrected point z (tangent t) is a plausible continuation of prev after a step h
 * predicted at pred; see the file comment.
 */
export function onSameBranch(prev: TracedPoint, pred: Float64Array, z: Float64Array, t: Float64Array, h: number): boolean {
  const n1 = z.length;
  const pz = prev.z;
  const pt = prev.t;
  let dist = 0;
  let cos = 0;
  let chord = 0;
  let chordDotBis = 0;
  let bis = 0;
  for (let i = 0; i < n1; i++) {
    dist += (z[i] - pred[i]) ** 2;
    cos += pt[i] * t[i];
    const c = z[i] - pz[i];
    const w = pt[i] + t[i];
    chord += c * c;
    bis += w * w;
    chordDotBis += c * w;
  }
  if (!(Math.sqrt(dist) <= DIST_FRACTION * h) || !(cos >= COS_MAX_TURN)) return false;
  const turn = Math.acos(Math.min(1, cos));
  const off = Math.acos(Math.min(1, chordDotBis / Math.sqrt(chord * bis)));
  return off <= CHORD_FRACTION * turn + CHORD_FLOOR;
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

/**
 * The start point with its tangent, oriented towards increasing parameter (the problem's
 * paramIndex) when the branch is not vertical there. The tangent is the null vector of F_u, found
 * with the bordering row e_param, or another unit vector (from the last unknown down) when the
 * start is a fold (e_param then fails). Null when every bordering fails (a degenerate point).
 */
export function startPoint<D>(newton: Corrector<D>, z: Float64Array): TracedPoint | null {
  const n1 = newton.dim;
  const k = newton.problem.paramIndex;
  const t = new Float64Array(n1);
  for (let r = -1; r < n1; r++) {
    const j = r < 0 ? k : n1 - 1 - r;
    if (r >= 0 && j === k) continue;
    const c = new Float64Array(n1);
    c[j] = 1;
    const bpTest = newton.tangent(z, c, t);
    if (Number.isNaN(bpTest)) continue;
    if (t[k] < 0) for (let i = 0; i < n1; i++) t[i] = -t[i];
    return { z, t, bpTest: bpTest * (t[j] < 0 ? -1 : 1), iterations: 0 };
  }
  return null;
}

/** Equilibrium continuation in one direction: traceDirection with the eigenvalues as the data hook. */
export function palcDirection(newton: Corrector<Complex[]>, start: TracedPoint, direction: 1 | -1, opts: PalcOptions, hooks: PalcHooks = {}): DirectionResult {
  return traceDirection(newton, start, direction, opts, { isCancelled: hooks.isCancelled, data: hooks.eigenvalues, onPoint: hooks.onPoint });
}

/** Traces one direction from `start` (its tangent times `direction`). Never throws on numerical failure. */
export function traceDirection<D>(newton: Corrector<D>, start: TracedPoint, direction: 1 | -1, opts: PalcOptions, hooks: TraceHooks<D> = {}): DirectionResult {
  return drain(traceDirectionSteps(newton, start, direction, opts, hooks));
}

/** traceDirection yielding before every step (./steps.ts): cancellation is polled right after each resumption. */
export function* traceDirectionSteps<D>(
  newton: Corrector<D>,
  start: TracedPoint,
  direction: 1 | -1,
  opts: PalcOptions,
  hooks: TraceHooks<D> = {},
): Steps<DirectionResult> {
  const problem = newton.problem;
  const n1 = newton.dim;
  const n = problem.paramIndex;
  const name = problem.paramName;
  const [lo, hi] = opts.bounds;
  const points: TracedPoint[] = [];
  let rejectedSteps = 0;
  const tol = opts.newtonTol;
  const maxIter = opts.newtonMaxIter;
  const scratch = stepLimitScratch(problem);

  let prev: TracedPoint = direction === 1 ? start : reversed(start);
  let prevEigs: D | null = hooks.data?.(prev) ?? null;
  let bpScale = Math.abs(prev.bpTest);
  // |d bpTest / ds| over the last interval; NaN until one is known.
  let bpRate = NaN;
  // ds follows the corrector; the step taken is h = min(ds, limit), limit from the test functions.
  let ds = Math.min(opts.ds, opts.dsMax);
  let limit = Infinity;
  const unexplained: [number, number][] = [];
  const end = (reason: BranchEndReason, message: string): DirectionResult => ({ points, end: { reason, message }, rejectedSteps, unexplained });
  const refineCtx = hooks.data === undefined ? null : { newton, data: hooks.data, newtonTol: tol, newtonMaxIter: maxIter };
  const inserted: Annotated<D>[] = [];
  /** Adds `point` after `prev`, with the points bisection inserts before it; returns the last point before `point`. */
  const add = (point: TracedPoint, eigs: D | null): { before: TracedPoint; eigsBefore: D | null } => {
    let before = prev;
    let eigsBefore: D | null = prevEigs;
    if (refineCtx !== null && prevEigs !== null && eigs !== null) {
      inserted.length = 0;
      if (!refineInterval(refineCtx, prev, prevEigs, point, eigs, inserted)) unexplained.push([prev.z[n], point.z[n]]);
      for (const m of inserted) {
        points.push(m.point);
        hooks.onPoint?.(m.point, m.eigs);
        before = m.point;
        eigsBefore = m.eigs;
      }
    }
    points.push(point);
    hooks.onPoint?.(point, eigs);
    return { before, eigsBefore };
  };

  const lambda0 = prev.z[n];
  if ((lambda0 <= lo && prev.t[n] < 0) || (lambda0 >= hi && prev.t[n] > 0)) {
    return end('bound', `reached ${name} = ${fmt(lambda0 <= lo ? lo : hi)}, the end of the range`);
  }

  const pred = new Float64Array(n1);
  const newtonOpts = { tol, maxIter };
  // Where the corrector's system makes whole steps (equilibria in WebAssembly), the prediction,
  // the corrector, the tangent and the same-branch check below run in its one call, to the bit.
  const whole = newton.wholeSteps;
  const outcome: StepOutcome = { status: 'converged', bpTest: NaN };
  while (points.length < opts.maxPoints) {
    yield;
    if (hooks.isCancelled?.()) return end('cancelled', `cancelled at ${name} = ${fmt(prev.z[n])}`);
    const h = Math.min(ds, limit);
    const t = new Float64Array(n1);
    let z: Float64Array;
    let status: NewtonStatus | 'jump';
    let bpTest = NaN;
    if (whole) {
      z = new Float64Array(n1);
      newton.step(prev, h, newtonOpts, SAME_BRANCH, z, t, outcome);
      status = outcome.status;
      bpTest = outcome.bpTest;
      if (status === 'converged' && !bpCrossingExpected(prev.bpTest, bpTest, bpRate, h)) status = 'jump';
    } else {
      const target = predict(prev, h, pred);
      z = pred.slice();
      status = newton.solve(z, prev.t, target, newtonOpts);
      if (status === 'converged') {
        bpTest = newton.tangent(z, prev.t, t, true);
        if (Number.isNaN(bpTest)) status = 'singular';
        else if (!onSameBranch(prev, pred, z, t, h) || !bpCrossingExpected(prev.bpTest, bpTest, bpRate, h)) status = 'jump';
      }
    }
    const iterations = newton.lastIterations;
    if (status !== 'converged') {
      rejectedSteps++;
      ds = 0.5 * h;
      if (ds < opts.dsMin) return failureEnd(status, name, prev.z[n], opts.dsMin, end);
      continue;
    }

    const lambda = z[n];
    if (lambda < lo || lambda > hi) {
      const bound = lambda < lo ? lo : hi;
      const landed = pointAt(newton, prev, { z, t, bpTest, iterations }, n, bound, opts);
      if (landed !== null) add(landed, hooks.data?.(landed) ?? null);
      return end('bound', `reached ${name} = ${fmt(bound)}, the end of the range`);
    }
    const point: TracedPoint = { z, t, bpTest, iterations };
    const eigs: D | null = hooks.data?.(point) ?? null;
    const { before, eigsBefore } = add(point, eigs);
    if (Number.isFinite(bpTest)) bpScale = Math.max(bpScale, Math.abs(bpTest));
    const chord = distance(before.z, z);
    bpRate = Math.abs(bpTest - before.bpTest) / chord;
    if (h < ds) {
      // A step shortened by the test functions says nothing against ds unless the corrector struggled.
      if (iterations > 3) ds = h;
    } else if (iterations <= 2) ds = Math.min(ds * GROW_FAST, opts.dsMax);
    else if (iterations === 3) ds = Math.min(ds * GROW_SLOW, opts.dsMax);
    if (opts.testFunctionStepControl !== false) {
      limit = Math.max(stepLimit(problem, before, eigsBefore, point, eigs, bpScale, scratch, chord), opts.dsMin);
    }
    prev = point;
    prevEigs = eigs;
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
    return end(
      'singular',
      `the branch cannot be continued past ${at}: the linearised equations are singular there (the steady state is degenerate, e.g. where the model's equations break down)`,
    );
  }
  if (status === 'diverged') {
    return end(
      'newtonDivergence',
      `the corrector diverged near ${at} even with the smallest step (${dsMin}): the equations may be undefined or blow up beyond this point`,
    );
  }
  return end(
    'stepUnderflow',
    `the step size fell below its minimum (${dsMin}) at ${at}: the branch turns too sharply or ends here; try a narrower range or start from another point`,
  );
}

/**
 * The point of the branch between prev and next where unknown `index` is exactly `value`: linear
 * interpolation of the segment, then Newton with that unknown fixed (the bordering row e_index),
 * the tangent oriented as prev's. Used for the range bounds and for user points. Null when value
 * is prev's own or Newton fails.
 */
export function pointAt<D>(
  newton: Corrector<D>,
  prev: TracedPoint,
  next: TracedPoint,
  index: number,
  value: number,
  opts: { newtonTol: number; newtonMaxIter: number },
): TracedPoint | null {
  const n1 = newton.dim;
  const a = prev.z[index];
  const b = next.z[index];
  if (a === value) return null;
  const w = (value - a) / (b - a);
  const z = prev.z.map((v, i) => v + w * (next.z[i] - v));
  z[index] = value;
  const e = new Float64Array(n1);
  e[index] = 1;
  const status = newton.solve(z, e, value, { tol: opts.newtonTol, maxIter: opts.newtonMaxIter + 4 });
  if (status !== 'converged') return null;
  z[index] = value;
  const t = new Float64Array(n1);
  const bpTest = newton.tangent(z, prev.t, t);
  if (Number.isNaN(bpTest)) return null;
  return { z, t, bpTest, iterations: newton.lastIterations };
}
