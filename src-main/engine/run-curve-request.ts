/**
 * One two-parameter curve request from untrusted input to a result: checks
 * (@shared/curves/validate), compilation (shared per-thread cache of ./run-request.ts), the trace
 * (./curves/trace.ts), then the shared Curve (@shared/curves/types): special points labelled per
 * type along the curve (BT1, GH1, GH2, UZ1, ...), user points (`at`, values of P) placed among
 * them, `from` the start point's label. Used by the job service's worker and the CLI. Bad input is
 * an outcome (`ok: false` with the fields at fault), never an exception; an exception thrown from
 * here is a bug.
 */
import type { ApiError } from '@shared/api';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import type { Curve, CurvePoint, CurveRequest, CurveResult, CurveSpecialPoint } from '@shared/curves/types';
import { traceCurve, type CurveResult as TraceResult } from './curves/trace';
import { curveRequestIssues } from './request-issues';
import { compiledFor } from './run-request';
import { clockMs } from './clock';

export { curveRequestIssues } from './request-issues';

export type CurveOutcome = { ok: true; result: CurveResult } | { ok: false; error: ApiError };

export interface CurveHooks {
  /** Polled by the engine; true ends the trace with status 'cancelled' and the curve so far. */
  isCancelled(): boolean;
  /**
   * Points traced so far, the (P, Q) reached and a rough fraction of the work (points over the
   * most both directions may take), at most every PROGRESS_MS.
   */
  onProgress(info: { points: number; p: [number, number]; fraction: number }): void;
  /** The curve traced so far (no special points yet), at most every PARTIAL_MS. */
  onPartial?(curve: Curve): void;
}

const PROGRESS_MS = 20;
const PARTIAL_MS = 100;

/** Checks and traces `request`; returns the result (possibly 'noStart' or 'cancelled') or why not. */
export function runCurveRequest(request: unknown, hooks: CurveHooks): CurveOutcome {
  const error = curveRequestIssues(request);
  if (error !== null) return { ok: false, error };
  const req = request as CurveRequest;
  const model = compiledFor(req);
  if (model === undefined) return { ok: false, error: { message: `Unknown model '${req.model}'.` } };
  const t0 = clockMs();
  const [nameP, nameQ] = req.params;
  const forward: CurvePoint[] = [];
  const backward: CurvePoint[] = [];
  let lastProgress = -Infinity;
  let lastPartial = -Infinity;
  const base = { type: req.type, from: req.start.label, params: req.params, stateNames: model.stateNames.slice(), values: { ...req.values } };
  const traced = traceCurve(
    model,
    {
      kind: req.type,
      params: req.params,
      values: req.values,
      start: { x: req.start.state, p: req.start.params, ...(req.start.omega !== undefined ? { omega: req.start.omega } : {}) },
      bounds: { [nameP]: req.bounds[0], [nameQ]: req.bounds[1] },
      settings: req.settings,
      ...(req.at !== undefined && req.at.length > 0 ? { at: { [nameP]: req.at } } : {}),
    },
    {
      isCancelled: () => hooks.isCancelled(),
      onPoint: (point, direction) => {
        (direction === 1 ? forward : backward).push(point);
        const now = clockMs();
        if (now - lastProgress >= PROGRESS_MS) {
          lastProgress = now;
          const points = forward.length + backward.length + 1;
          hooks.onProgress({ points, p: point.params, fraction: Math.min(0.99, points / (2 * (req.settings.maxPoints || DEFAULT_CONTINUATION.maxPoints))) });
        }
        if (hooks.onPartial !== undefined && now - lastPartial >= PARTIAL_MS) {
          lastPartial = now;
          const pending = { reason: 'cancelled' as const, message: 'still tracing' };
          hooks.onPartial({ ...base, points: [...backward.slice().reverse(), ...forward], startIndex: backward.length, special: [], ends: [pending, pending] });
        }
      },
    },
  );
  const wallMs = clockMs() - t0;
  if (traced.status === 'noStart') return { ok: true, result: { status: 'noStart', message: traced.message, curve: null, stats: { points: 0, wallMs } } };
  const curve: Curve = { ...base, points: traced.points, startIndex: traced.startIndex, special: specialPoints(traced), ends: traced.ends };
  const last = traced.points[traced.points.length - 1];
  hooks.onProgress({ points: traced.points.length, p: last.params, fraction: 1 });
  return { ok: true, result: { status: traced.status, message: traced.message, curve, stats: { points: traced.points.length, wallMs } } };
}

/** Where along the segment from a to b (0..1) the point x projects, in (P, Q, state). */
function fraction(a: CurvePoint, b: CurvePoint, x: CurvePoint): number {
  let dot = 0;
  let len = 0;
  for (let k = 0; k < 2 + a.state.length; k++) {
    const ak = k < 2 ? a.params[k] : a.state[k - 2];
    const d = (k < 2 ? b.params[k] : b.state[k - 2]) - ak;
    dot += ((k < 2 ? x.params[k] : x.state[k - 2]) - ak) * d;
    len += d * d;
  }
  return len > 0 ? Math.min(1, Math.max(0, dot / len)) : 0;
}

/**
 * The interval of `points` a user point (located exactly at its value of P) lies in: among the
 * intervals whose ends straddle that value, the one whose linear interpolation there is nearest
 * to it in Q and the state (a curve may pass the value several times).
 */
function intervalOf(points: readonly CurvePoint[], x: CurvePoint): number {
  const v = x.params[0];
  let best = 0;
  let bestDistance = Infinity;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (!((a.params[0] - v) * (b.params[0] - v) <= 0)) continue;
    const span = b.params[0] - a.params[0];
    const t = span === 0 ? 0 : (v - a.params[0]) / span;
    let d = Math.abs(a.params[1] + t * (b.params[1] - a.params[1]) - x.params[1]);
    for (let k = 0; k < x.state.length; k++) d = Math.max(d, Math.abs(a.state[k] + t * (b.state[k] - a.state[k]) - x.state[k]));
    if (d < bestDistance) [best, bestDistance] = [i, d];
  }
  return Math.min(best, Math.max(0, points.length - 2));
}

/** The engine's codimension-two points and user points as labelled special points, in order along the curve. */
function specialPoints(traced: TraceResult): CurveSpecialPoint[] {
  const { points } = traced;
  const at = (index: number, point: CurvePoint) => (index + 1 < points.length ? fraction(points[index], points[index + 1], point) : 0);
  const all = [
    ...traced.special.map((s) => ({
      type: s.kind as CurveSpecialPoint['type'],
      index: s.index,
      point: s.point,
      coefficients: { ...((s as { coefficients?: Record<string, number> }).coefficients ?? {}) },
      converged: s.converged,
    })),
    ...traced.located.map((point) => ({ type: 'UZ' as const, index: intervalOf(points, point), point, coefficients: {}, converged: true })),
  ];
  // By interval, then by position along it (ties keep the engine's order).
  const keyed = all.map((s, order) => ({ s, order, t: at(s.index, s.point) }));
  keyed.sort((x, y) => x.s.index - y.s.index || x.t - y.t || x.order - y.order);
  const counts = new Map<string, number>();
  return keyed.map(({ s }) => {
    const k = (counts.get(s.type) ?? 0) + 1;
    counts.set(s.type, k);
    return { ...s, label: `${s.type}${k}` };
  });
}
