/**
 * The simulation driver: turns a request into an ODE problem, loops a stepper over it, samples the
 * state, switches the inputs, reports progress, honours cancellation and stops on blow-up.
 *
 * Promises (see SimulationResult):
 * - samples at t_k = k * sample for k = 0..floor(tEnd/sample) (t_k computed, never accumulated),
 *   those with t_k < cutoff dropped; integration runs from 0 to the last sample time;
 * - euler / rk4: steps of dt on the grid i*dt; the sample at t_k is the state at grid step
 *   k * (sample/dt); a step holding an input change is split into shorter steps ending at the change
 *   (./inputs.ts), so every window edge is landed on exactly, whatever dt;
 * - dopri5, rodas4, auto (adaptive): integrate piecewise between the times where an input changes,
 *   restarting the stepper at each, so every discontinuity is a step boundary (inside a piece the
 *   right-hand side does not depend on t, so rodas4 needs no df/dt); samples come from the
 *   stepper's dense output; auto switches between dopri5 and rodas4 (./ode/stiffness.ts) and its
 *   message says where;
 * - failures are data: 'blowup' (a non-finite state, or an adaptive step size underflowing) and
 *   'cancelled' return everything computed until then, columns cut to the samples written.
 * An invalid request (validateSimulation) is a programming error of the caller: it throws
 * SimulationRequestError before any work.
 *
 * The hot loops allocate nothing: columns are allocated once, inputs are merged into constant
 * segments beforehand, and the fixed-step loop runs whole chunks between events (sample, input
 * change, progress check) through the stepper's `advance`.
 */
import { resolveRequest } from '@shared/simulation/defaults';
import { sampleGrid, sampleStride, sampleTime, type SampleGrid } from '@shared/simulation/grid';
import { isAdaptive, type FieldIssue, type InputSpec, type SimulationRequest, type SimulationResult, type SolverSettings } from '@shared/simulation/types';
import { groupDigits, validateSimulation } from '@shared/simulation/validate';
import type { CompiledModel, Vec } from './compiled-model';
import { edgesOnSteps, mergeSignals, signalInTime, type InputSegments } from './inputs';
import { Dopri5Stepper, STEP_REJECTED, STEP_UNDERFLOW } from './ode/dopri5';
import { fixedStepper } from './ode/fixed-step';
import { Rodas4Stepper } from './ode/rodas4';
import { AutoStepper, type AdaptiveStepper } from './ode/stiffness';
import { SampleColumns } from './sample-columns';
import { clockMs } from './clock';

export interface SimulateHooks {
  /** Called about every 1/200 of the run (and at least every 2^14 fixed steps) with the fraction done. */
  onProgress?(fraction: number, t: number): void;
  /** Polled as often as onProgress (adaptive methods: every 256 step attempts); true stops the run. */
  isCancelled?(): boolean;
}

/** Thrown by `simulate` for a request that validateSimulation refuses. */
export class SimulationRequestError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`Invalid simulation request: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'SimulationRequestError';
  }
}

/** Most fixed steps between two progress/cancellation checks (~1-2 ms of RK4 on small models). */
const CHECK_STEPS = 1 << 14;
/** Adaptive step attempts between two progress/cancellation checks. */
const CHECK_ATTEMPTS = 256;

/** The numbers of a run, in the compiled model's order. */
interface Problem {
  model: CompiledModel;
  /** Parameters then inputs (inputs rewritten per segment). */
  p: Float64Array;
  y0: Float64Array;
  /** Input signals in the order of p[nParams..]. */
  inputs: InputSpec[];
  solver: SolverSettings;
  grid: SampleGrid;
}

/** How a driver ended. */
interface RunEnd {
  status: SimulationResult['status'];
  message: string;
  blowup?: { t: number; variable: string };
  steps: number;
  rejected: number;
  rhsEvaluations: number;
}

const fmt = (t: number): string => String(Number(t.toPrecision(10)));

function makeProblem(model: CompiledModel, req: SimulationRequest): Problem {
  const def = model.def;
  const resolved = resolveRequest(req, def);
  const byName = (names: { name: string }[], values: number[]) => new Map(names.map((s, i) => [s.name, values[i]]));
  const params = byName(def.params, resolved.params);
  const initial = byName(def.states, resolved.initial);
  const inputs = new Map(def.inputs.map((s, i) => [s.name, resolved.inputs[i]]));
  const inputNames = model.paramNames.slice(model.nParams);
  const specs = inputNames.map((name) => inputs.get(name) as InputSpec);
  const p = new Float64Array(model.paramNames.length);
  model.paramNames.forEach((name, k) => (p[k] = k < model.nParams ? (params.get(name) as number) : 0));
  const y0 = Float64Array.from(model.stateNames, (name) => initial.get(name) as number);
  return { model, p, y0, inputs: specs, solver: resolved.solver, grid: sampleGrid(resolved.solver) };
}

function setInputs(p: Vec, nParams: number, segs: InputSegments, seg: number): void {
  for (let j = 0; j < segs.nInputs; j++) p[nParams + j] = segs.values[seg * segs.nInputs + j];
}

/**
 * Index of the variable to blame for a non-finite state, or -1 when y is finite: the first one
 * that overflowed to +-Infinity (the cause), else the first NaN (often a consequence, e.g. 0*Inf).
 */
function firstNonFinite(y: Vec): number {
  let nan = -1;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v === Infinity || v === -Infinity) return i;
    if (nan < 0 && v !== v) nan = i;
  }
  return nan;
}

/**
 * The variable to blame when a step from the finite state `before` produced a non-finite `after`:
 * among the non-finite entries of `after`, the one growing fastest relative to its size at
 * `before` (|f_i| / max(|y_i|, 1)). Within one rk4 step a runaway v can drag u to infinity too;
 * the slope says v is the cause. Runs once per blow-up, so it may allocate.
 */
function blameIndex(model: CompiledModel, p: Vec, before: Vec, after: Vec): number {
  const slope = new Float64Array(before.length);
  model.rhs(before, p, slope);
  let best = -1;
  let bestRate = -1;
  for (let i = 0; i < after.length; i++) {
    if (Number.isFinite(after[i])) continue;
    const rate = Math.abs(slope[i]) / Math.max(Math.abs(before[i]), 1);
    const r = rate === rate ? rate : Infinity;
    if (r > bestRate) {
      best = i;
      bestRate = r;
    }
  }
  return best;
}

function blowupEnd(prob: Problem, t: number, q: number, counts: Omit<RunEnd, 'status' | 'message'>): RunEnd {
  const variable = prob.model.stateNames[q];
  return {
    status: 'blowup',
    message: `Integration blew up: ${variable} became non-finite at t = ${fmt(t)} (try a smaller dt or check the parameters)`,
    blowup: { t, variable },
    ...counts,
  };
}

/** Blow-up at t = 0 when f(y0) is not finite: nothing can be integrated from there. */
function badSlopeEnd(prob: Problem, slope: Vec): RunEnd | null {
  const q = firstNonFinite(slope);
  if (q < 0) return null;
  const variable = prob.model.stateNames[q];
  return {
    status: 'blowup',
    message:
      `The right-hand side of ${variable}' is not finite at the initial state (t = 0, ${variable}' = ${slope[q]}); ` +
      'check the parameters and the initial values',
    blowup: { t: 0, variable },
    steps: 0,
    rejected: 0,
    rhsEvaluations: 1,
  };
}

const cancelledEnd = (t: number, counts: Omit<RunEnd, 'status' | 'message'>): RunEnd => ({
  status: 'cancelled',
  message: `Cancelled at t = ${fmt(t)}; the samples up to there are kept`,
  ...counts,
});

/**
 * euler / rk4: steps of dt on the grid i*dt, chunks of steps between events. An input change inside
 * a step splits that step into shorter ones ending at the change (see ./inputs.ts, edgesOnSteps).
 */
function runFixed(prob: Problem, out: SampleColumns, hooks: SimulateHooks): RunEnd {
  const { model, p, solver, grid } = prob;
  const method = solver.method === 'euler' ? 'euler' : 'rk4';
  const dt = solver.dt;
  const n = prob.y0.length;
  const stride = sampleStride(solver);
  const nSteps = grid.kLast * stride;
  const segs = mergeSignals(
    prob.inputs.map((s) => signalInTime(s, dt, grid.tStop)),
    grid.tStop,
  );
  const edges = edgesOnSteps(segs, dt);
  const stepper = fixedStepper(model, method);
  const y = Float64Array.from(prob.y0);
  const yChunk = new Float64Array(n);
  const checkEvery = Math.max(1, Math.min(CHECK_STEPS, Math.ceil(nSteps / 200)));
  /** Extra steps made by splitting steps at input changes. */
  let split = 0;
  const counts = (steps: number) => ({ steps: steps + split, rejected: 0, rhsEvaluations: 1 + (steps + split) * stepper.rhsPerStep });

  setInputs(p, model.nParams, segs, 0);
  model.rhs(y, p, yChunk);
  const bad = badSlopeEnd(prob, yChunk);
  if (bad !== null) {
    if (grid.kFirst === 0) out.write(0, y);
    return bad;
  }
  let seg = 0;
  let segEnd = edges.step[1];
  let k = grid.kFirst;
  let nextSample = k * stride;
  let nextCheck = checkEvery;
  let i = 0;
  for (;;) {
    if (i === nextSample) {
      out.write(sampleTime(solver.sample, k), y);
      k++;
      nextSample = k <= grid.kLast ? k * stride : Infinity;
    }
    if (i >= nSteps) break;
    while (i >= segEnd && edges.inside[seg + 1] === 0) {
      seg++;
      setInputs(p, model.nParams, segs, seg);
      segEnd = edges.step[seg + 1];
    }
    if (i >= nextCheck) {
      nextCheck += checkEvery;
      hooks.onProgress?.(i / nSteps, i * dt);
      if (hooks.isCancelled?.() === true) return cancelledEnd(i * dt, counts(i));
    }
    if (i === segEnd) {
      // Step i holds input changes strictly inside it: step to each, switch, then on to (i+1)*dt.
      yChunk.set(y);
      let t = i * dt;
      while (edges.step[seg + 1] === i) {
        const edge = segs.starts[seg + 1];
        stepper.step(y, p, edge - t);
        split++;
        t = edge;
        seg++;
        if (firstNonFinite(y) >= 0) return blowupEnd(prob, t, blameIndex(model, p, yChunk, y), counts(i));
        setInputs(p, model.nParams, segs, seg);
        yChunk.set(y);
      }
      segEnd = edges.step[seg + 1];
      stepper.step(y, p, (i + 1) * dt - t);
      i++;
      if (firstNonFinite(y) >= 0) return blowupEnd(prob, i * dt, blameIndex(model, p, yChunk, y), counts(i));
      continue;
    }
    const stop = Math.min(nextSample, segEnd, nextCheck, nSteps);
    for (let q = 0; q < n; q++) yChunk[q] = y[q];
    stepper.advance(y, p, dt, stop - i);
    let sum = 0;
    for (let q = 0; q < n; q++) sum += y[q];
    if (!Number.isFinite(sum) && firstNonFinite(y) >= 0) {
      // A non-finite entry stays non-finite under y += h*(...), so it arose in this chunk:
      // replay it step by step (same arithmetic, same numbers) to find the step.
      y.set(yChunk);
      for (let j = i; j < stop; j++) {
        yChunk.set(y);
        stepper.step(y, p, dt);
        if (firstNonFinite(y) >= 0) return blowupEnd(prob, (j + 1) * dt, blameIndex(model, p, yChunk, y), counts(j + 1));
      }
    }
    i = stop;
  }
  hooks.onProgress?.(1, nSteps * dt);
  const splitNote = split > 0 ? ` (and ${groupDigits(split)} shortened to end at input changes)` : '';
  return {
    status: 'ok',
    message: `${method}: ${groupDigits(nSteps)} steps of ${dt}${splitNote}, ${groupDigits(out.written)} samples`,
    ...counts(nSteps),
  };
}

function adaptiveStepper(model: CompiledModel, solver: SolverSettings): AdaptiveStepper {
  const opts = { rtol: solver.rtol, atol: solver.atol, h0: solver.dt };
  if (solver.method === 'rodas4') return new Rodas4Stepper(model, opts);
  if (solver.method === 'auto') return new AutoStepper(model, opts);
  return new Dopri5Stepper(model, opts);
}

/** dopri5, rodas4, auto: adaptive steps, restarted at every input change, samples from the dense output. */
function runAdaptive(prob: Problem, out: SampleColumns, hooks: SimulateHooks): RunEnd {
  const { model, p, solver, grid } = prob;
  const tStop = grid.tStop;
  const segs = mergeSignals(
    prob.inputs.map((s) => signalInTime(s, solver.dt, tStop)),
    tStop,
  );
  const st = adaptiveStepper(model, solver);
  const buf = new Float64Array(prob.y0.length);
  const counts = () => ({ steps: st.accepted, rejected: st.rejected, rhsEvaluations: st.rhsEvaluations });

  setInputs(p, model.nParams, segs, 0);
  st.start(0, prob.y0, p);
  let k = grid.kFirst;
  if (k === 0) {
    out.write(0, st.y);
    k = 1;
  }
  const bad = badSlopeEnd(prob, st.slope);
  if (bad !== null) return bad;
  let attempts = 0;
  for (let seg = 0; seg < segs.count; seg++) {
    const segEnd = segs.starts[seg + 1];
    if (seg > 0) {
      setInputs(p, model.nParams, segs, seg);
      st.start(st.t, st.y, p);
    }
    while (st.t < segEnd) {
      const outcome = st.step(p, segEnd);
      if (++attempts % CHECK_ATTEMPTS === 0) {
        hooks.onProgress?.(st.t / tStop, st.t);
        if (hooks.isCancelled?.() === true) return cancelledEnd(st.t, counts());
      }
      if (outcome === STEP_REJECTED) continue;
      if (outcome === STEP_UNDERFLOW) {
        const variable = model.stateNames[st.worstComponent()];
        const method = st instanceof AutoStepper ? `auto (${st.current})` : st.name;
        return {
          status: 'blowup',
          message:
            `${method} step size underflow at t = ${fmt(st.t)}: ${variable} cannot be followed to ` +
            `rtol = ${solver.rtol}, atol = ${solver.atol} (the solution may blow up here; check the parameters ` +
            'or loosen the tolerances)',
          blowup: { t: st.t, variable },
          ...counts(),
        };
      }
      const y = st.y;
      const q = firstNonFinite(y);
      if (q >= 0) return blowupEnd(prob, st.t, q, counts());
      for (; k <= grid.kLast; k++) {
        const tk = sampleTime(solver.sample, k);
        if (tk > st.t) break;
        if (tk >= st.t) out.write(tk, y);
        else {
          st.dense(tk, buf);
          out.write(tk, buf);
        }
      }
    }
  }
  hooks.onProgress?.(1, tStop);
  const how = st instanceof AutoStepper ? `auto: ${st.describe()}; ` : `${st.name}: `;
  return {
    status: 'ok',
    message: `${how}${groupDigits(st.accepted)} steps (${groupDigits(st.rejected)} rejected), ` + `${groupDigits(out.written)} samples`,
    ...counts(),
  };
}

/** Runs `req` on `model` (see the file comment for what is promised). */
export function simulate(model: CompiledModel, req: SimulationRequest, hooks: SimulateHooks = {}): SimulationResult {
  const issues = validateSimulation(req, model.def);
  if (issues.length > 0) throw new SimulationRequestError(issues);
  const started = clockMs();
  const prob = makeProblem(model, req);
  const out = new SampleColumns(prob.grid.count, prob.y0.length);
  const end = isAdaptive(prob.solver.method) ? runAdaptive(prob, out, hooks) : runFixed(prob, out, hooks);
  const result: SimulationResult = {
    status: end.status,
    message: end.message,
    t: out.times(),
    names: [...model.stateNames],
    columns: out.columns(),
    stats: {
      steps: end.steps,
      rejectedSteps: end.rejected,
      rhsEvaluations: end.rhsEvaluations,
      wallMs: clockMs() - started,
    },
  };
  if (end.blowup) result.blowup = end.blowup;
  return result;
}
