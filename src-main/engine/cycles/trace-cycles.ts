/**
 * Continuation of a family of periodic orbits in one parameter from a Hopf point or from a simulated orbit (./orbit-start.ts): the collocation
 * problem (./cycle-problem.ts) traced by the generic core (../continuation/palc.ts traceDirection
 * with the structured corrector, ../continuation/detect.ts for LPC, PD, NS, BP and user points).
 * Between steps (the core's onPoint hook) the tracer
 * - locates the special points of the last interval (while both ends share the phase reference),
 * - records the point (period, multipliers, stability, refined min and max of every state),
 * - moves the phase reference to the new point and, every ADAPT_EVERY points, adapts the mesh
 *   (./mesh.ts), re-correcting the point on the new mesh,
 * - ends the family when it returns to a Hopf point (amplitude falls back to the size of the first
 *   step), or when the period diverges (a homoclinic orbit is near).
 * Numerical failure is data (status, message, end reason); an unknown parameter name throws RangeError.
 */
import type { BranchEnd, ContinuationSettings } from '@shared/continuation/types';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { CYCLE_MESH_DEFAULTS } from '@shared/cycles/types';
import type { CompiledModel } from '../compiled-model';
import { detectEvents } from '../continuation/detect';
import { Corrector } from '../continuation/newton';
import { fmt, traceDirectionSteps } from '../continuation/palc';
import { drain, type Steps } from '../continuation/steps';
import type { Located, TracedPoint } from '../continuation/problem';
import { CycleProblem } from './cycle-problem';
import type { CycleData } from './floquet';
import { START_STEP, startAtHopf } from './hopf-start';
import { stepScale } from './step-scale';
import type { CutOrbit } from './orbit-cut';
import { startFromOrbit } from './orbit-start';
import { CycleRecorder, orbitCorrelation, type CycleEnd, type CyclePoint, type CycleSpecial } from './record';

export type { CycleEnd, CyclePoint, CycleSpecial } from './record';

/** Default mesh: intervals and collocation points per interval (see CYCLE_MESH_DEFAULTS, shared with the app). */
export const DEFAULT_NTST = CYCLE_MESH_DEFAULTS.ntst;
export const DEFAULT_NCOL = CYCLE_MESH_DEFAULTS.ncol;
/** Largest NTST accepted (memory grows linearly, time per step too). */
export const MAX_NTST = 2000;
/** Adapt the mesh after every this many points (AUTO's IAD = 3). */
export const ADAPT_EVERY = 3;
/** The family ends when the period exceeds this multiple of the smallest period met on it. */
export const PERIOD_GROWTH_LIMIT = 20;

/**
 * Step defaults for cycle families: arclength in the orbit's L2 norm, the period relative to its
 * start value, and the parameter; ds, dsMax and dsMin at scale 1, multiplied by the start's scale
 * (./step-scale.ts).
 */
export const CYCLE_CONTINUATION: ContinuationSettings = { ...DEFAULT_CONTINUATION, ds: 0.01, dsMax: 0.2, dsMin: 1e-9, newtonTol: 1e-9, newtonMaxIter: 8 };

export interface CycleRequest {
  /** The continuation parameter's name. */
  param: string;
  /** Values of the other parameters and inputs by name (unnamed ones keep the model's defaults). */
  values?: Record<string, number>;
  /**
   * The Hopf point (state, parameter value, frequency omega of the critical pair), or a periodic
   * orbit cut from a simulation at parameter value p (./orbit-cut.ts; see ./trace-orbit.ts).
   */
  start: { x: readonly number[]; p: number; omega: number } | { kind: 'orbit'; p: number; orbit: CutOrbit };
  /** From an orbit: 1 to continue toward larger values of the parameter first, -1 toward smaller ones (default 1). */
  direction?: 1 | -1;
  bounds: [number, number];
  settings?: Partial<ContinuationSettings>;
  /** Mesh intervals and collocation points per interval (defaults DEFAULT_NTST, DEFAULT_NCOL). */
  ntst?: number;
  ncol?: number;
  /** Values of the parameter where the family is located exactly (special points 'UZ'). */
  at?: readonly number[];
}

export interface CycleResult {
  status: 'ok' | 'cancelled' | 'noStart';
  message: string;
  param: string;
  stateNames: string[];
  /** Points in order from the Hopf point. */
  points: CyclePoint[];
  /** Special points in order along the family; `index` is the position in points of the point just before. */
  special: CycleSpecial[];
  end: CycleEnd;
  /** Newton iterations (linear solves) of the whole trace, and factorisations of the collocation system. */
  iterations: number;
  factorizations: number;
}

export interface CycleHooks {
  isCancelled?(): boolean;
  /** Each point as recorded, with the direction traced (req.direction: from an orbit, the half it belongs to). */
  onPoint?(point: CyclePoint, direction: 1 | -1): void;
}

/** Continues the cycle family born at the Hopf point req.start (see the file comment). */
export function traceCycles(model: CompiledModel, req: CycleRequest, hooks: CycleHooks = {}): CycleResult {
  return drain(traceCyclesSteps(model, req, hooks));
}

/** traceCycles yielding before every step of the family (../continuation/steps.ts); the start is one piece. */
export function* traceCyclesSteps(model: CompiledModel, req: CycleRequest, hooks: CycleHooks = {}): Steps<CycleResult> {
  const names = model.paramNames;
  const iP = names.indexOf(req.param);
  if (iP < 0) throw new RangeError(`traceCycles: unknown parameter ${req.param}; one of ${names.join(', ')}`);
  const def = model.def;
  const values = req.values ?? {};
  const p = [...def.params, ...def.inputs].map((q) => (Object.prototype.hasOwnProperty.call(values, q.name) ? values[q.name] : q.default));
  p[iP] = req.start.p;
  const [lo, hi] = req.bounds;
  const stateNames = [...model.stateNames];
  const none: CycleEnd = { reason: 'cancelled', message: 'not traced' };
  const fail = (message: string): CycleResult => ({
    status: 'noStart',
    message,
    param: req.param,
    stateNames,
    points: [],
    special: [],
    end: none,
    iterations: 0,
    factorizations: 0,
  });
  const orbit = 'orbit' in req.start ? req.start.orbit : null;
  const omega = 'omega' in req.start ? req.start.omega : NaN;
  if (!(req.start.p >= lo && req.start.p <= hi)) {
    return fail(
      `${orbit === null ? "The Hopf point's" : "The simulated orbit's"} ${req.param} = ${fmt(req.start.p)} lies outside the range [${fmt(lo)}, ${fmt(hi)}]; widen the range of ${req.param}.`,
    );
  }
  if (orbit === null && !(omega > 0)) return fail(`The Hopf point has no frequency (omega = ${omega}); start from a Hopf point (HB) of an equilibrium branch.`);
  const ntst = req.ntst ?? DEFAULT_NTST;
  const ncol = req.ncol ?? DEFAULT_NCOL;
  if (!Number.isInteger(ntst) || ntst < 2 || ntst > MAX_NTST) throw new RangeError(`traceCycles: NTST must be an integer in 2..${MAX_NTST}, got ${ntst}`);
  if (!Number.isInteger(ncol) || ncol < 2 || ncol > 7) throw new RangeError(`traceCycles: NCOL must be an integer in 2..7, got ${ncol}`);
  const T0 = orbit === null ? (2 * Math.PI) / omega : orbit.period;
  const scale = stepScale(orbit === null ? ('x' in req.start ? req.start.x.slice(0, model.stateNames.length) : []) : orbit.state, req.start.p);
  const { ds, dsMax, dsMin } = CYCLE_CONTINUATION;
  const settings: ContinuationSettings = { ...CYCLE_CONTINUATION, ds: ds * scale, dsMax: dsMax * scale, dsMin: dsMin * scale, ...req.settings };
  const problem = new CycleProblem(model, { ntst, ncol, iP, params: p, periodScale: T0 / scale });
  const newton = new Corrector<CycleData>(problem);
  const started =
    orbit !== null
      ? startFromOrbit(newton, problem, orbit, req.start.p, req.direction ?? 1, settings)
      : startAtHopf(newton, problem, 'x' in req.start ? req.start.x : [], req.start.p, omega, settings);
  if (typeof started === 'string') return fail(started);
  const rec = new CycleRecorder(problem, req.param);
  const start = started.point;
  const userPoints = (req.at ?? []).map((value) => ({ index: problem.paramIndex, value }));
  const detectOpts = { newtonTol: settings.newtonTol, newtonMaxIter: settings.newtonMaxIter, userPoints };

  let prev: TracedPoint = start;
  let prevData = problem.pointData(start.z);
  rec.addPoint(rec.point(start.z, prevData));
  hooks.onPoint?.(rec.points[0], req.direction ?? 1);
  // From an orbit, the family ends at a Hopf point where its amplitude falls to that of a Hopf start.
  const startAmplitude = orbit === null ? rec.amplitude(0) : Math.min(rec.amplitude(0), START_STEP * Math.max(1, ...rec.points[0].max.map(Math.abs)));
  let stop: CycleEnd | null = null;
  let count = 0;
  const tScratch = new Float64Array(problem.dim);

  const result = yield* traceDirectionSteps(
    newton,
    start,
    1,
    { ...settings, bounds: [lo, hi] },
    {
      isCancelled: () => stop !== null || hooks.isCancelled?.() === true,
      data: (pt) => problem.pointData(pt.z),
      onPoint: (pt, data) => {
        if (stop !== null) return;
        const d = data ?? problem.pointData(pt.z);
        stop = rec.passedHopf(orbitCorrelation(problem, prev.z, pt.z));
        if (stop !== null) return;
        const report = rec.point(pt.z, d);
        const found = detectEvents(newton, [prev, pt], [prevData, d], detectOpts).special as Located<CycleData>[];
        for (const l of found) rec.addSpecial(l);
        rec.addPoint(report);
        hooks.onPoint?.(report, req.direction ?? 1);
        stop = rec.endCheck(startAmplitude, PERIOD_GROWTH_LIMIT);
        count++;
        // The phase reference moves to the new point; every few points the mesh adapts to it.
        const bpOld = pt.bpTest;
        problem.setReference(pt.z);
        prev = pt;
        prevData = d;
        // On a new mesh the tangent and the branch-point test are those of the new discretisation.
        if (count % ADAPT_EVERY !== 0 || !rec.adaptMesh(newton, pt, settings)) return;
        const bp = newton.tangent(pt.z, pt.t, tScratch);
        if (!Number.isNaN(bp)) {
          pt.t.set(tScratch);
          // Keep the branch-point test's scale continuous across a new mesh or reference.
          const ratio = bp === 0 || bpOld === 0 || !Number.isFinite(bpOld) ? 1 : Math.abs(bpOld / bp);
          problem.detRef -= Math.log(ratio);
          pt.bpTest = bp * ratio;
        }
      },
    },
  );
  const end: CycleEnd = stop ?? (result.end as BranchEnd);
  const cancelled = end.reason === 'cancelled';
  const special = rec.special;
  const message = cancelled
    ? `Cancelled after ${rec.points.length} points.`
    : `Continued the cycles ${orbit === null ? 'born at the Hopf point' : 'through the simulated orbit'} at ${req.param} = ${fmt(req.start.p)}: ${rec.points.length} points; ${
        special.length === 0 ? 'no special points' : special.map((s) => `${s.kind} at ${req.param} = ${fmt(s.point.p)}`).join(', ')
      }. End: ${end.message}.`;
  return {
    status: cancelled ? 'cancelled' : 'ok',
    message,
    param: req.param,
    stateNames,
    points: rec.points,
    special,
    end,
    iterations: newton.totalIterations,
    factorizations: problem.solver.factorizations,
  };
}
