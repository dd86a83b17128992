/**
 * A cycle family started from a simulated orbit: one period is cut from a run at fixed parameters
 * (./orbit-cut.ts), corrected to a periodic orbit of the collocation problem (./orbit-start.ts) and
 * continued in the parameter both ways (or one way) by the same tracer as a family from a Hopf
 * point (./trace-cycles.ts), with the same special points and ends. The two halves are joined in
 * order of the family: the points traced toward smaller values of the parameter first (reversed),
 * then the simulated orbit's point, then those traced toward larger values. hooks.onPoint sees the
 * points in the order they are computed (one half, then the other), not in that joined order.
 */
import type { CompiledModel } from '../compiled-model';
import { drain, type Steps } from '../continuation/steps';
import { cutOrbit, type CutOrbit } from './orbit-cut';
import { traceCyclesSteps, type CycleEnd, type CycleHooks, type CycleRequest, type CycleResult, type CyclePoint, type CycleSpecial } from './trace-cycles';

export interface OrbitCycleRequest extends Omit<CycleRequest, 'start' | 'direction'> {
  /**
   * The run: a state on or near the oscillation (e.g. the last state of a simulation), the
   * parameter's value, the time to integrate and discard first (default 0), and the time within
   * which the orbit must repeat after it (at least four periods; the integration stops as soon as
   * it repeats).
   */
  start: { kind: 'orbit'; state: readonly number[]; p: number; transient?: number; window: number };
  /** 'both' (default), or 1 / -1: only toward larger / smaller values of the parameter. */
  direction?: 1 | -1 | 'both';
}

export interface OrbitCycleResult extends CycleResult {
  /** Position in points of the simulated orbit (corrected); -1 when there is none. */
  startIndex: number;
  /** How the family ended before its first point (null when traced one way only from it). */
  firstEnd: CycleEnd | null;
  /** The period as simulated, the section crossings per period, the closure of the repeating crossings. */
  orbit: Omit<CutOrbit, 'params' | 'rtol' | 'atol'> | null;
}

/** Cuts, corrects and continues the orbit of the run req.start (see the file comment). */
export function traceCyclesFromOrbit(model: CompiledModel, req: OrbitCycleRequest, hooks: CycleHooks = {}): OrbitCycleResult {
  return drain(traceCyclesFromOrbitSteps(model, req, hooks));
}

/** traceCyclesFromOrbit yielding before every step of the family (../continuation/steps.ts); the cut is one piece. */
export function* traceCyclesFromOrbitSteps(model: CompiledModel, req: OrbitCycleRequest, hooks: CycleHooks = {}): Steps<OrbitCycleResult> {
  const names = model.paramNames;
  const iP = names.indexOf(req.param);
  if (iP < 0) throw new RangeError(`traceCyclesFromOrbit: unknown parameter ${req.param}; one of ${names.join(', ')}`);
  const values = req.values ?? {};
  const p = [...model.def.params, ...model.def.inputs].map((q) => (Object.prototype.hasOwnProperty.call(values, q.name) ? values[q.name] : q.default));
  p[iP] = req.start.p;
  const { state, window } = req.start;
  const transient = req.start.transient ?? 0;
  const none = (message: string): OrbitCycleResult => ({
    status: 'noStart',
    message,
    param: req.param,
    stateNames: [...model.stateNames],
    points: [],
    special: [],
    end: { reason: 'cancelled', message: 'not traced' },
    iterations: 0,
    factorizations: 0,
    startIndex: -1,
    firstEnd: null,
    orbit: null,
  });
  const n = model.stateNames.length;
  if (state.length !== n || !state.every(Number.isFinite)) {
    return none(`The state to start from needs ${n} finite values (${model.stateNames.join(', ')}), got ${state.length}.`);
  }
  if (!(window > 0) || !Number.isFinite(window)) return none(`The window must be a positive time (at least four periods of the oscillation), got ${window}.`);
  if (!(transient >= 0) || !Number.isFinite(transient)) return none(`The transient must be a time of 0 or more, got ${transient}.`);
  const [lo, hi] = req.bounds;
  if (!(req.start.p >= lo && req.start.p <= hi)) {
    return none(`The simulated orbit's ${req.param} = ${req.start.p} lies outside the range [${lo}, ${hi}]; widen the range of ${req.param}.`);
  }
  const cut = cutOrbit(model, p, state, { transient, window, isCancelled: hooks.isCancelled });
  if (!cut.ok) return { ...none(cut.message), status: cut.reason === 'cancelled' ? 'cancelled' : 'noStart' };
  const { params: _params, rtol: _rtol, atol: _atol, ...orbitInfo } = cut.orbit;
  const { start: _start, direction: _direction, ...rest } = req;
  const base: CycleRequest = { ...rest, start: { kind: 'orbit', p: req.start.p, orbit: cut.orbit } };
  const dirs: (1 | -1)[] = req.direction === 1 || req.direction === -1 ? [req.direction] : [-1, 1];
  const halves: CycleResult[] = [];
  for (const direction of dirs) {
    const r = yield* traceCyclesSteps(model, { ...base, direction }, hooks);
    halves.push(r);
    if (r.status !== 'ok') break;
  }
  const first = halves[0];
  if (first.status === 'noStart') return { ...none(first.message), orbit: orbitInfo };
  const iterations = halves.reduce((s, h) => s + h.iterations, 0);
  const factorizations = halves.reduce((s, h) => s + h.factorizations, 0);
  const status = halves.some((h) => h.status === 'cancelled') ? 'cancelled' : 'ok';
  // The tracer locates user points between points: one at the start's own value is the start.
  const startUz = (point: CyclePoint | undefined, index: number): CycleSpecial[] =>
    point !== undefined && (req.at ?? []).includes(req.start.p) ? [{ kind: 'UZ', index, point, converged: true }] : [];
  // A run settles only on a stable cycle: an unstable one means the run only passed near it.
  const caution =
    first.points.length > 0 && !first.points[0].stable
      ? ` Caution: the simulated orbit corrects to an unstable cycle, so the run had not settled on it (it may be chaotic or still in its transient).`
      : '';
  if (halves.length === 1 && dirs.length === 1) {
    const special = [...startUz(first.points[0], 0), ...first.special];
    return { ...first, special, message: first.message + caution, startIndex: 0, firstEnd: null, orbit: orbitInfo, iterations, factorizations };
  }
  // Join: the half toward smaller values reversed, then the other half (its first point is the same orbit).
  const down = first;
  const up = halves[1] as CycleResult | undefined;
  const nb = down.points.length;
  const points = [...down.points.slice().reverse(), ...(up?.points.slice(1) ?? [])];
  // A special point between down.points[i] and down.points[i + 1] lies after down.points[i + 1] in the joined order.
  const special: CycleSpecial[] = [
    ...down.special
      .slice()
      .reverse()
      .map((s) => ({ ...s, index: nb - 2 - s.index })),
    ...startUz(down.points[0], Math.max(0, nb - 2)),
    ...(up?.special.map((s) => ({ ...s, index: s.index + nb - 1 })) ?? []),
  ];
  const end = up?.end ?? { reason: 'cancelled' as const, message: 'not traced' };
  const message =
    status === 'cancelled'
      ? `Cancelled after ${points.length} points.`
      : `Continued the cycles through the simulated orbit at ${req.param} = ${req.start.p} (period ${orbitInfo.period.toPrecision(8)}): ${points.length} points; ${
          special.length === 0 ? 'no special points' : special.map((s) => `${s.kind} at ${req.param} = ${s.point.p.toPrecision(8)}`).join(', ')
        }. Toward smaller ${req.param}: ${down.end.message}. Toward larger ${req.param}: ${end.message}.${caution}`;
  return {
    status,
    message,
    param: req.param,
    stateNames: down.stateNames,
    points,
    special,
    end,
    iterations,
    factorizations,
    startIndex: nb - 1,
    firstEnd: down.end,
    orbit: orbitInfo,
  };
}
