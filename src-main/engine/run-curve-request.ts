/**
 * One curve request (@shared/curves/types) from untrusted input to a result: checks
 * (./request-issues.ts), compilation (the per-thread cache of ./run-request.ts), the trace
 * (./curves/trace.ts), and the engine's curve turned into the shared one (special points labelled
 * per type along the curve: BT1, GH1, GH2, ...). Bad input is an outcome, never an exception.
 */
import type { ApiError } from '@shared/api';
import type { Curve, CurvePoint, CurveRequest, CurveResult, CurveSpecialPoint } from '@shared/curves/types';
import { traceCurve, type CurveResult as TracedCurve } from './curves/trace';
import { curveRequestIssues } from './request-issues';
import { compiledFor } from './run-request';

export type CurveOutcome = { ok: true; result: CurveResult } | { ok: false; error: ApiError };

export interface CurveHooks {
  isCancelled(): boolean;
  /** Points traced so far, the [P, Q] reached and a rough fraction of the work (points over the most allowed). */
  onProgress(info: { points: number; p: [number, number]; fraction: number }): void;
  /** The curve so far, in order along it (one object, growing). */
  onPartial?(curve: Curve): void;
}

/** The shared form of a traced curve. */
export function sharedCurve(req: CurveRequest, stateNames: string[], traced: TracedCurve): Curve {
  const counts = new Map<string, number>();
  const special: CurveSpecialPoint[] = traced.special.map((s) => {
    const k = (counts.get(s.kind) ?? 0) + 1;
    counts.set(s.kind, k);
    const coefficients = (s as { coefficients?: Record<string, number> }).coefficients ?? {};
    return { type: s.kind as CurveSpecialPoint['type'], label: `${s.kind}${k}`, index: s.index, point: s.point, coefficients, converged: s.converged };
  });
  return {
    type: req.type,
    from: req.start.label,
    params: [req.params[0], req.params[1]],
    stateNames,
    values: { ...req.values },
    points: traced.points,
    startIndex: traced.startIndex,
    special,
    ends: traced.ends,
  };
}

/** Checks and traces `request`; returns the result (possibly 'noStart' or 'cancelled') or why not. */
export function runCurveRequest(request: unknown, hooks: CurveHooks): CurveOutcome {
  const error = curveRequestIssues(request);
  if (error !== null) return { ok: false, error };
  const req = request as CurveRequest;
  const model = compiledFor(req);
  if (model === undefined) return { ok: false, error: { message: `Unknown model '${req.model}'.` } };
  const started = performance.now();
  const [nameP, nameQ] = req.params;
  const stateNames = model.def.states.map((s) => s.name);
  const partial: Curve = { ...sharedCurve(req, stateNames, { points: [], startIndex: 0, special: [] } as unknown as TracedCurve), ends: NO_ENDS };
  let forward = true;
  let count = 0;
  const traced = traceCurve(
    model,
    {
      kind: req.type,
      params: [nameP, nameQ],
      values: req.values,
      start: { x: req.start.state, p: req.start.params, ...(req.start.omega !== undefined ? { omega: req.start.omega } : {}) },
      bounds: { [nameP]: req.bounds[0], [nameQ]: req.bounds[1] },
      settings: req.settings,
      ...(req.at !== undefined && req.at.length > 0 ? { at: { [nameP]: req.at } } : {}),
    },
    {
      isCancelled: hooks.isCancelled,
      onDirection: (sign) => {
        forward = sign === 1;
      },
      onPoint: (point: CurvePoint) => {
        count++;
        if (forward) partial.points.push(point);
        else {
          partial.points.unshift(point);
          partial.startIndex++;
        }
        hooks.onProgress({ points: count, p: point.params, fraction: Math.min(0.99, count / (2 * req.settings.maxPoints)) });
        hooks.onPartial?.(partial);
      },
    },
  );
  const curve = traced.status === 'noStart' ? null : sharedCurve(req, stateNames, traced);
  return {
    ok: true,
    result: { status: traced.status, message: traced.message, curve, stats: { points: traced.points.length, wallMs: performance.now() - started } },
  };
}

const NO_ENDS: Curve['ends'] = [
  { reason: 'cancelled', message: 'still tracing' },
  { reason: 'cancelled', message: 'still tracing' },
];
