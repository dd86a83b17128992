/**
 * Two-parameter curves of equilibria: the fold curve (./fold-problem.ts) or the Hopf curve
 * (./hopf-problem.ts) through a fold (LP) or Hopf (HB) point of a one-parameter branch, traced in
 * both directions by the generic continuation core (../continuation/palc.ts traceDirection on the
 * bordered corrector ../continuation/newton.ts). Between steps the tracer refreshes the problem's
 * borders at each accepted point (re-evaluating that point's branch-point test with them), ends a
 * direction at the bounds of both parameters (Q through the core, P here, the last point put
 * exactly on the bound) and locates the points asked for at given values of P. Codimension-two
 * points are the problems' scalar test functions (./fold-problem.ts, ./codim2-tests.ts), detected
 * and located by the core (../continuation/detect.ts) and reported with their normal-form
 * coefficients (./normal-forms.ts, ./bautin.ts).
 *
 * Numerical trouble is data (status, message, end reasons); an unknown parameter name is a
 * caller's bug and throws RangeError.
 */
import type { BranchEnd, ContinuationSettings } from '@shared/continuation/types';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import type { CompiledModel } from '../compiled-model';
import { detectEvents } from '../continuation/detect';
import { Corrector } from '../continuation/newton';
import { fmt, pointAt, startPoint, traceDirection } from '../continuation/palc';
import type { TracedPoint } from '../continuation/problem';
import type { CurveProblem } from './curve-problem';
import { foldCurveProblem } from './fold-problem';
import { hopfCurveProblem } from './hopf-problem';

export type CurveKind = 'fold' | 'hopf';

export interface CurveRequest {
  kind: CurveKind;
  /** [P, Q]: P is the parameter of the one-parameter branch the start point came from, Q the second one. */
  params: [string, string];
  /** Values of the other parameters and inputs by name (unnamed ones keep the model's defaults). */
  values?: Record<string, number>;
  /** The LP or HB point: state, [P, Q] values, and for a Hopf point its frequency omega. */
  start: { x: readonly number[]; p: [number, number]; omega?: number };
  /** Ranges of P and Q by name; the curve ends where it leaves either. */
  bounds: Record<string, [number, number]>;
  settings?: Partial<ContinuationSettings>;
  /** Values of P or Q (by name) where the curve is located exactly (every crossing), listed in `located`. */
  at?: Readonly<Record<string, readonly number[]>>;
}

export interface CurvePoint {
  /** [P, Q]. */
  params: [number, number];
  state: number[];
  /** Hopf curves: kappa = omega^2 (negative at neutral saddles) and omega (null where kappa <= 0). */
  kappa?: number;
  omega?: number | null;
}

export interface CurveResult {
  status: 'ok' | 'cancelled' | 'noStart';
  message: string;
  /** Points along the curve: backward ones reversed, the start, forward ones. */
  points: CurvePoint[];
  startIndex: number;
  /** Why each direction ended: [backward, forward]. */
  ends: [BranchEnd, BranchEnd];
  /**
   * Codimension-two points located on the curve (fold curves: BT, CP, ZH; Hopf curves: BT, GH, ZH,
   * HH), in order along it; `index`
   * is the position in `points` of the point just before each.
   */
  special: CurveSpecial[];
  /** Points at the values of P and Q asked for (`at`), in tracing order of each direction, forward first. */
  located: CurvePoint[];
}

export interface CurveSpecial {
  kind: string;
  index: number;
  point: CurvePoint;
  /** The location converged to the test's tolerance. */
  converged: boolean;
  /**
   * Normal-form coefficients at the point (./normal-forms.ts, ./bautin.ts, where their
   * normalisation is stated): BT {a, b}; CP {c}; GH {l2}; ZH {s, theta, omega}; HH {omega1,
   * omega2, p11p22, theta, delta}. Empty where they cannot be computed (a further degeneracy).
   */
  coefficients: Record<string, number>;
}

export interface CurveHooks {
  isCancelled?(): boolean;
  /** Each accepted point as it is traced; `direction` 1 for the forward part (traced first), -1 for the backward one. */
  onPoint?(point: CurvePoint, direction: 1 | -1): void;
}

/** Largest move of the start's state and parameters by its correction, relative to 1 + |value|. */
const START_DISTANCE = 0.1;

/** With dsMax left at its default, the largest step is the narrower range width over this. */
const STEPS_PER_RANGE = 200;

/** Traces the requested curve both ways from its start point (see the file comment). */
export function traceCurve(model: CompiledModel, req: CurveRequest, hooks: CurveHooks = {}): CurveResult {
  const names = model.paramNames;
  const [nameP, nameQ] = req.params;
  const iP = names.indexOf(nameP);
  const iQ = names.indexOf(nameQ);
  if (iP < 0 || iQ < 0 || iP === iQ) throw new RangeError(`traceCurve: parameters must be two different names of ${names.join(', ')}`);
  const def = model.def;
  const values = req.values ?? {};
  const p = [...def.params, ...def.inputs].map((q) => (Object.prototype.hasOwnProperty.call(values, q.name) ? values[q.name] : q.default));
  p[iP] = req.start.p[0];
  p[iQ] = req.start.p[1];
  const settings: ContinuationSettings = { ...DEFAULT_CONTINUATION, ...req.settings };
  const boundsP = req.bounds[nameP] ?? [-Infinity, Infinity];
  const boundsQ = req.bounds[nameQ] ?? [-Infinity, Infinity];
  const problem: CurveProblem = req.kind === 'fold' ? foldCurveProblem(model, p, iP, iQ) : hopfCurveProblem(model, p, iP, iQ);
  const n = problem.n;
  const dim = problem.dim;
  const none: BranchEnd = { reason: 'cancelled', message: 'not traced' };
  const fail = (message: string): CurveResult => ({ status: 'noStart', message, points: [], startIndex: 0, ends: [none, none], located: [], special: [] });

  for (const [name, value, [lo, hi]] of [
    [nameP, req.start.p[0], boundsP],
    [nameQ, req.start.p[1], boundsQ],
  ] as const) {
    if (!(value >= lo && value <= hi))
      return fail(`The start's ${name} = ${fmt(value)} lies outside the range of ${name} [${fmt(lo)}, ${fmt(hi)}]; widen the range.`);
  }
  const z0 = new Float64Array(dim);
  z0.set(req.start.x.slice(0, n));
  z0[n] = req.start.p[0];
  z0[n + 1] = req.start.p[1];
  if (req.kind === 'hopf') z0[n + 2] = (req.start.omega ?? 0) ** 2;
  const what = req.kind === 'fold' ? 'fold' : 'Hopf';
  if (!problem.init(z0)) return fail(`The start point is not a simple ${what} point (its linearisation is too degenerate); start from another ${what} point.`);
  const newton = new Corrector(problem);
  if (!correctStart(newton, z0, settings) || !problem.accept(z0)) {
    return fail(
      `No ${what} point was found near ${nameP} = ${fmt(req.start.p[0])}, ${nameQ} = ${fmt(req.start.p[1])}: start from a ${what === 'fold' ? 'fold (LP)' : 'Hopf (HB)'} point of a one-parameter branch.`,
    );
  }
  const start = startPoint(newton, z0);
  if (start === null) return fail(`The ${what} curve cannot be continued from ${nameP} = ${fmt(z0[n])}: its equations are singular there.`);

  const wide = Math.min(boundsP[1] - boundsP[0], boundsQ[1] - boundsQ[0]);
  const dsMax = settings.dsMax !== DEFAULT_CONTINUATION.dsMax || !Number.isFinite(wide) ? settings.dsMax : Math.max(wide / STEPS_PER_RANGE, settings.dsMin);
  const opts = { ...settings, dsMax, bounds: boundsQ as [number, number] };
  const located: CurvePoint[] = [];
  const toPoint = (z: Float64Array): CurvePoint => {
    const point: CurvePoint = { params: [z[n], z[n + 1]], state: Array.from(z.subarray(0, n)) };
    if (req.kind === 'hopf') {
      point.kappa = z[n + 2];
      point.omega = z[n + 2] > 0 ? Math.sqrt(z[n + 2]) : null;
    }
    return point;
  };
  const scratchT = new Float64Array(dim);
  const atValues: [number, readonly number[]][] = [];
  if (req.at?.[nameP] !== undefined) atValues.push([n, req.at[nameP]]);
  if (req.at?.[nameQ] !== undefined) atValues.push([n + 1, req.at[nameQ]]);
  const [loP, hiP] = boundsP;

  /** Special points per direction: the interval's first point's position from the start (0 = start). */
  const found: { sign: 1 | -1; k: number; s: number; special: CurveSpecial }[] = [];
  // Branch points of the curve's equations are not reported (the curve is traced through them).
  const detectOpts = { newtonTol: settings.newtonTol, newtonMaxIter: settings.newtonMaxIter, branchPoints: false };
  const direction = (sign: 1 | -1): { points: TracedPoint[]; end: BranchEnd } => {
    problem.init(start.z);
    problem.accept(start.z);
    const from = startPoint(newton, start.z);
    if (from === null) return { points: [], end: { reason: 'singular', message: `the curve's equations are singular at its start` } };
    let dot = 0;
    for (let i = 0; i < dim; i++) dot += from.t[i] * start.t[i];
    if (dot < 0) {
      for (let i = 0; i < dim; i++) from.t[i] = -from.t[i];
      from.bpTest = -from.bpTest;
    }
    let prev = from;
    let count = 0;
    let outside = false;
    const result = traceDirection(newton, from, sign, opts, {
      isCancelled: () => outside || hooks.isCancelled?.() === true,
      onPoint: (point) => {
        problem.accept(point.z);
        const bp = newton.tangent(point.z, point.t, scratchT);
        if (!Number.isNaN(bp)) point.bpTest = bp;
        for (const [index, values] of atValues) {
          const a = prev.z[index];
          const b = point.z[index];
          for (const value of values) {
            if (value === a || !((value - a) * (value - b) <= 0)) continue;
            const at = pointAt(newton, prev, point, index, value, opts);
            if (at !== null) located.push(toPoint(at.z));
          }
        }
        const b = point.z[n];
        if (b < loP || b > hiP) outside = true;
        else {
          // Detected between two points with the borders of the newer one (both well conditioned).
          if (problem.tests.length > 0) {
            for (const l of detectEvents(newton, [prev, point], [null, null], detectOpts).special) {
              if (l.kind === 'BP') continue;
              found.push({
                sign,
                k: count,
                s: l.s,
                special: { kind: l.kind, index: 0, point: toPoint(l.z), converged: l.converged, coefficients: l.info ?? {} },
              });
            }
          }
          hooks.onPoint?.(toPoint(point.z), sign);
        }
        prev = point;
        count++;
      },
    });
    const points = result.points;
    if (!outside) return { points, end: result.end };
    const last = points.pop() as TracedPoint;
    const before = points.length > 0 ? points[points.length - 1] : from;
    const bound = last.z[n] < loP ? loP : hiP;
    const landed = pointAt(newton, before, last, n, bound, opts);
    if (landed !== null) {
      if (problem.tests.length > 0) {
        for (const l of detectEvents(newton, [before, landed], [null, null], detectOpts).special) {
          if (l.kind !== 'BP')
            found.push({
              sign,
              k: points.length,
              s: l.s,
              special: { kind: l.kind, index: 0, point: toPoint(l.z), converged: l.converged, coefficients: l.info ?? {} },
            });
        }
      }
      points.push(landed);
      hooks.onPoint?.(toPoint(landed.z), sign);
    }
    return { points, end: { reason: 'bound', message: `reached ${nameP} = ${fmt(bound)}, the end of the range` } };
  };

  // A value at the start itself ends no interval of either direction.
  for (const [index, values] of atValues) if (values.includes(start.z[index])) located.push(toPoint(start.z));
  const fwd = direction(1);
  const bwd =
    fwd.end.reason === 'cancelled'
      ? { points: [], end: { reason: 'cancelled' as const, message: 'cancelled before this direction was traced' } }
      : direction(-1);
  const points = [...bwd.points.slice().reverse(), start, ...fwd.points].map((pt) => toPoint(pt.z));
  const ends: [BranchEnd, BranchEnd] = [bwd.end, fwd.end];
  const nb = bwd.points.length;
  // Interval k of the forward direction lies between points nb + k and nb + k + 1; of the backward
  // direction between nb - k - 1 and nb - k.
  const special = found
    .map((f) => ({ ...f, index: f.sign === 1 ? nb + f.k : nb - f.k - 1, order: f.sign === 1 ? f.s : -f.s }))
    .sort((x, y) => x.index - y.index || x.order - y.order)
    .map((f) => ({ ...f.special, index: f.index }));
  const cancelled = ends.some((x) => x.reason === 'cancelled');
  const message = cancelled
    ? `Cancelled after ${points.length} points.`
    : `Traced the ${what} curve in (${nameP}, ${nameQ}): ${points.length} points from ${nameP} = ${fmt(z0[n])}, ${nameQ} = ${fmt(z0[n + 1])}; ${special.length === 0 ? 'no codimension-two points' : special.map((x) => `${x.kind} at ${nameP} = ${fmt(x.point.params[0])}, ${nameQ} = ${fmt(x.point.params[1])}`).join(', ')}. Ends: ${ends[0].message}; ${ends[1].message}.`;
  return { status: cancelled ? 'cancelled' : 'ok', message, points, startIndex: nb, ends, located, special };
}

/**
 * Corrects the start onto the curve in place, with Q held fixed, else P (where the curve is tangent
 * to Q = const, e.g. c = d^2 / 4 at d = 0), else one state; false when none converges within
 * START_DISTANCE of the point given.
 */
function correctStart(newton: Corrector<never>, z0: Float64Array, settings: ContinuationSettings): boolean {
  const dim = z0.length;
  const n = (newton.problem as CurveProblem).n;
  const guess = Float64Array.from(z0);
  const e = new Float64Array(dim);
  for (const j of [n + 1, n, ...Array.from({ length: n }, (_, i) => i)]) {
    z0.set(guess);
    e.fill(0);
    e[j] = 1;
    if (newton.solve(z0, e, guess[j], { tol: settings.newtonTol, maxIter: settings.newtonMaxIter + 4 }) !== 'converged') continue;
    // A point far from the one given is another curve's or a degenerate one's, not this start's.
    let far = 0;
    for (let i = 0; i < n + 2; i++) far = Math.max(far, Math.abs(z0[i] - guess[i]) / (1 + Math.abs(guess[i])));
    if (far <= START_DISTANCE) return true;
  }
  z0.set(guess);
  return false;
}
