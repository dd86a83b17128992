/**
 * One cycle request from untrusted input to a result: checks (@shared/cycles/validate),
 * compilation (shared per-thread cache of ./run-request.ts), the trace from the Hopf point
 * (./cycles/trace-cycles.ts), then the shared CycleBranch (@shared/cycles/types): special points
 * labelled per type along the family (LPC1, PD1, NS1, UZ1, ...), `from` the Hopf point's label,
 * the two ends (born at the Hopf point; why the trace stopped). Used by the job service's worker
 * and the CLI. Bad input is an outcome (`ok: false` with the fields at fault), never an exception;
 * an exception thrown from here is a bug.
 */
import type { ApiError } from '@shared/api';
import type { CycleBranch, CycleEnd, CyclePoint, CycleRequest, CycleResult, CycleSpecialPoint } from '@shared/cycles/types';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { fmt } from './continuation/palc';
import { DEFAULT_NCOL, DEFAULT_NTST, traceCycles, type CyclePoint as TracedPoint, type CycleSpecial } from './cycles/trace-cycles';
import { cycleRequestIssues } from './request-issues';
import { compiledFor } from './run-request';

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

/** A traced point as the shared type (fresh arrays: the result may cross a thread). */
function pointOf(q: TracedPoint): CyclePoint {
  return {
    p: q.p,
    period: q.period,
    stable: q.stable,
    multipliers: q.multipliers.map(([re, im]) => [re, im]),
    trivialError: q.trivialError,
    min: q.min.slice(),
    max: q.max.slice(),
    start: q.start.slice(),
  };
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

/** Checks and traces `request`; returns the result (possibly 'noStart' or 'cancelled') or why not. */
export function runCycleRequest(request: unknown, hooks: CycleHooks): CycleOutcome {
  const error = cycleRequestIssues(request);
  if (error !== null) return { ok: false, error };
  const req = request as CycleRequest;
  const model = compiledFor(req);
  if (model === undefined) return { ok: false, error: { message: `Unknown model '${req.model}'.` } };
  const t0 = performance.now();
  const ntst = req.ntst ?? DEFAULT_NTST;
  const ncol = req.ncol ?? DEFAULT_NCOL;
  const born: CycleEnd = {
    reason: 'hopf',
    p: req.start.p,
    message: `the cycles are born at the Hopf point ${req.start.label} at ${req.param} = ${fmt(req.start.p)}`,
  };
  const base = { from: req.start.label, param: req.param, stateNames: model.stateNames.slice(), values: { ...req.values }, ntst, ncol };
  const maxPoints = req.settings.maxPoints ?? DEFAULT_CONTINUATION.maxPoints;
  const points: CyclePoint[] = [];
  let lastProgress = -Infinity;
  let lastPartial = -Infinity;
  const traced = traceCycles(
    model,
    {
      param: req.param,
      values: req.values,
      start: { x: req.start.state, p: req.start.p, omega: req.start.omega },
      bounds: req.bounds,
      settings: req.settings,
      ntst,
      ncol,
      ...(req.at !== undefined && req.at.length > 0 ? { at: req.at } : {}),
    },
    {
      isCancelled: () => hooks.isCancelled(),
      onPoint: (q) => {
        points.push(pointOf(q));
        const now = performance.now();
        if (now - lastProgress >= PROGRESS_MS) {
          lastProgress = now;
          hooks.onProgress({ points: points.length, p: q.p, fraction: Math.min(0.99, points.length / maxPoints) });
        }
        if (hooks.onPartial !== undefined && now - lastPartial >= PARTIAL_MS) {
          lastPartial = now;
          hooks.onPartial({ ...base, points: points.slice(), special: [], ends: [born, { reason: 'cancelled', message: 'still tracing' }] });
        }
      },
    },
  );
  const stats = { points: traced.points.length, wallMs: performance.now() - t0, iterations: traced.iterations, factorizations: traced.factorizations };
  if (traced.status === 'noStart') return { ok: true, result: { status: 'noStart', message: traced.message, branch: null, stats } };
  const end: CycleEnd = { reason: traced.end.reason, message: traced.end.message, ...(traced.end.p !== undefined ? { p: traced.end.p } : {}) };
  const branch: CycleBranch = { ...base, points: traced.points.map(pointOf), special: specialPoints(traced.special), ends: [born, end] };
  const last = traced.points[traced.points.length - 1];
  if (last !== undefined) hooks.onProgress({ points: traced.points.length, p: last.p, fraction: 1 });
  return { ok: true, result: { status: traced.status, message: traced.message, branch, stats } };
}
