/**
 * Bisection of the intervals of a traced branch that may hide special points the test functions
 * cannot see from the ends, whatever the step.
 *
 * For equilibria (./eq-tests.ts intervalExplained): between two consecutive points a and b the
 * number of eigenvalues with positive real part (the unstable count) may change only through a
 * fold or branch point (one real eigenvalue through zero: the fold test t_lambda or the
 * branch-point test changes sign) or a Hopf point (a complex pair through the imaginary axis: a
 * pair matched between a and b, ./stability.ts matchComplexPairs, whose real part changes sign).
 * One step can hide more: a real pair that turns complex and crosses the axis (or crosses and
 * splits back into two real eigenvalues), where no pair is complex at both ends; or a Hopf point
 * beside a fold. The bialternate product prod_{i<j} (lambda_i + lambda_j) (Kuznetsov, Elements of
 * Applied Bifurcation Theory, 3rd ed., section 10.2.2) changes sign in such an interval without
 * needing the pair complex at both ends; its real-eigenvalue factor separates a neutral saddle
 * (lambda, -lambda: not a bifurcation) from a crossing pair (./stability.ts spectrumCounts).
 *
 * The problem's intervalExplained (./problem.ts) decides whether an interval is simple;
 * refineInterval bisects one that is not, inserting points corrected onto the branch, until every
 * sub-interval is simple, so the detector (./detect.ts) finds each special point in an interval of
 * its own (for equilibria: with the crossing pair complex at both ends). The recursion is bounded
 * (MAX_DEPTH halvings); an interval still not simple then is reported, never passed over in silence.
 */
import type { Corrector } from './newton';
import type { TracedPoint } from './problem';

/** Most halvings of one step (the interval shrinks to 2^-MAX_DEPTH of the step). */
export const MAX_DEPTH = 30;

export interface RefineContext<D> {
  newton: Corrector<D>;
  /** The problem's data at a point (Problem.pointData). */
  data(point: TracedPoint): D;
  newtonTol: number;
  newtonMaxIter: number;
}

export interface Annotated<D> {
  point: TracedPoint;
  eigs: D;
}

/**
 * Bisects a -> b until every sub-interval is explained (the problem's intervalExplained), appending
 * the inserted points with their data to `out` in order along the branch (a and b excluded).
 * Returns true when every sub-interval is explained; false when some interval is still not after
 * MAX_DEPTH halvings, cannot be judged, or a midpoint could not be corrected onto the branch.
 */
export function refineInterval<D>(ctx: RefineContext<D>, a: TracedPoint, ea: D, b: TracedPoint, eb: D, out: Annotated<D>[], depth = 0): boolean {
  const problem = ctx.newton.problem;
  if (problem.intervalExplained === undefined) return true;
  const simple = problem.intervalExplained(a, ea, b, eb);
  if (simple === true) return true;
  if (depth >= MAX_DEPTH || simple === null) return false;
  const m = midpoint(ctx, a, b);
  if (m === null) return false;
  const em = ctx.data(m);
  const left = refineInterval(ctx, a, ea, m, em, out, depth + 1);
  out.push({ point: m, eigs: em });
  const right = refineInterval(ctx, m, em, b, eb, out, depth + 1);
  return left && right;
}

/**
 * The point of the branch halfway between a and b: Newton on the hyperplane through the chord's
 * midpoint orthogonal to the chord, from that midpoint. Null when Newton fails or lands further
 * than half the chord from the chord's midpoint (not the arc between a and b).
 */
function midpoint<D>(ctx: RefineContext<D>, a: TracedPoint, b: TracedPoint): TracedPoint | null {
  const { newton } = ctx;
  const n1 = a.z.length;
  const c = new Float64Array(n1);
  const z = new Float64Array(n1);
  let len = 0;
  for (let i = 0; i < n1; i++) {
    c[i] = b.z[i] - a.z[i];
    z[i] = 0.5 * (a.z[i] + b.z[i]);
    len += c[i] * c[i];
  }
  len = Math.sqrt(len);
  if (!(len > 0)) return null;
  let target = 0;
  for (let i = 0; i < n1; i++) {
    c[i] /= len;
    target += c[i] * z[i];
  }
  const guess = Float64Array.from(z);
  const status = newton.solve(z, c, target, { tol: ctx.newtonTol, maxIter: ctx.newtonMaxIter + 4 });
  if (status !== 'converged') return null;
  let dist = 0;
  for (let i = 0; i < n1; i++) dist += (z[i] - guess[i]) ** 2;
  if (Math.sqrt(dist) > 0.5 * len) return null;
  const t = new Float64Array(n1);
  const bpTest = newton.tangent(z, a.t, t);
  if (Number.isNaN(bpTest)) return null;
  return { z, t, bpTest, iterations: newton.lastIterations };
}
