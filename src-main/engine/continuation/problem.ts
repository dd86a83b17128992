/**
 * What a continuation problem supplies to the generic core (corrector ./newton.ts, pseudo-arclength
 * ./palc.ts, bisection ./refine.ts, detection and location ./detect.ts, branch builder ./branch.ts).
 *
 * A problem is a system F(u) = 0 of N - 1 equations in N unknowns u (state plus free parameters),
 * whose solutions form a curve. Equilibria (./eq-problem.ts) have u = (x, lambda); fold and Hopf
 * curves (minimally augmented systems in two parameters) and periodic orbits by collocation are
 * further problems of the same shape. The core borders the Jacobian with one row (the tangent, or a
 * unit vector) to get a square system, so the problem supplies only F and dF/du, both exact.
 *
 * Special points are sign changes of test functions between consecutive points of the branch:
 * - the branch-point test det [[F_u], [t^T]] belongs to the core (every curve has it);
 * - scalar test functions of the problem, one value per point (e.g. the fold test t_lambda); a
 *   test that is not defined at a point (NaN there, e.g. the Lyapunov coefficient of a Hopf curve
 *   where it passes through neutral saddles) brackets nothing in an interval ending there;
 * - tracked test functions of the problem, defined for a pair of consecutive points (e.g. the real
 *   part of a complex eigenvalue pair followed from one point to the next: Hopf points);
 * - user points (kind 'UZ'): a chosen value of one unknown, located exactly on it.
 * Each is located by the core's secant locator along the branch, or by the problem's own locator
 * for that kind (`locate`), and checked by the problem (`accept`) before it is reported.
 */
import type { NewtonOptions, NewtonStatus } from './newton';

/** Tolerance of located test functions (absolute, in the test's units) unless a test says otherwise. */
export const LOCATE_TOL = 1e-10;

/**
 * Largest move of an unknown, relative to 1 + max |z|, since the last factorisation for which it
 * still counts as the factorisation at z: a hundredth of the corrector's tolerance. A corrector that
 * converged after a tiny last step leaves such a factorisation; the matrix there differs from the
 * one at z far less than z itself is accurate, so a problem may take the tangent, the branch-point
 * test or its data at z from it instead of factoring again (cycles take all three; equilibria only
 * the tangent and the test, and only where the matrix is well conditioned: ./newton.ts reuseNear).
 */
export const FACTORED_DRIFT = 1e-11;

/** Whether z lies within FACTORED_DRIFT (1 + max |z|) of `factored` in every unknown (never with a NaN). */
export function withinFactoredDrift(z: Float64Array, factored: Float64Array): boolean {
  let size = 0;
  let drift = 0;
  for (let i = 0; i < z.length; i++) {
    const zi = z[i];
    const a = zi < 0 ? -zi : zi;
    if (a > size) size = a;
    const d = zi - factored[i];
    const ad = d < 0 ? -d : d;
    // A NaN fails the test below through `drift`.
    if (!(ad <= drift)) drift = ad;
  }
  return drift <= FACTORED_DRIFT * (1 + size);
}

/** Smallest ratio of the LU pivots (in size) for which a dense factorisation may stand for a nearby one (see mayStandFor). */
export const WELL_CONDITIONED = 1e-3;

/**
 * For a problem that depends on u alone, whether a dense factorisation made at `factoredZ` with
 * last row `row` may stand for the one at z with last row c (where the corrector just converged):
 * z within FACTORED_DRIFT of factoredZ, the same row, and only while the bordered matrix is well
 * conditioned (its LU pivots within WELL_CONDITIONED of each other), so that the tangent and the
 * branch-point test it gives differ from the fresh ones by far less than the corrector's tolerance.
 * Near a branch point the matrix approaches singularity and the point is factored again.
 */
export function mayStandFor(z: Float64Array, c: Float64Array, factoredZ: Float64Array, row: Float64Array, lu: { pivotRatio(): number }): boolean {
  if (!withinFactoredDrift(z, factoredZ)) return false;
  for (let j = 0; j < c.length; j++) if (row[j] !== c[j]) return false;
  return lu.pivotRatio() >= WELL_CONDITIONED;
}

/** The constants of ./palc.ts's check that a corrected point lies on the branch it was predicted on. */
export interface SameBranchLimits {
  distFraction: number;
  cosMaxTurn: number;
  chordFraction: number;
  chordFloor: number;
}

/** What BorderedSystem.step and Corrector.step report. */
export interface StepOutcome {
  status: NewtonStatus | 'jump';
  bpTest: number;
}

/** A point of a branch: z = u (the unknowns), its unit tangent and the branch-point test value. */
export interface TracedPoint {
  z: Float64Array;
  t: Float64Array;
  /** Normalised determinant of [[F_u], [t^T]] (see Corrector.tangent). */
  bpTest: number;
  /** Newton iterations that produced the point. */
  iterations: number;
}

/** A scalar test function of a problem: one value per point (Problem.evaluateTests). */
export interface ScalarTest {
  /** The kind of special point a sign change between consecutive points means (e.g. 'LP'). */
  readonly kind: string;
  /** Step control: a test heading for zero changes by at most STEP_FRACTION * max(|f|, floor) per step. */
  readonly floor: number;
  /** Located to |f| <= tol. */
  readonly tol: number;
  /**
   * The test changes sign with the orientation of the tangent (e.g. t_lambda), so a sign change in
   * an interval that holds a located branch point is the branch point's, not a point of this kind.
   */
  readonly orientation?: boolean;
  /**
   * At the located point: numbers to report with it (e.g. normal-form coefficients), or null when
   * it is not a special point of this kind (e.g. a neutral saddle where a double Hopf test
   * vanishes). Absent: every located zero is reported, without numbers.
   */
  accept?(point: TracedPoint): Record<string, number> | null;
}

/**
 * A test function of one interval a -> b of the branch, followed from a to b (e.g. the real part of
 * one complex eigenvalue pair matched between the two ends). A sign change of fa, fb is a special
 * point of this kind, located on `value` and reported if `accept` agrees.
 */
export interface TrackedTest<D> {
  readonly kind: string;
  readonly fa: number;
  readonly fb: number;
  readonly floor: number;
  readonly tol: number;
  /** The test at a point on the branch between a and b; `fraction` in [0, 1] is its arclength fraction from a. */
  value(point: TracedPoint, data: D, fraction: number): number;
  /** At the located point: extra numbers to report (e.g. { omega }), or null when it is not a special point of this kind. */
  accept?(point: TracedPoint, data: D, fraction: number): Record<string, number> | null;
}

/** A special point found on an interval. */
export interface Located<D> {
  kind: string;
  /** Index of the interval's first point in the list given to the detector. */
  index: number;
  /** Arclength from that point along the interval (orders points within one interval). */
  s: number;
  z: Float64Array;
  /** The problem's data at the point (eigenvalues for equilibria); null without Problem.pointData. */
  data: D | null;
  converged: boolean;
  /** Numbers a test's accept returned (e.g. omega of a Hopf point). */
  info?: Record<string, number>;
}

/**
 * A problem's own locator for one kind of special point between the points a and b of the branch
 * (e.g. an extended system). Returns the located point on the branch, or null to let the core's
 * secant locator run on the test function.
 */
export type KindLocator = (a: TracedPoint, b: TracedPoint) => { z: Float64Array; converged: boolean } | null;

/** How a factorisation of the bordered matrix ended: factored, derivatives not finite, or singular. */
export type FactorStatus = 'ok' | 'notFinite' | 'singular';

/**
 * A problem's own solver of the bordered matrix [[F_u(u)], [c^T]] (N x N), for problems too large
 * for the corrector's dense LU (e.g. periodic orbits by collocation, thousands of unknowns with an
 * almost block diagonal structure). Allocation-free after construction.
 */
export interface BorderedSystem {
  /**
   * Assembles and factors the bordered matrix at u with last row c, and writes the residual
   * weights max(1, sum_j |dF_i/du_j u_j|) of the N - 1 equations and max(1, sum_j |c_j u_j|) of
   * the last row into weight (N entries; see Corrector.residualNorm).
   */
  factor(u: Float64Array, c: Float64Array, weight: Float64Array): FactorStatus;
  /** Solves with the last factorisation: out = M^-1 rhs (N entries; out and rhs different arrays). */
  solve(rhs: Float64Array, out: Float64Array): void;
  /**
   * Optional, for problems whose last row is cheap to replace: when the last factorisation was made
   * at exactly u, does what factor(u, c, weight) would, to the bit, keeping the factors of F_u; true
   * when done. False when it cannot (another u, or the new matrix is singular): factor then decides.
   */
  reborder?(u: Float64Array, c: Float64Array, weight: Float64Array): boolean;
  /**
   * Optional: right after a corrector converged at u with last row c, whether its last
   * factorisation (made within one tiny Newton update of u) may stand for the one at u, for the
   * tangent; false: factor decides.
   */
  reuseNear?(u: Float64Array, c: Float64Array): boolean;
  /**
   * Optional: the whole of Corrector.solve with a fresh factorisation at every iteration, to the
   * bit (for a problem without fullNewtonSteps), from z, left at the last iterate; the weights of
   * the last factorisation into `weight`, the iterations taken into `newtonIterations`.
   */
  newton?(z: Float64Array, c: Float64Array, target: number, opts: NewtonOptions, weight: Float64Array): NewtonStatus;
  readonly newtonIterations?: number;
  /**
   * Optional, with `newton`: a whole step of ./palc.ts's trace in one call, to the bit: the
   * prediction prev.z + h prev.t, `newton` from it with the row prev.t (not damped), and when that
   * converges Corrector.tangent after the corrector (into `t`, the branch-point test into
   * `out.bpTest`) and onSameBranch with `limits`. The point into `z`; `out.status` the corrector's
   * status, 'singular' for a tangent that fails, 'jump' for a point off the branch.
   */
  step?(
    prev: TracedPoint,
    h: number,
    opts: NewtonOptions,
    limits: SameBranchLimits,
    weight: Float64Array,
    z: Float64Array,
    t: Float64Array,
    out: StepOutcome,
  ): void;
  /**
   * The determinant of the last factored matrix times a positive factor the problem keeps fixed
   * between points it compares (so its sign and its changes along the branch mean what the
   * determinant's do; its size stays finite for thousands of unknowns).
   */
  det(): number;
}

/** A continuation problem: F(u) = 0, N - 1 equations in N unknowns. D: the data kept per point (e.g. eigenvalues). */
export interface ContinuationProblem<D = unknown> {
  /** N, the number of unknowns (state plus free parameters). */
  readonly dim: number;
  /** Index in u of the parameter the range bounds apply to and messages name. */
  readonly paramIndex: number;
  readonly paramName: string;
  /** out = F(u), N - 1 entries. */
  residual(u: Float64Array, out: Float64Array): void;
  /** out = dF/du at u, (N - 1) x N row-major (the first N - 1 rows of the bordered matrix). */
  jacobian(u: Float64Array, out: Float64Array): void;
  /**
   * The problem's own solver of the bordered matrix, made once per corrector; absent: the
   * corrector assembles `jacobian` into a dense N x N matrix and factors it by LU.
   */
  borderedSystem?(): BorderedSystem;
  /**
   * True when F and F_u depend on u alone, nothing being refreshed between calls (unlike the
   * borders of a curve problem): the dense corrector may then take a factorisation within
   * FACTORED_DRIFT of u as the one at u (for the tangent after a converged corrector).
   */
  readonly dependsOnUAlone?: boolean;
  /**
   * Newton iterations with a fresh factorisation; later iterations of the same solve reuse the last
   * one (chord steps: linear convergence, for problems whose factorisation dominates the cost).
   * Absent: every iteration factors.
   */
  readonly fullNewtonSteps?: number;
  /**
   * The branch-point rank check at a located zero of the branch-point test (see ../detect.ts
   * rankRatio): 0 where F_u loses rank, up to 1 where it is far from it. Absent: the smallest over
   * the largest singular value of the dense F_u.
   */
  rankRatio?(u: Float64Array, near: readonly Float64Array[]): number;
  /** Data kept with every point (eigenvalues for output and the stability checks). */
  pointData?(u: Float64Array): D;
  /** The scalar test functions, in the order evaluateTests writes them. */
  readonly tests: readonly ScalarTest[];
  /** out[i] = value of tests[i] at the point (out has tests.length entries). */
  evaluateTests?(point: TracedPoint, out: Float64Array): void;
  /** The tracked test functions of the interval a -> b (needs both ends' data); the caller leaves the list as it is. */
  trackedTests?(a: TracedPoint, da: D, b: TracedPoint, db: D): readonly TrackedTest<D>[];
  /** Locators of the problem's own, by kind (see KindLocator). */
  readonly locate?: Readonly<Record<string, KindLocator>>;
  /**
   * Accounting before detection: true when the interval can hide no special point the tests would
   * miss (e.g. the change of the unstable count is explained by the tests' sign changes). False
   * makes the core bisect the interval (./refine.ts); null: it cannot be judged (e.g. data not
   * finite), so it is not bisected and is reported unexplained. Absent: every interval is simple.
   */
  intervalExplained?(a: TracedPoint, da: D, b: TracedPoint, db: D): boolean | null;
  /**
   * Accounting after detection: true when the special points located in the interval explain the
   * change between its ends (e.g. of the unstable count); false marks the interval unexplained.
   */
  locatedExplain?(da: D, db: D, found: readonly { kind: string }[]): boolean;
}

/** A user point: the branch is located where unknown `index` equals `value` (kind 'UZ'). */
export interface UserPoint {
  index: number;
  value: number;
}
