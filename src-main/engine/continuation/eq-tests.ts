/**
 * The test functions and stability accounting of equilibrium branches (the equilibrium problem's
 * part of detection; the generic detector is ./detect.ts). Test functions (Kuznetsov, Elements of
 * Applied Bifurcation Theory, 3rd ed., section 10.2; Doedel's AUTO notes):
 *
 * - LP (fold): the lambda-component of the unit tangent (a scalar test, changes sign with the
 *   tangent's orientation, so a sign change beside a located branch point is the branch point's).
 * - HB (Hopf): the complex pairs of the two ends of an interval are matched by continuity (nearest
 *   in the complex plane, ./stability.ts matchComplexPairs); a matched pair whose real part changes
 *   sign has crossed the imaginary axis, so the number of unstable complex eigenvalues changes by 2.
 *   It is located on the real part of that pair, followed through the interval as the eigenvalue
 *   nearest to its linear interpolation between the ends, to |Re| < LOCATE_TOL; the point is
 *   reported only if that pair is +-i omega there with omega > 0. Each crossing pair is found on
 *   its own, so a stable, weakly damped pair nearer the axis does not hide it, and two crossings
 *   (or a crossing and a neutral saddle) in one interval are not lost. A neutral saddle (a real
 *   pair lambda, -lambda, where the bialternate product prod_{i<j} (lambda_i + lambda_j) also
 *   vanishes; Kuznetsov section 10.2.2) moves no complex pair across the axis: it is not a
 *   bifurcation of the equilibrium and is not reported, only counted.
 * - BP (branch point) is the core's test (./detect.ts).
 *
 * The accounting: before detection, intervalExplained (bisected by ./refine.ts until true); after
 * it, countChangeExplained (intervals it refuses are reported as unexplained, never silently).
 */
import type { Complex } from '@shared/continuation/types';
import { LOCATE_TOL, type ScalarTest, type TracedPoint, type TrackedTest } from './problem';
import { hopfTestSign, matchComplexPairs, nearestUpper, spectrumCounts } from './stability';

/** Step-control floors: Hopf, relative to the modulus of the pair; fold, of t_lambda (a direction cosine). */
export const HOPF_FLOOR = 1e-4;
export const FOLD_FLOOR = 1e-3;

/** The scalar test functions of equilibria: the fold test t_lambda. */
export const EQUILIBRIUM_TESTS: readonly ScalarTest[] = [{ kind: 'LP', floor: FOLD_FLOOR, tol: LOCATE_TOL, orientation: true }];

/** out[0] = t_lambda, the last entry of the unit tangent (z = (x, lambda)). */
export function evaluateEquilibriumTests(point: TracedPoint, out: Float64Array): void {
  out[0] = point.t[point.t.length - 1];
}

/**
 * The Hopf tests last made for an interval, by the eigenvalue list of its first end: the step
 * control makes them while tracing and the detection asks again for the same two lists (lists are
 * never changed once made; the tests hold nothing else).
 */
const madeTests = new WeakMap<readonly Complex[], { eb: readonly Complex[]; tests: HopfTest[] }>();

/** One Hopf test per complex pair matched between the ends of the interval (see the file comment); the list is kept, not to be changed. */
export function hopfTests(_a: TracedPoint, ea: readonly Complex[], _b: TracedPoint, eb: readonly Complex[]): readonly TrackedTest<Complex[]>[] {
  const known = madeTests.get(ea);
  if (known !== undefined && known.eb === eb) return known.tests;
  const pairs = matchComplexPairs(ea, eb);
  const tests: HopfTest[] = [];
  for (let i = 0; i < pairs.length; i++) tests.push(new HopfTest(pairs[i][0], pairs[i][1]));
  madeTests.set(ea, { eb, tests });
  return tests;
}

/**
 * The Hopf test of one matched pair ea (at a) -> eb (at b): its real part, followed through the
 * interval as the upper eigenvalue nearest to the pair's linear interpolation in the arclength.
 * A class, so that the tests made at every step share their methods (no closures per pair).
 */
class HopfTest implements TrackedTest<Complex[]> {
  readonly kind: 'HB';
  readonly fa: number;
  readonly fb: number;
  readonly floor: number;
  readonly tol: number;
  // Fields set in the constructor alone (no initializer function to call at every step).
  constructor(
    private readonly ea: Complex,
    private readonly eb: Complex,
  ) {
    this.kind = 'HB';
    this.tol = LOCATE_TOL;
    this.fa = ea[0];
    this.fb = eb[0];
    this.floor = HOPF_FLOOR * Math.hypot(eb[0], eb[1]);
  }

  private tracked(eigs: readonly Complex[], u: number): Complex | null {
    const { ea, eb } = this;
    return nearestUpper(eigs, [ea[0] + u * (eb[0] - ea[0]), ea[1] + u * (eb[1] - ea[1])]);
  }

  value(_point: TracedPoint, eigs: Complex[], u: number): number {
    return this.tracked(eigs, u)?.[0] ?? NaN;
  }

  /** { omega } when the pair is +-i omega at the located point with omega > 0, else null (not a Hopf point). */
  accept(_point: TracedPoint, ev: Complex[], u: number): Record<string, number> | null {
    const pair = this.tracked(ev, u);
    const scale = Math.max(1, ...ev.map(([re, im]) => Math.hypot(re, im)));
    if (pair === null || !(pair[1] > 1e-8 * scale) || !(Math.abs(pair[0]) < 1e-6 * scale)) return null;
    return { omega: pair[1] };
  }
}

/** The number of eigenvalues with positive real part. */
function unstableCount(eigs: readonly Complex[]): number {
  let c = 0;
  for (let i = 0; i < eigs.length; i++) if (eigs[i][0] > 0) c++;
  return c;
}

/**
 * Whether the special points found in an interval can account for the change of the unstable
 * count between its ends: each Hopf point moves it by 2, each fold or branch point by 1.
 */
export function countChangeExplained(ea: readonly Complex[], eb: readonly Complex[], found: readonly { kind: string }[]): boolean {
  const du = Math.abs(unstableCount(eb) - unstableCount(ea));
  let hopf = 0;
  for (let i = 0; i < found.length; i++) if (found[i].kind === 'HB') hopf++;
  const real = found.length - hopf;
  return du <= 2 * hopf + real && (du - real) % 2 === 0;
}

/**
 * Whether an interval passed a neutral saddle: the bialternate product changes sign when an odd
 * number of eigenvalue pairs sum through zero, and a parity the crossing complex pairs (`crossings`)
 * do not explain is a neutral saddle.
 */
export function passesNeutralSaddle(ea: readonly Complex[], eb: readonly Complex[], crossings: number): boolean {
  return (hopfTestSign(ea) !== hopfTestSign(eb)) !== (crossings % 2 === 1);
}

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
 * Eigenvalues that are not finite explain nothing and cannot be bisected (null). See ./refine.ts
 * for why this suffices.
 */
export function intervalExplained(a: TracedPoint, ea: readonly Complex[], b: TracedPoint, eb: readonly Complex[]): boolean | null {
  const n = a.z.length - 1;
  const ca = spectrumCounts(ea);
  const cb = spectrumCounts(eb);
  if (!ca.finite || !cb.finite) return null;
  const fold = a.t[n] < 0 !== b.t[n] < 0;
  const bp = Number.isFinite(a.bpTest) && Number.isFinite(b.bpTest) && a.bpTest < 0 !== b.bpTest < 0;
  const events = fold || bp ? 1 : 0;
  if (ca.pairs !== cb.pairs) {
    return events === 0 && ca.unstableReal + ca.unstableComplex === cb.unstableReal + cb.unstableComplex && hopfTestSign(ea) === hopfTestSign(eb);
  }
  if (Math.abs(cb.unstableReal - ca.unstableReal) !== events) return false;
  return events === 0 || ca.realSumSign === cb.realSumSign;
}
