/**
 * Detection and location of special points on a traced branch of any problem (./problem.ts): test
 * functions evaluated at consecutive points; a sign change brackets a special point, which is then
 * located along the branch by the problem's own locator for its kind, or by the Illinois variant of
 * regula falsi (Dowell & Jarratt 1971) in the arclength s of the interval, each trial point
 * corrected onto the branch by Newton (./newton.ts). Kinds:
 *
 * - BP (branch point, every problem): det [[F_u], [t^T]], which vanishes where F_u loses rank and,
 *   unlike a determinant of the state block, does not change sign at a fold; located to
 *   |test| < LOCATE_TOL times its size at the ends of the interval (it has the units of F^(N-1)).
 *   The test also changes sign where the orientation of the tangent flips without a singular
 *   point; so a located zero is reported only where F_u is rank-deficient: its smallest singular
 *   value at most BP_RANK_TOL times its largest (Kuznetsov, Elements of Applied Bifurcation Theory,
 *   3rd ed., section 10.2.1: a branch point is where that matrix loses rank).
 * - The problem's scalar tests (for equilibria the fold LP, ./eq-tests.ts), located to the test's
 *   tol; a test that changes sign with the tangent's orientation is not reported in an interval
 *   that holds a branch point; a test not finite at either end brackets nothing; a located zero
 *   is reported only when the test's accept (if any) agrees, with the numbers it returns.
 * - The problem's tracked tests (for equilibria the Hopf points HB), located on the test's value
 *   and reported only when the test's accept agrees at the located point.
 * - UZ (user points): unknown `index` crosses `value`; located by Newton with that unknown fixed,
 *   so the point lies exactly at the value. A point exactly at the value ends one interval and is
 *   reported once.
 *
 * A special point records whether its location converged. Intervals whose change the located
 * points do not account for (the problem's locatedExplain; user points do not count) are returned
 * as `unexplained` (never silently).
 */
import type { Complex, SpecialKind } from '@shared/continuation/types';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { passesNeutralSaddle } from './eq-tests';
import type { Corrector } from './newton';
import { pointAt } from './palc';
import { LOCATE_TOL, type Located, type TracedPoint, type UserPoint } from './problem';
import { matchComplexPairs } from './stability';
import { distance } from './step-limit';

export { LOCATE_TOL } from './problem';

export interface DetectOptions {
  newtonTol: number;
  newtonMaxIter: number;
  /** Values of unknowns to locate as user points (kind 'UZ'). */
  userPoints?: readonly UserPoint[];
  /** Locate branch points (default true); a caller that does not report them skips the work. */
  branchPoints?: boolean;
}

/** A located branch point is reported only where sigma_min / sigma_max of F_u is at most this. */
export const BP_RANK_TOL = 1e-6;
const MAX_LOCATE_ITER = 60;
/** After convergence: at most this many more secant steps, aiming at |test| <= tol * POLISH_FACTOR. */
const POLISH_ITER = 4;
const POLISH_FACTOR = 1e-5;

interface Trial extends TracedPoint {
  s: number;
}

/**
 * Special points between consecutive `points` (in order along the branch; `data[i]` the problem's
 * data at points[i], or null without it, which skips the tracked tests and the accounting).
 */
export function detectEvents<D>(
  newton: Corrector<D>,
  points: readonly TracedPoint[],
  data: readonly (D | null)[],
  opts: DetectOptions,
): { special: Located<D>[]; unexplained: number[] } {
  const problem = newton.problem;
  const dataAt = (z: Float64Array): D | null => (problem.pointData === undefined ? null : problem.pointData(z));
  const nt = problem.tests.length;
  const ta = new Float64Array(nt);
  const tb = new Float64Array(nt);
  const tt = new Float64Array(nt);
  const special: Located<D>[] = [];
  const unexplained: number[] = [];
  const fromLocator = (kind: string, k: number, a: TracedPoint, b: TracedPoint): Located<D> | null => {
    const own = problem.locate?.[kind]?.(a, b);
    if (own === undefined || own === null) return null;
    return { kind, index: k, s: arcTo(a, own.z), z: own.z, data: dataAt(own.z), converged: own.converged };
  };
  const userPoints = opts.userPoints ?? [];
  // Plain loops over the intervals below (no spreads or copies where nothing was found): this runs
  // once per interval of every branch, on a first trace in V8's interpreter.
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    const da = data[k];
    const db = data[k + 1];
    const found: Located<D>[] = [];
    const bpChange = opts.branchPoints !== false && Number.isFinite(a.bpTest) && Number.isFinite(b.bpTest) && a.bpTest < 0 !== b.bpTest < 0;
    let bpFound = false;
    if (bpChange) {
      const scale = Math.max(Math.abs(a.bpTest), Math.abs(b.bpTest));
      const r = locate(newton, a, b, a.bpTest, b.bpTest, (tr) => tr.bpTest, LOCATE_TOL * scale, opts, true);
      const ratio = problem.rankRatio !== undefined ? problem.rankRatio(r.trial.z, [a.z, b.z]) : rankRatio(newton, r.trial.z, [a.z, b.z]);
      if (ratio <= BP_RANK_TOL) {
        bpFound = true;
        found.push({ kind: 'BP', index: k, s: r.trial.s, z: r.trial.z, data: dataAt(r.trial.z), converged: r.converged });
      }
    }
    if (nt > 0 && problem.evaluateTests !== undefined) {
      problem.evaluateTests(a, ta);
      problem.evaluateTests(b, tb);
      for (let i = 0; i < nt; i++) {
        const test = problem.tests[i];
        if ((bpFound && test.orientation === true) || !(Number.isFinite(ta[i]) && Number.isFinite(tb[i])) || ta[i] < 0 === tb[i] < 0) continue;
        const own = fromLocator(test.kind, k, a, b);
        if (own !== null) {
          found.push(own);
          continue;
        }
        const value = (tr: Trial): number => {
          problem.evaluateTests!(tr, tt);
          return tt[i];
        };
        const r = locate(newton, a, b, ta[i], tb[i], value, test.tol, opts);
        const info = test.accept === undefined ? undefined : test.accept(r.trial);
        if (info === null) continue;
        found.push({
          kind: test.kind,
          index: k,
          s: r.trial.s,
          z: r.trial.z,
          data: dataAt(r.trial.z),
          converged: r.converged,
          ...(info === undefined ? {} : { info }),
        });
      }
    }
    if (da !== null && db !== null && problem.trackedTests !== undefined) {
      const tracked = problem.trackedTests(a, da, b, db);
      // The interval's arclength, measured only for a test that changes sign in it.
      let sb = NaN;
      const fraction = (s: number) => (sb === 0 ? 0 : s / sb);
      for (let ti = 0; ti < tracked.length; ti++) {
        const f = tracked[ti];
        if (f.fa < 0 === f.fb < 0) continue;
        if (Number.isNaN(sb)) sb = arclength(a, b);
        const own = fromLocator(f.kind, k, a, b);
        if (own !== null) {
          found.push(own);
          continue;
        }
        const r = locate(newton, a, b, f.fa, f.fb, (tr) => f.value(tr, dataAt(tr.z) as D, fraction(tr.s)), f.tol, opts);
        const d = dataAt(r.trial.z) as D;
        const info = f.accept === undefined ? {} : f.accept(r.trial, d, fraction(r.trial.s));
        if (info === null) continue;
        found.push({ kind: f.kind, index: k, s: r.trial.s, z: r.trial.z, data: d, converged: r.converged, ...(f.accept === undefined ? {} : { info }) });
      }
    }
    const events = found.length;
    for (let u = 0; u < userPoints.length; u++) {
      const uz = userPoint(newton, a, b, userPoints[u], opts);
      if (uz !== null) found.push({ kind: 'UZ', index: k, s: uz.s, z: uz.z, data: dataAt(uz.z), converged: uz.converged });
    }
    const located = found.length === events ? found : found.slice(0, events);
    if (da !== null && db !== null && problem.locatedExplain !== undefined && !problem.locatedExplain(da, db, located)) unexplained.push(k);
    if (found.length > 1) found.sort((x, y) => x.s - y.s);
    for (let i = 0; i < found.length; i++) special.push(found[i]);
  }
  return { special, unexplained };
}

/**
 * The user point `up` in the interval a -> b: where z[index] - value goes from one sign to zero or
 * the other sign (a point exactly at the value closes the interval it ends). Newton with the
 * unknown fixed (./palc.ts pointAt), accepted when it lies on the arc from a to b (no further than
 * the chord from either end); otherwise the secant locator on z[index] - value (converged only if
 * it gets within LOCATE_TOL of the value, relative to max(1, |value|)).
 */
function userPoint<D>(
  newton: Corrector<D>,
  a: TracedPoint,
  b: TracedPoint,
  up: UserPoint,
  opts: DetectOptions,
): { z: Float64Array; s: number; converged: boolean } | null {
  const fa = a.z[up.index] - up.value;
  const fb = b.z[up.index] - up.value;
  if (!((fa > 0 && fb <= 0) || (fa < 0 && fb >= 0))) return null;
  if (fb === 0) return { z: b.z, s: arclength(a, b), converged: true };
  const p = pointAt(newton, a, b, up.index, up.value, opts);
  // Accepted only on the arc between a and b: within the chord's length of both ends.
  if (p !== null && distance(p.z, a.z) <= distance(a.z, b.z) && distance(p.z, b.z) <= distance(a.z, b.z)) {
    return { z: p.z, s: arcTo(a, p.z), converged: true };
  }
  const tol = LOCATE_TOL * Math.max(1, Math.abs(up.value));
  const r = locate(newton, a, b, fa, fb, (tr) => tr.z[up.index] - up.value, tol, opts);
  return { z: r.trial.z, s: r.trial.s, converged: r.converged };
}

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

/**
 * Special points of an equilibrium branch between consecutive `points` (`eigs[i]` the eigenvalues
 * at points[i]): detectEvents in the shape equilibrium callers read. Also returns how many neutral
 * saddles were passed (not reported; ./eq-tests.ts).
 */
export function detectSpecialPoints(
  newton: Corrector<Complex[]>,
  points: readonly TracedPoint[],
  eigs: readonly Complex[][],
  opts: DetectOptions,
): { special: LocatedPoint[]; neutralSaddles: number; unexplained: number[] } {
  const det = detectEvents(newton, points, eigs, opts);
  let neutralSaddles = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    const crossings = matchComplexPairs(eigs[k], eigs[k + 1]).filter(([ea, eb]) => ea[0] < 0 !== eb[0] < 0).length;
    if (passesNeutralSaddle(eigs[k], eigs[k + 1], crossings)) neutralSaddles++;
  }
  const special = det.special.map((l) => toLocatedPoint(l));
  return { special, neutralSaddles, unexplained: det.unexplained };
}

/** A located point of an equilibrium branch in the shape of LocatedPoint. */
export function toLocatedPoint(l: Located<Complex[]>): LocatedPoint {
  const out: LocatedPoint = { type: l.kind as SpecialKind, index: l.index, s: l.s, z: l.z, eigenvalues: l.data ?? [], converged: l.converged };
  if (l.info?.omega !== undefined) out.omega = l.info.omega;
  return out;
}

/**
 * sigma_min of the (N-1) x N matrix F_u at z over its largest singular value at z and at the
 * points `near` (the ends of the interval: where the whole matrix vanishes at a branch point, as
 * for N = 2, the ratio at z alone says nothing). 0 at a branch point, where the matrix loses rank;
 * NaN when its entries are not finite.
 */
export function rankRatio<D>(newton: Corrector<D>, z: Float64Array, near: readonly Float64Array[]): number {
  const at = singularValues(newton, z);
  let max = at.max;
  for (const y of near) max = Math.max(max, singularValues(newton, y).max);
  return max > 0 ? at.min / max : 0;
}

function singularValues<D>(newton: Corrector<D>, z: Float64Array): { min: number; max: number } {
  const n1 = newton.dim;
  const n = n1 - 1;
  const jac = new Float64Array(n * n1);
  newton.problem.jacobian(z, jac);
  for (let i = 0; i < jac.length; i++) if (!Number.isFinite(jac[i])) return { min: NaN, max: NaN };
  // The transpose, N x (N-1), so the decomposition sees a tall matrix.
  const m = new Matrix(n1, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n1; j++) m.set(j, i, jac[i * n1 + j]);
  const sv = new SingularValueDecomposition(m, { computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal;
  return { min: Math.min(...sv), max: Math.max(...sv) };
}

/** The arclength coordinate of z seen from a: t_a . (z - z_a). */
function arcTo(a: TracedPoint, z: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.t.length; i++) s += a.t[i] * (z[i] - a.z[i]);
  return s;
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
function locate<D>(
  newton: Corrector<D>,
  a: TracedPoint,
  b: TracedPoint,
  fa: number,
  fb: number,
  test: (trial: Trial) => number,
  tol: number,
  opts: DetectOptions,
  singularIsZero = false,
): { trial: Trial; converged: boolean } {
  const n1 = newton.dim;
  const sb = arclength(a, b);
  let base = 0;
  for (let i = 0; i < n1; i++) base += a.t[i] * a.z[i];
  const endA: Trial = { z: a.z, t: a.t, bpTest: a.bpTest, iterations: a.iterations, s: 0 };
  const endB: Trial = { z: b.z, t: b.t, bpTest: b.bpTest, iterations: b.iterations, s: sb };
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
      return { trial: { z: at, t, bpTest: 0, iterations: newton.lastIterations, s }, f: 0 };
    }
    const trial: Trial = { z, t, bpTest: bp, iterations: newton.lastIterations, s };
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
