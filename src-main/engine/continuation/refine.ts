/**
 * Every change of stability along a traced branch explained by a special point, whatever the step.
 *
 * Between two consecutive points a and b of a branch the number of eigenvalues with positive real
 * part (the unstable count) may change only through a fold or branch point (one real eigenvalue
 * through zero: the fold test t_lambda or the branch-point test changes sign) or a Hopf point (a
 * complex pair through the imaginary axis: a pair matched between a and b, ./stability.ts
 * matchComplexPairs, whose real part changes sign). One step can hide more: a real pair that turns
 * complex and crosses the axis (or crosses and splits back into two real eigenvalues), where no
 * pair is complex at both ends; or a Hopf point beside a fold. The bialternate product
 * prod_{i<j} (lambda_i + lambda_j) (Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed.,
 * section 10.2.2) changes sign in such an interval without needing the pair complex at both ends;
 * its real-eigenvalue factor separates a neutral saddle (lambda, -lambda: not a bifurcation) from a
 * crossing pair (./stability.ts spectrumCounts).
 *
 * intervalExplained decides whether an interval is simple (see its comment); refineInterval bisects
 * an interval that is not, inserting points corrected onto the branch, until every sub-interval is
 * simple, so the detector (./detect.ts) finds each special point in an interval of its own with the
 * crossing pair complex at both ends. The recursion is bounded (MAX_DEPTH halvings); an interval
 * still not simple then is reported, never passed over in silence.
 */
import type { Complex } from '@shared/continuation/types';
import type { BorderedNewton } from './newton';
import type { TracedPoint } from './palc';
import { hopfTestSign, spectrumCounts } from './stability';

/** Most halvings of one step (the interval shrinks to 2^-MAX_DEPTH of the step). */
export const MAX_DEPTH = 30;

/**
 * True when the change of the unstable count from a to b is explained by the test functions of the
 * interval and nothing else can hide in it:
 * - with as many complex pairs at both ends, every pair is matched, so the complex unstable count
 *   changes only through matched pairs crossing the axis (Hopf points); the real unstable count must
 *   change by exactly 1 with a fold or branch-point sign change and by 0 without; a neutral saddle
 *   (sign change of the real factor of the bialternate product) is accepted only without a fold or
 *   branch point beside it (a Hopf point, a return to two real eigenvalues and a fold in one step
 *   look the same from the ends);
 * - with a different number of complex pairs (a pair turned real or complex inside), only an
 *   interval where nothing happens: the same unstable count, no fold or branch-point sign change and
 *   the same sign of the bialternate product (a node turning into a focus).
 * Eigenvalues that are not finite explain nothing (false).
 */
export function intervalExplained(a: TracedPoint, ea: readonly Complex[], b: TracedPoint, eb: readonly Complex[]): boolean {
  const n = a.z.length - 1;
  const ca = spectrumCounts(ea);
  const cb = spectrumCounts(eb);
  if (!ca.finite || !cb.finite) return false;
  const fold = a.t[n] < 0 !== b.t[n] < 0;
  const bp = Number.isFinite(a.bpTest) && Number.isFinite(b.bpTest) && a.bpTest < 0 !== b.bpTest < 0;
  const events = fold || bp ? 1 : 0;
  if (ca.pairs !== cb.pairs) {
    return events === 0 && ca.unstableReal + ca.unstableComplex === cb.unstableReal + cb.unstableComplex && hopfTestSign(ea) === hopfTestSign(eb);
  }
  if (Math.abs(cb.unstableReal - ca.unstableReal) !== events) return false;
  return events === 0 || ca.realSumSign === cb.realSumSign;
}

export interface RefineContext {
  newton: BorderedNewton;
  eigenvalues(point: TracedPoint): Complex[];
  newtonTol: number;
  newtonMaxIter: number;
}

export interface Annotated {
  point: TracedPoint;
  eigs: Complex[];
}

/**
 * Bisects a -> b until every sub-interval is explained (intervalExplained), appending the inserted
 * points with their eigenvalues to `out` in order along the branch (a and b excluded). Returns true
 * when every sub-interval is explained; false when some interval is still not after MAX_DEPTH
 * halvings or a midpoint could not be corrected onto the branch.
 */
export function refineInterval(ctx: RefineContext, a: TracedPoint, ea: Complex[], b: TracedPoint, eb: Complex[], out: Annotated[], depth = 0): boolean {
  if (intervalExplained(a, ea, b, eb)) return true;
  if (depth >= MAX_DEPTH || !spectrumCounts(ea).finite || !spectrumCounts(eb).finite) return false;
  const m = midpoint(ctx, a, b);
  if (m === null) return false;
  const em = ctx.eigenvalues(m);
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
function midpoint(ctx: RefineContext, a: TracedPoint, b: TracedPoint): TracedPoint | null {
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
