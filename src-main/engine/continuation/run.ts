/**
 * The entry point of equilibrium continuation, used by the worker and the CLI:
 *
 *   start equilibrium (./start.ts) -> the generic branch builder (./branch.ts) on the equilibrium
 *   problem (./eq-problem.ts): both directions of pseudo-arclength continuation with eigenvalues
 *   at every point, special points and user points (`at`) -> stability (./stability.ts) and the
 *   first Lyapunov coefficient at Hopf points (./lyapunov.ts) -> one Branch along the curve.
 *
 * Numerical trouble is data (status, message, BranchEnd reasons); an invalid request (see
 * @shared/continuation/validate) is a caller's bug and throws ContinuationRequestError.
 */
import type {
  Branch,
  BranchEnd,
  BranchPoint,
  Complex,
  ContinuationRequest,
  ContinuationResult,
  ContinuationSettings,
  SpecialKind,
  SpecialPoint,
} from '@shared/continuation/types';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { validateContinuation } from '@shared/continuation/validate';
import type { FieldIssue } from '@shared/simulation/types';
import type { CompiledModel } from '../compiled-model';
import { traceBranch, type BranchEntry } from './branch';
import { toLocatedPoint, type LocatedPoint } from './detect';
import { eqProblem, stateJacobian } from './eq-problem';
import { firstLyapunovCoefficient } from './lyapunov';
import { BorderedNewton } from './newton';
import { fmt } from './palc';
import { isStable } from './stability';
import { findEquilibrium, startHow, startPoint } from './start';
import { clockMs } from '../clock';

export interface ContinuationRunHooks {
  /** Points so far, parameter value reached, rough fraction of the range covered (0..1). At most every ~20 ms. */
  onProgress?(info: { points: number; p: number; fraction: number }): void;
  /** Polled before every continuation step; true ends the trace with status 'cancelled'. */
  isCancelled?(): boolean;
  /** The branch so far (no special points yet), at most every ~100 ms, for streaming. */
  onPartial?(branch: Branch): void;
}

/** Options of the engine itself, not of the request (tests use them). */
export interface ContinuationEngineOptions {
  /**
   * Limit each step by the change of the test functions (palc.ts, testFunctionStepLimit); default
   * true. Off, only the corrector controls the step: kept to test the detector on coarse intervals.
   */
  testFunctionStepControl?: boolean;
}

/** Thrown by runContinuation for a request that validateContinuation refuses. */
export class ContinuationRequestError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`Invalid continuation request: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'ContinuationRequestError';
  }
}

const PROGRESS_MS = 20;
/** With dsMax left at its default, the largest step is the range width over this (see largestStep). */
export const STEPS_PER_RANGE = 200;
const PARTIAL_MS = 100;

/** A point of the branch with its eigenvalues. */
type Entry = BranchEntry<Complex[]>;

const own = (r: Record<string, number>, k: string): boolean => Object.prototype.hasOwnProperty.call(r, k);

/** Traces the steady-state branch of `req.param` over `req.bounds` from the steady state at the request's values. */
export function runContinuation(
  model: CompiledModel,
  req: ContinuationRequest,
  hooks: ContinuationRunHooks = {},
  engine: ContinuationEngineOptions = {},
): ContinuationResult {
  const t0 = clockMs();
  const issues = validateContinuation(req, model.def);
  if (issues.length > 0) throw new ContinuationRequestError(issues);
  const def = model.def;
  const settings: ContinuationSettings = { ...DEFAULT_CONTINUATION, ...req.settings };
  const p = [
    ...def.params.map((q) => (own(req.params, q.name) ? req.params[q.name] : q.default)),
    ...def.inputs.map((q) => (own(req.inputs, q.name) ? req.inputs[q.name] : q.default)),
  ];
  const k = model.paramNames.indexOf(req.param);
  const x0 = def.states.map((s) => (own(req.initial, s.name) ? req.initial[s.name] : s.initial));
  const prob = eqProblem(model, p, k);
  const newton = new BorderedNewton(prob);
  const n = prob.n;
  const stats = { points: 0, newtonIterations: 0, rejectedSteps: 0, wallMs: 0 };
  const finish = (r: Omit<ContinuationResult, 'stats'>): ContinuationResult => {
    stats.newtonIterations = newton.totalIterations;
    stats.wallMs = clockMs() - t0;
    return { ...r, stats };
  };

  const anchor = [...def.params, ...def.inputs].find((q) => q.name === req.param)?.default;
  const found = findEquilibrium(newton, x0, p[k], settings, hooks, anchor);
  if (found.status !== 'ok') {
    const cancelled = hooks.isCancelled?.() === true;
    return finish({ status: cancelled ? 'cancelled' : 'noEquilibrium', message: found.message, branch: null });
  }
  const start = startPoint(newton, found.z);
  if (start === null) {
    return finish({
      status: 'noEquilibrium',
      message: `The steady state at ${req.param} = ${fmt(p[k])} is degenerate (its linearisation is singular in every direction), so no branch can be traced from it; start from a slightly different value of ${req.param}.`,
      branch: null,
    });
  }

  const [lo, hi] = req.bounds;
  let pMin = p[k];
  let pMax = p[k];
  let lastProgress = clockMs();
  let lastPartial = lastProgress;
  const pending: BranchEnd = { reason: 'cancelled', message: 'not traced yet' };
  const onPoint = (entry: Entry, lists: { backward: readonly Entry[]; start: Entry; forward: readonly Entry[] }) => {
    const lambda = entry.traced.z[n];
    pMin = Math.min(pMin, lambda);
    pMax = Math.max(pMax, lambda);
    const now = clockMs();
    if (hooks.onProgress !== undefined && now - lastProgress >= PROGRESS_MS) {
      lastProgress = now;
      hooks.onProgress({ points: 1 + lists.forward.length + lists.backward.length, p: lambda, fraction: Math.min(1, (pMax - pMin) / (hi - lo)) });
    }
    if (hooks.onPartial !== undefined && now - lastPartial >= PARTIAL_MS) {
      lastPartial = now;
      hooks.onPartial(assemble(req.param, model.stateNames, lists.backward, lists.start, lists.forward, [], [pending, pending]));
    }
  };
  const userPoints = (req.at ?? []).map((value) => ({ index: n, value }));
  const opts = {
    ...settings,
    dsMax: largestStep(settings, req.bounds),
    bounds: req.bounds,
    testFunctionStepControl: engine.testFunctionStepControl,
    userPoints,
  };
  // Without progress hooks nothing is done per point (a first trace runs this in V8's interpreter).
  const watched = hooks.onProgress !== undefined || hooks.onPartial !== undefined;
  const traced = traceBranch(newton, start, opts, { isCancelled: hooks.isCancelled, onPoint: watched ? onPoint : undefined });
  stats.rejectedSteps = traced.rejectedSteps;
  const { backward, forward, unexplained } = traced;
  const startA = traced.start;
  const counts: Record<SpecialKind, number> = { HB: 0, LP: 0, BP: 0, UZ: 0 };
  const specials = traced.special.map(({ located, index }) =>
    describe(model, prob.p, k, req.param, toLocatedPoint(located), index, ++counts[located.kind as SpecialKind]),
  );

  const ends = traced.ends;
  const branch = assemble(req.param, model.stateNames, backward, startA, forward, specials, ends);
  stats.points = branch.points.length;
  hooks.onProgress?.({ points: branch.points.length, p: branch.points[branch.points.length - 1].p, fraction: 1 });
  const cancelled = ends.some((e) => e.reason === 'cancelled');
  const via = startHow(found);
  const note = found.note === undefined ? '' : ` ${found.note}`;
  const message = cancelled
    ? `Cancelled after ${branch.points.length} points.`
    : `Traced ${branch.points.length} points from the steady state at ${req.param} = ${fmt(p[k])}${via}; ` +
      `${specials.length === 0 ? 'no special points' : specials.map((s) => `${s.label} at ${req.param} = ${fmt(s.p)}`).join(', ')}. ` +
      `Ends: ${ends[0].message}; ${ends[1].message}.` +
      unexplainedNote(req.param, unexplained) +
      note;
  return finish({ status: cancelled ? 'cancelled' : 'ok', message, branch });
}

/** Warns of stability changes no special point explains (palc.ts DirectionResult.unexplained); '' when there are none. */
function unexplainedNote(name: string, intervals: number[][]): string {
  if (intervals.length === 0) return '';
  const where = intervals.map(([a, b]) => `between ${name} = ${fmt(a)} and ${fmt(b)}`).join(', ');
  return ` Warning: the number of unstable eigenvalues changes ${where} without a located fold, branch or Hopf point (the steady state may be degenerate there, e.g. a Bogdanov–Takens point); check that stretch with a narrower range.`;
}

/**
 * The largest arclength step the trace uses. A dsMax the user set is an absolute cap, used as
 * given. Left at its default (DEFAULT_CONTINUATION.dsMax), the cap is relative to the range:
 * (hi - lo) / STEPS_PER_RANGE (never below dsMin), so a range in physical units (eta in
 * [-100, 200] pA) does not need thousands of points and a narrow one (g in [0, 3]) still gets a
 * smooth curve of a few hundred points.
 */
export function largestStep(settings: ContinuationSettings, bounds: readonly [number, number]): number {
  if (settings.dsMax !== DEFAULT_CONTINUATION.dsMax) return settings.dsMax;
  return Math.max((bounds[1] - bounds[0]) / STEPS_PER_RANGE, settings.dsMin);
}

function toBranchPoint(a: Entry, n: number): BranchPoint {
  const eigenvalues = a.data ?? [];
  const z = a.traced.z;
  // A plain loop (Array.from of a view runs the iterator protocol, in V8's interpreter on a first trace).
  const x: number[] = [];
  for (let i = 0; i < n; i++) x.push(z[i]);
  return { p: z[n], x, stable: isStable(eigenvalues), eigenvalues };
}

function assemble(
  param: string,
  stateNames: readonly string[],
  backward: readonly Entry[],
  start: Entry,
  forward: readonly Entry[],
  special: SpecialPoint[],
  ends: [BranchEnd, BranchEnd],
): Branch {
  const n = stateNames.length;
  const points: BranchPoint[] = [];
  for (let i = backward.length - 1; i >= 0; i--) points.push(toBranchPoint(backward[i], n));
  points.push(toBranchPoint(start, n));
  for (let i = 0; i < forward.length; i++) points.push(toBranchPoint(forward[i], n));
  return { param, stateNames: [...stateNames], points, special, ends, startIndex: backward.length };
}

function describe(model: CompiledModel, params: Float64Array, k: number, name: string, located: LocatedPoint, index: number, count: number): SpecialPoint {
  const n = model.stateNames.length;
  const z = located.z;
  const x = Array.from(z.subarray(0, n));
  const base = { type: located.type, label: `${located.type}${count}`, index, p: z[n], x, eigenvalues: located.eigenvalues, converged: located.converged };
  const at = `${name} = ${fmt(z[n])}`;
  if (located.type === 'UZ') {
    return { ...base, description: `User point at ${at}: the steady state at the value asked for.` };
  }
  if (located.type === 'LP') {
    return {
      ...base,
      description: `Fold (saddle-node) at ${at}: the branch turns back; two steady states meet and disappear here, so the system jumps to another state when ${name} is moved past it (hysteresis).`,
    };
  }
  if (located.type === 'BP') {
    return {
      ...base,
      description: `Branch point at ${at}: another branch of steady states crosses this one here (e.g. a pitchfork or transcritical bifurcation); that branch is not traced.`,
    };
  }
  const omega = located.omega as number;
  const period = (2 * Math.PI) / omega;
  const p = Float64Array.from(params);
  p[k] = z[n];
  const jac = new Float64Array(n * n);
  stateJacobian(model, k, z, p, jac);
  const { l1, criticality } = firstLyapunovCoefficient(model, z.subarray(0, n), p, jac, omega);
  const pair = `eigenvalues ±${fmt(omega)}i cross the imaginary axis`;
  const description =
    criticality === 'supercritical'
      ? `Supercritical Hopf bifurcation at ${at} (l1 = ${fmt(l1)} < 0): ${pair}, and a limit cycle of period ≈ ${fmt(period)} grows smoothly from the steady state on the side where the steady state is unstable (oscillations start with small amplitude).`
      : criticality === 'subcritical'
        ? `Subcritical Hopf bifurcation at ${at} (l1 = ${fmt(l1)} > 0): ${pair}; an unstable limit cycle of period ≈ ${fmt(period)} surrounds the steady state on its other side, so losing stability here makes the system jump away (e.g. to large oscillations), with hysteresis.`
        : `Hopf bifurcation at ${at}: ${pair} (period ≈ ${fmt(period)}), but the first Lyapunov coefficient is ${Number.isFinite(l1) ? 'zero to working precision' : 'not computable here'}, so the cubic terms do not decide whether the cycle is stable (a degenerate, Bautin-type point).`;
  return { ...base, omega, period, l1, criticality, description };
}
