/**
 * One cycle request from untrusted input to a result: checks (@shared/cycles/validate),
 * compilation (shared per-thread cache of ./run-request.ts), the trace from the Hopf point
 * (./cycles/trace-cycles.ts) or through a simulated orbit (./cycles/trace-orbit.ts: cut from the
 * run's last sample, continued both ways), then the shared CycleBranch (@shared/cycles/types):
 * special points labelled per type along the family (LPC1, PD1, NS1, UZ1, ...), `from` the start's
 * label, the two ends (born at the Hopf point, or the end toward smaller values of the parameter
 * from an orbit; why the trace stopped), every point with its orbit over one period. Partial
 * families (while tracing) leave the orbits out. Used by the job service's worker
 * and the CLI. Bad input is an outcome (`ok: false` with the fields at fault), never an exception;
 * an exception thrown from here is a bug.
 */
import type { ApiError } from '@shared/api';
import {
  isOrbitStart,
  type CycleBranch,
  type CycleEnd,
  type CycleOrbitStart,
  type CyclePoint,
  type CycleRequest,
  type CycleResult,
  type CycleSpecialPoint,
} from '@shared/cycles/types';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { fmt } from './continuation/palc';
import { drain, type Steps } from './continuation/steps';
import { traceCyclesFromOrbitSteps } from './cycles/trace-orbit';
import {
  DEFAULT_NCOL,
  DEFAULT_NTST,
  traceCyclesSteps,
  type CycleResult as EngineCycleResult,
  type CyclePoint as TracedPoint,
  type CycleSpecial,
} from './cycles/trace-cycles';
import { cycleRequestIssues } from './request-issues';
import { compiledFor } from './run-request';
import { clockMs } from './clock';

export { cycleRequestIssues } from './request-issues';

export type CycleOutcome = { ok: true; result: CycleResult } | { ok: false; error: ApiError };

export interface CycleHooks {
  /** Polled by the engine; true ends the trace with status 'cancelled' and the family so far. */
  isCancelled(): boolean;
  /** Points traced so far, the parameter reached and a rough fraction of the work (points over maxPoints), at most every PROGRESS_MS. */
  onProgress(info: { points: number; p: number; fraction: number }): void;
  /** The family traced so far (no special points yet), at most every PARTIAL_MS. */
  onPartial?(branch: CycleBranch): void;
}

const PROGRESS_MS = 20;
const PARTIAL_MS = 100;

/**
 * A traced point as the shared type (fresh lists: the result may cross a thread). The orbit array is
 * the engine's own (one per recorded point) and is passed on, not copied; `withOrbit` false leaves
 * it out (the partial families sent while tracing).
 */
function pointOf(q: TracedPoint, withOrbit = true): CyclePoint {
  const pt: CyclePoint = {
    p: q.p,
    period: q.period,
    stable: q.stable,
    multipliers: q.multipliers.map(([re, im]) => [re, im]),
    trivialError: q.trivialError,
    min: q.min.slice(),
    max: q.max.slice(),
    start: q.start.slice(),
  };
  if (withOrbit) pt.orbit = q.orbit;
  return pt;
}

/** The distinct buffers of the orbits of a cycle result (to transfer, not copy, to another thread). */
export function cycleTransferList(result: CycleResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const b = result.branch;
  for (const q of [...(b?.points ?? []), ...(b?.special.map((s) => s.point) ?? [])]) if (q.orbit?.buffer instanceof ArrayBuffer) buffers.add(q.orbit.buffer);
  return [...buffers];
}

/** The engine's special points labelled per type, in order along the family. */
function specialPoints(special: readonly CycleSpecial[]): CycleSpecialPoint[] {
  const counts = new Map<string, number>();
  return special.map((s) => {
    const k = (counts.get(s.kind) ?? 0) + 1;
    counts.set(s.kind, k);
    return {
      type: s.kind as CycleSpecialPoint['type'],
      label: `${s.kind}${k}`,
      index: s.index,
      point: pointOf(s.point),
      converged: s.converged,
      info: { ...(s.info ?? {}) },
    };
  });
}

/** Progress and partial families from the points as computed; from an orbit the two halves are joined as in the result. */
function reporter(hooks: CycleHooks, maxPoints: number, partialOf: (points: CyclePoint[]) => CycleBranch) {
  const down: CyclePoint[] = [];
  const up: CyclePoint[] = [];
  let count = 0;
  let lastProgress = -Infinity;
  let lastPartial = -Infinity;
  return (q: TracedPoint, direction: 1 | -1): void => {
    (direction === -1 ? down : up).push(pointOf(q, false));
    count++;
    const now = clockMs();
    if (now - lastProgress >= PROGRESS_MS) {
      lastProgress = now;
      hooks.onProgress({ points: count, p: q.p, fraction: Math.min(0.99, count / maxPoints) });
    }
    if (hooks.onPartial !== undefined && now - lastPartial >= PARTIAL_MS) {
      lastPartial = now;
      hooks.onPartial(partialOf([...down.slice().reverse(), ...(down.length > 0 ? up.slice(1) : up)]));
    }
  };
}

/** Checks and traces `request`; returns the result (possibly 'noStart' or 'cancelled') or why not. */
export function runCycleRequest(request: unknown, hooks: CycleHooks): CycleOutcome {
  return drain(cycleRequestSteps(request, hooks));
}

/** runCycleRequest yielding before every step of the family (./continuation/steps.ts), for a thread that stays responsive. */
export function* cycleRequestSteps(request: unknown, hooks: CycleHooks): Steps<CycleOutcome> {
  const error = cycleRequestIssues(request);
  if (error !== null) return { ok: false, error };
  const req = request as CycleRequest;
  const model = compiledFor(req);
  if (model === undefined) return { ok: false, error: { message: `Unknown model '${req.model}'.` } };
  const t0 = clockMs();
  const ntst = req.ntst ?? DEFAULT_NTST;
  const ncol = req.ncol ?? DEFAULT_NCOL;
  const base = { from: req.start.label, param: req.param, stateNames: model.stateNames.slice(), values: { ...req.values }, ntst, ncol };
  const maxPoints = req.settings.maxPoints ?? DEFAULT_CONTINUATION.maxPoints;
  const tracing: CycleEnd = { reason: 'cancelled', message: 'still tracing' };
  const common = {
    param: req.param,
    values: req.values,
    bounds: req.bounds,
    settings: req.settings,
    ntst,
    ncol,
    ...(req.at !== undefined && req.at.length > 0 ? { at: req.at } : {}),
  };
  const watch = (first: CycleEnd) => ({
    isCancelled: () => hooks.isCancelled(),
    onPoint: reporter(hooks, maxPoints, (points) => ({ ...base, points, special: [], ends: [first, tracing] })),
  });
  let traced: CycleTraced;
  let first: CycleEnd;
  let startIndex = 0;
  const start = req.start;
  if (isOrbitStart(start)) {
    const { state, window } = orbitWindow(start);
    const r = yield* traceCyclesFromOrbitSteps(model, { ...common, start: { kind: 'orbit', state, p: start.p, window } }, watch(tracing));
    traced = r.status === 'noStart' && /window/.test(r.message) ? { ...r, message: `${r.message} ${windowNote(start, window)}` } : r;
    first = r.firstEnd ?? tracing;
    startIndex = Math.max(0, r.startIndex);
  } else {
    first = { reason: 'hopf', p: start.p, message: `the cycles are born at the Hopf point ${start.label} at ${req.param} = ${fmt(start.p)}` };
    traced = yield* traceCyclesSteps(model, { ...common, start: { x: start.state, p: start.p, omega: start.omega } }, watch(first));
  }
  const stats = { points: traced.points.length, wallMs: clockMs() - t0, iterations: traced.iterations, factorizations: traced.factorizations };
  if (traced.status === 'noStart') return { ok: true, result: { status: 'noStart', message: traced.message, branch: null, stats } };
  const end: CycleEnd = { reason: traced.end.reason, message: traced.end.message, ...(traced.end.p !== undefined ? { p: traced.end.p } : {}) };
  const firstEnd: CycleEnd = { reason: first.reason, message: first.message, ...(first.p !== undefined ? { p: first.p } : {}) };
  const branch: CycleBranch = {
    ...base,
    points: traced.points.map((q) => pointOf(q)),
    special: specialPoints(traced.special),
    ends: [firstEnd, end],
    startIndex,
  };
  const last = traced.points[traced.points.length - 1];
  if (last !== undefined) hooks.onProgress({ points: traced.points.length, p: last.p, fraction: 1 });
  return { ok: true, result: { status: traced.status, message: traced.message, branch, stats } };
}

/** Default window of a start from samples, in multiples of their span: samples of one period give ten to settle and repeat in. */
const WINDOW_SPANS = 10;

type CycleTraced = Pick<EngineCycleResult, 'status' | 'message' | 'points' | 'special' | 'end' | 'iterations' | 'factorizations'>;

/**
 * Where the cut of a simulated orbit starts: the last sample (the most settled state of the run),
 * integrated for at most `window` (default WINDOW_SPANS times the samples' span: the cut stops as
 * soon as one period repeats, so a long window costs time only when the run never settles).
 */
function orbitWindow(start: CycleOrbitStart): { state: number[]; window: number } {
  const last = start.t.length - 1;
  const state = start.y.map((col) => col[last]);
  return { state, window: start.window ?? WINDOW_SPANS * (start.t[last] - start.t[0]) };
}

/** What a window refusal means for a start from a run's samples. */
function windowNote(start: CycleOrbitStart, window: number): string {
  const span = start.t[start.t.length - 1] - start.t[0];
  return start.window !== undefined
    ? `(The window is start.window = ${fmt(window)}: give a longer one.)`
    : `(The window is ${WINDOW_SPANS} times the ${fmt(span)} time units the samples of ${start.label} cover: simulate longer, or take a longer part of the run.)`;
}
