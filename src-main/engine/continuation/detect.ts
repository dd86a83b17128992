/**
 * Detection and location of special points on a traced branch: a test function evaluated at
 * consecutive points; a sign change brackets a special point, which is then located along the
 * branch by the Illinois variant of regula falsi (Dowell & Jarratt 1971) in the arclength s of the
 * interval, each trial point corrected onto the branch by Newton (./newton.ts). Test functions
 * (Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed., section 10.2; Doedel's AUTO notes):
 *
 * - LP (fold): the lambda-component of the unit tangent; located to |t_lambda| < 1e-10.
 * - BP (branch point): det [[F_x, F_lambda], [t^T]], which vanishes where [F_x, F_lambda] loses rank
 *   and, unlike det F_x, does not change sign at a fold; located to |test| < 1e-10 times its
 *   size at the ends of the interval (it has the units of F^n). The test also changes sign where
 *   the orientation of the tangent flips without a singular point; so a located zero is reported
 *   only where [F_x, F_lambda] is rank-deficient: its smallest singular value at most BP_RANK_TOL
 *   times its largest (Kuznetsov, section 10.2.1: a branch point is where that matrix loses rank).
 * - HB (Hopf): the complex pairs of the two ends of an interval are matched by continuity (nearest
 *   in the complex plane, ./stability.ts matchComplexPairs); a matched pair whose real part changes
 *   sign has crossed the imaginary axis, so the number of unstable complex eigenvalues changes by 2.
 *   It is located on the real part of that pair, followed through the interval as the eigenvalue
 *   nearest to its linear interpolation between the ends, to |Re| < 1e-10; the point is reported
 *   only if that pair is +-i omega there with omega > 0. Each crossing pair is found on its own, so
 *   a stable, weakly damped pair nearer the axis does not hide it, and two crossings (or a crossing
 *   and a neutral saddle) in one interval are not lost. A neutral saddle (a real pair lambda,
 *   -lambda, where the bialternate product prod_{i<j} (lambda_i + lambda_j) also vanishes; Kuznetsov
 *   section 10.2.2) moves no complex pair across the axis: it is not a bifurcation of the
 *   equilibrium and is not reported, only counted.
 *
 * A special point records whether its location converged. Intervals whose change of the unstable
 * count the located points do not account for are returned as `unexplained` (never silently).
 */
import type { Complex, SpecialKind } from '@shared/continuation/types';
import type { BorderedNewton } from './newton';
import type { TracedPoint } from './palc';
import { SingularValueDecomposition } from 'ml-matrix';
import { eigenvalues, hopfTestSign, matchComplexPairs, nearestUpper, toMatrix } from './stability';

export interface LocatedPoint {
  type: SpecialKind;
  /** Index of the interval's first point in the list given to detectSpecialPoints. */
  index: number;
  /** Arclength from that point along the interval (orders points within one interval). */
  s: number;
  z: Float64Array;
  eigenvalues: Complex[];
  converged: boolean;
  /** HB: frequency of the critical pair. */
  omega?: number;
}

export interface DetectOptions {
  newtonTol: number;
  newtonMaxIter: number;
}

/** Tolerance of the located test functions (see the file comment). */
export const LOCATE_TOL = 1e-10;
/** A located branch point is reported only where sigma_min / sigma_max of [F_x, F_lambda] is at most this. */
export const BP_RANK_TOL = 1e-6;
const MAX_LOCATE_ITER = 60;
/** After convergence: at most this many more secant steps, aiming at |test| <= tol * POLISH_FACTOR. */
const POLISH_ITER = 4;
const POLISH_FACTOR = 1e-5;

interface Trial {
  z: Float64Array;
  t: Float64Array;
  bp: number;
  s: number;
}

/**
 * Special points between consecutive `points` (in order along the branch; `eigs[i]` the
 * eigenvalues at points[i]). Also returns how many neutral saddles were passed (not reported).
 */
export function detectSpecialPoints(
  newton: BorderedNewton,
  points: readonly TracedPoint[],
  eigs: readonly Complex[][],
  opts: DetectOptions,
): { special: LocatedPoint[]; neutralSaddles: number; unexplained: number[] } {
  const n = newton.n;
  const jac = new Float64Array(n * n);
  const eigsAt = (z: Float64Array): Complex[] => {
    newton.prob.jacobian(z, z[n], jac);
    return eigenvalues(jac, n);
  };
  const special: LocatedPoint[] = [];
  let neutralSaddles = 0;
  const unexplained: number[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    const found: LocatedPoint[] = [];
    const bpChange = Number.isFinite(a.bpTest) && Number.isFinite(b.bpTest) && a.bpTest < 0 !== b.bpTest < 0;
    let bpFound = false;
    if (bpChange) {
      const scale = Math.max(Math.abs(a.bpTest), Math.abs(b.bpTest));
      const r = locate(newton, a, b, a.bpTest, b.bpTest, (tr) => tr.bp, LOCATE_TOL * scale, opts, true);
      if (rankRatio(newton, r.trial.z, [a.z, b.z]) <= BP_RANK_TOL) {
        bpFound = true;
        found.push({ type: 'BP', index: k, s: r.trial.s, z: r.trial.z, eigenvalues: eigsAt(r.trial.z), converged: r.converged });
      }
    }
    if (!bpFound && a.t[n] < 0 !== b.t[n] < 0) {
      const r = locate(newton, a, b, a.t[n], b.t[n], (tr) => tr.t[n], LOCATE_TOL, opts);
      found.push({ type: 'LP', index: k, s: r.trial.s, z: r.trial.z, eigenvalues: eigsAt(r.trial.z), converged: r.converged });
    }
    let crossings = 0;
    for (const [ea, eb] of matchComplexPairs(eigs[k], eigs[k + 1])) {
      if (ea[0] < 0 === eb[0] < 0) continue;
      crossings++;
      const hb = locateHopf(newton, a, b, ea, eb, eigsAt, opts);
      if (hb !== null) found.push({ ...hb, index: k });
    }
    // The bialternate product changes sign when an odd number of eigenvalue pairs sum through zero:
    // a parity the crossing complex pairs do not explain is a neutral saddle.
    if ((hopfTestSign(eigs[k]) !== hopfTestSign(eigs[k + 1])) !== (crossings % 2 === 1)) neutralSaddles++;
    found.sort((x, y) => x.s - y.s);
    special.push(...found);
    if (!countChangeExplained(eigs[k], eigs[k + 1], found)) unexplained.push(k);
  }
  return { special, neutralSaddles, unexplained };
}

/**
 * Locates the Hopf point where the complex pair ea (at a) -> eb (at b) crosses the imaginary axis:
 * a zero of the real part of the upper eigenvalue nearest to the pair's linear interpolation in the
 * arclength. Null when the located point has no pair +-i omega with omega > 0 (e.g. the pair met the
 * real axis on the way: not a Hopf point).
 */
function locateHopf(
  newton: BorderedNewton,
  a: TracedPoint,
  b: TracedPoint,
  ea: Complex,
  eb: Complex,
  eigsAt: (z: Float64Array) => Complex[],
  opts: DetectOptions,
): Omit<LocatedPoint, 'index'> | null {
  const sb = arclength(a, b);
  const tracked = (tr: Trial): Complex | null => {
    const u = sb === 0 ? 0 : tr.s / sb;
    return nearestUpper(eigsAt(tr.z), [ea[0] + u * (eb[0] - ea[0]), ea[1] + u * (eb[1] - ea[1])]);
  };
  const r = locate(newton, a, b, ea[0], eb[0], (tr) => tracked(tr)?.[0] ?? NaN, LOCATE_TOL, opts);
  const ev = eigsAt(r.trial.z);
  const pair = tracked(r.trial);
  const scale = Math.max(1, ...ev.map(([re, im]) => Math.hypot(re, im)));
  if (pair === null || !(pair[1] > 1e-8 * scale) || !(Math.abs(pair[0]) < 1e-6 * scale)) return null;
  return { type: 'HB', s: r.trial.s, z: r.trial.z, eigenvalues: ev, converged: r.converged, omega: pair[1] };
}

/**
 * Whether the special points found in an interval can account for the change of the unstable
 * count between its ends: each Hopf point moves it by 2, each fold or branch point by 1.
 */
export function countChangeExplained(ea: readonly Complex[], eb: readonly Complex[], found: readonly { type: SpecialKind }[]): boolean {
  const unstable = (e: readonly Complex[]) => e.reduce((c, [re]) => c + (re > 0 ? 1 : 0), 0);
  const du = Math.abs(unstable(eb) - unstable(ea));
  const hopf = found.filter((f) => f.type === 'HB').length;
  const real = found.length - hopf;
  return du <= 2 * hopf + real && (du - real) % 2 === 0;
}

/**
 * sigma_min of the n x (n+1) matrix [F_x, F_lambda] at z over its largest singular value at z and at
 * the points `near` (the ends of the interval: where the whole matrix vanishes at a branch point, as
 * for n = 1, the ratio at z alone says nothing). 0 at a branch point, where the matrix loses rank;
 * NaN when its entries are not finite.
 */
export function rankRatio(newton: BorderedNewton, z: Float64Array, near: readonly Float64Array[]): number {
  const at = singularValues(newton, z);
  let max = at.max;
  for (const y of near) max = Math.max(max, singularValues(newton, y).max);
  return max > 0 ? at.min / max : 0;
}

function singularValues(newton: BorderedNewton, z: Float64Array): { min: number; max: number } {
  const n = newton.n;
  const n1 = n + 1;
  const jac = new Float64Array(n * n);
  const fl = new Float64Array(n);
  newton.prob.jacobian(z, z[n], jac);
  newton.prob.paramDerivative(z, z[n], fl);
  // The transpose, (n+1) x n, so the decomposition sees a tall matrix.
  const mt = new Float64Array(n1 * n1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) mt[j * n1 + i] = jac[i * n + j];
    mt[n * n1 + i] = fl[i];
  }
  for (let i = 0; i < mt.length; i++) if (!Number.isFinite(mt[i])) return { min: NaN, max: NaN };
  const m = toMatrix(mt, n1).subMatrix(0, n, 0, n - 1);
  const sv = new SingularValueDecomposition(m, { computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal;
  return { min: Math.min(...sv), max: Math.max(...sv) };
}

/** The arclength coordinate of b seen from a: t_a . (z_b - z_a). */
function arclength(a: TracedPoint, b: TracedPoint): number {
  let s = 0;
  for (let i = 0; i < a.t.length; i++) s += a.t[i] * (b.z[i] - a.z[i]);
  return s;
}

/**
 * Locates a zero of `test` between points a and b (values fa, fb of opposite signs) along the
 * branch. Returns the best trial found and whether |test| <= tol there.
 */
function locate(
  newton: BorderedNewton,
  a: TracedPoint,
  b: TracedPoint,
  fa: number,
  fb: number,
  test: (trial: Trial) => number,
  tol: number,
  opts: DetectOptions,
  singularIsZero = false,
): { trial: Trial; converged: boolean } {
  const n1 = newton.n + 1;
  const sb = arclength(a, b);
  let base = 0;
  for (let i = 0; i < n1; i++) base += a.t[i] * a.z[i];
  const endA: Trial = { z: a.z, t: a.t, bp: a.bpTest, s: 0 };
  const endB: Trial = { z: b.z, t: b.t, bp: b.bpTest, s: sb };
  let best = Math.abs(fa) <= Math.abs(fb) ? { trial: endA, f: fa } : { trial: endB, f: fb };
  // Reaching |test| <= tol is convergence; a few more secant steps (POLISH_ITER) then take the
  // test to its rounding floor, so the parameter is located as closely as the test allows even
  // where the test varies slowly along the branch (a Hopf point whose pair crosses slowly).
  const polished = tol * POLISH_FACTOR;
  if (Math.abs(best.f) <= polished) return { trial: best.trial, converged: true };

  // Trial points so far; each new trial starts from a tangent prediction off the nearest one.
  const known: Trial[] = [endA, endB];
  const evaluate = (s: number): { trial: Trial; f: number } | null => {
    let near = known[0];
    for (const k of known) if (Math.abs(k.s - s) < Math.abs(near.s - s)) near = k;
    let along = 0;
    for (let i = 0; i < n1; i++) along += a.t[i] * near.t[i];
    const sigma = (s - near.s) / along;
    const z = near.z.map((v, i) => v + sigma * near.t[i]);
    const guess = Float64Array.from(z);
    const status = newton.solve(z, a.t, base + s, { tol: opts.newtonTol, maxIter: opts.newtonMaxIter + 4 });
    const t = new Float64Array(n1);
    const bp = status === 'converged' ? newton.tangent(z, a.t, t) : NaN;
    if (Number.isNaN(bp)) {
      // At a branch point itself the bordered matrix is singular to working precision: when the
      // interpolated point already solves the equations, that is the point (test value 0).
      if (!singularIsZero || (status !== 'singular' && status !== 'converged')) return null;
      const at = status === 'converged' ? z : guess;
      if (!(newton.residualNorm(at, a.t, base + s) <= opts.newtonTol)) return null;
      for (let i = 0; i < n1; i++) t[i] = a.t[i] + (s / (sb || 1)) * (b.t[i] - a.t[i]);
      const norm = Math.hypot(...t);
      for (let i = 0; i < n1; i++) t[i] /= norm;
      return { trial: { z: at, t, bp: 0, s }, f: 0 };
    }
    const trial = { z, t, bp, s };
    known.push(trial);
    const f = test(trial);
    return Number.isFinite(f) ? { trial, f } : null;
  };

  let s0 = 0;
  let f0 = fa;
  let s1 = sb;
  let f1 = fb;
  let side = 0;
  let polish = 0;
  for (let it = 0; it < MAX_LOCATE_ITER; it++) {
    let s = s1 - (f1 * (s1 - s0)) / (f1 - f0);
    const lo = Math.min(s0, s1);
    const hi = Math.max(s0, s1);
    if (!(s > lo && s < hi)) s = 0.5 * (s0 + s1);
    const r = evaluate(s);
    if (r === null) break;
    const improved = Math.abs(r.f) < Math.abs(best.f);
    if (improved) best = r;
    if (Math.abs(best.f) <= tol && (Math.abs(best.f) <= polished || !improved || ++polish > POLISH_ITER)) break;
    if (r.f < 0 === f1 < 0) {
      s1 = s;
      f1 = r.f;
      if (side === 1) f0 *= 0.5;
      side = 1;
    } else {
      s0 = s;
      f0 = r.f;
      if (side === -1) f1 *= 0.5;
      side = -1;
    }
    if (Math.abs(s1 - s0) <= 4 * Number.EPSILON * Math.max(Math.abs(s0), Math.abs(s1), Math.abs(sb))) break;
  }
  return { trial: best.trial, converged: Math.abs(best.f) <= tol };
}
