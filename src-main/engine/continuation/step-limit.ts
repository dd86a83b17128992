/**
 * Step control of pseudo-arclength continuation (./palc.ts) by the test functions of a problem
 * (./problem.ts): its scalar tests, the core's branch-point test and its tracked tests.
 */
import type { Complex } from '@shared/continuation/types';
import { EQUILIBRIUM_TESTS, evaluateEquilibriumTests, hopfTests } from './eq-tests';
import type { ContinuationProblem, TracedPoint } from './problem';

/**
 * Step control by the test functions: a test function f heading for zero may change by at most
 * STEP_FRACTION * max(|f|, floor) in the next step, at the rate |f_b - f_a| / |z_b - z_a| of the last
 * step. Without it only the corrector sets the step, and an easy step can hold two zeros of a test
 * function (two Hopf points, two folds) that cancel in the sign test, the failure BifurcationKit's
 * manual warns of for large steps ("Detection of bifurcation points of Equilibria"). Bounding the
 * change of the monitored functions per step is the test-function analogue of the steplength
 * adaptation by error models in Allgower & Georg, "Numerical Continuation Methods" (1990), ch. 6.
 * Steps shrink geometrically while |f| falls to its floor, so a zero is crossed with a step of
 * about STEP_FRACTION * floor / rate, and once no test function limits it the step is the
 * corrector's again (so a crossing costs points only on its near side). A test function that turns
 * back just past zero (e.g. Re lambda = e - s^2) then has a point between its zeros, so both are
 * found, when its excursion e exceeds a small multiple of floor * STEP_FRACTION^2 (for Re lambda =
 * e - p^2 with the Hopf floor: every e >= 1e-5 of the pair's modulus in trials over random starts
 * and ranges). A test function moving away from zero, or that just crossed it, does not limit the
 * step.
 */
export const STEP_FRACTION = 0.5;
/** Branch points: relative to the largest |bpTest| met so far in the direction (the test has units of F^n). */
export const BP_FLOOR = 1e-3;

function headingLimit(fa: number, fb: number, floor: number, h: number): number {
  if (!(fb * (fb - fa) < 0)) return Infinity;
  return (STEP_FRACTION * Math.max(Math.abs(fb), floor) * h) / Math.abs(fb - fa);
}

/** The test functions of a problem, as stepLimit reads them. */
export type TestSource<D> = Pick<ContinuationProblem<D>, 'tests' | 'evaluateTests' | 'trackedTests'>;

/** Work arrays of stepLimit (one set per traced direction, so the step control allocates nothing itself). */
export interface StepLimitScratch {
  ta: Float64Array;
  tb: Float64Array;
}

export function stepLimitScratch<D>(tests: TestSource<D>): StepLimitScratch {
  return { ta: new Float64Array(tests.tests.length), tb: new Float64Array(tests.tests.length) };
}

/** |a - b|, the Euclidean distance of two points of a branch. */
export function distance(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i] - b[i]) ** 2;
  return Math.sqrt(d);
}

/**
 * The largest next step from b after the step a -> b (see STEP_FRACTION): the least over the
 * problem's scalar test functions (each with its floor), the branch-point test (floor BP_FLOOR *
 * bpScale) and, when both ends' data are given, the problem's tracked test functions of the
 * interval (for equilibria, the real part of every complex pair matched between a and b).
 * `chord` is |b - a| (given by a caller that has it). Infinity: no limit.
 */
export function stepLimit<D>(
  source: TestSource<D>,
  a: TracedPoint,
  da: D | null,
  b: TracedPoint,
  db: D | null,
  bpScale: number,
  scratch: StepLimitScratch = stepLimitScratch(source),
  chord: number = distance(a.z, b.z),
): number {
  const h = chord;
  if (!(h > 0)) return Infinity;
  let limit = Infinity;
  const { ta, tb } = scratch;
  if (source.evaluateTests !== undefined) {
    source.evaluateTests(a, ta);
    source.evaluateTests(b, tb);
    for (let i = 0; i < source.tests.length; i++) limit = Math.min(limit, headingLimit(ta[i], tb[i], source.tests[i].floor, h));
  }
  limit = Math.min(limit, headingLimit(a.bpTest, b.bpTest, BP_FLOOR * bpScale, h));
  if (da !== null && db !== null && source.trackedTests !== undefined) {
    const tracked = source.trackedTests(a, da, b, db);
    for (let i = 0; i < tracked.length; i++) limit = Math.min(limit, headingLimit(tracked[i].fa, tracked[i].fb, tracked[i].floor, h));
  }
  return limit;
}

const EQUILIBRIUM_SOURCE: TestSource<Complex[]> = { tests: EQUILIBRIUM_TESTS, evaluateTests: evaluateEquilibriumTests, trackedTests: hopfTests };

/**
 * stepLimit for equilibria (z = (x, lambda)): the fold test t_lambda, the branch-point test and,
 * when both eigenvalue lists are given, the real part of every complex pair matched between a and b.
 */
export function testFunctionStepLimit(a: TracedPoint, eigsA: Complex[] | null, b: TracedPoint, eigsB: Complex[] | null, bpScale: number): number {
  return stepLimit(EQUILIBRIUM_SOURCE, a, eigsA, b, eigsB, bpScale);
}
