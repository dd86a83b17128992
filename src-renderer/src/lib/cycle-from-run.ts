/**
 * "Continue this cycle": the cycle request that starts a family from a simulated run (start kind
 * 'orbit', @shared/cycles/types CycleOrbitStart). Pure, no DOM.
 *
 * The run's parameters are those at its end: every input at its value there (a window still open
 * at the end counts). The samples sent are the second half of the stretch after the last change of
 * an input (the first half is left to the transient), thinned to at most MAX_SAMPLES, always with
 * the last sample (the engine integrates on from it until one period repeats). A run that came to
 * rest over that stretch is refused here with words a user reads; whether it settled on a periodic
 * orbit is the engine's to say (status 'noStart' with the reason).
 */
import type { CycleRequest } from '@shared/cycles/types';
import { ORBIT_START_MIN_SAMPLES } from '@shared/cycles/types';
import { validateCycle } from '@shared/cycles/validate';
import type { ModelDef } from '@shared/models/types';
import type { FieldIssue, InputSpec, SimulationRequest, SimulationResult } from '@shared/simulation/types';
import { formatExact, formatValue, parseNumber } from './format';

/** Most samples sent with the request (the engine needs the last one and the time they span). */
export const MAX_SAMPLES = 2000;
/** A state varying by less than this fraction of its size over the stretch is at rest. */
export const REST_TOL = 1e-7;

export interface RunSource {
  id: number;
  request: SimulationRequest;
  result: Pick<SimulationResult, 't' | 'names' | 'columns' | 'status'>;
  /** Present for a run of the spiking network. */
  network?: unknown;
}

export interface OrbitDrafts {
  /** The continuation parameter (a parameter or input of the model). */
  param: string;
  pFrom: string;
  pTo: string;
}

export type BuiltOrbitCycles = { ok: true; request: CycleRequest } | { ok: false; issues: FieldIssue[] };

/** The value of input `spec` at time t (later windows win; an array holds its last value). */
export function inputValueAt(spec: InputSpec, t: number, dt: number): number {
  if (spec.kind === 'array') return spec.values.length === 0 ? NaN : spec.values[Math.min(spec.values.length - 1, Math.max(0, Math.floor(t / dt)))];
  let v = spec.baseline;
  for (const w of spec.windows) if (t >= w.start && t < w.stop) v = w.value;
  return v;
}

/** The last time before `tEnd` at which an input changes value (0 when none does). */
export function lastInputChange(request: SimulationRequest, tEnd: number): number {
  let last = 0;
  const dt = request.solver.dt;
  for (const spec of Object.values(request.inputs)) {
    if (spec.kind === 'schedule') {
      for (const w of spec.windows) for (const t of [w.start, w.stop]) if (t < tEnd && t > last && w.value !== spec.baseline) last = t;
    } else {
      const n = Math.min(spec.values.length, Math.floor(tEnd / dt) + 1);
      for (let k = n - 1; k > 0; k--) {
        if (spec.values[k] !== spec.values[k - 1]) {
          last = Math.max(last, k * dt);
          break;
        }
      }
    }
  }
  return last;
}

/** Index of the first sample of the settled stretch: the second half after the last input change. */
export function settledFrom(run: RunSource): number {
  const t = run.result.t;
  const tEnd = t[t.length - 1];
  const change = Math.max(t[0], lastInputChange(run.request, tEnd));
  const from = change + (tEnd - change) / 2;
  let k = 0;
  while (k < t.length - 1 && t[k] < from) k++;
  return k;
}

/** Why the run cannot start a family (field 'run'), or null. */
function runProblem(run: RunSource, from: number): string | null {
  const name = `Run ${run.id}`;
  if (run.network !== undefined) return `${name} is a run of the spiking network, whose rate fluctuates: continue cycles from a mean-field run instead.`;
  if (run.result.status === 'blowup') return `${name} blew up: there is no bounded orbit to continue.`;
  const t = run.result.t;
  const count = t.length - from;
  if (count < ORBIT_START_MIN_SAMPLES) {
    return `${name} has only ${count} samples over its settled stretch (t from ${formatValue(t[from] ?? NaN, 6)}): simulate longer or sample more often.`;
  }
  const still: string[] = [];
  run.result.names.forEach((s, i) => {
    const c = run.result.columns[i];
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = from; k < c.length; k++) {
      lo = Math.min(lo, c[k]);
      hi = Math.max(hi, c[k]);
    }
    if (hi - lo <= REST_TOL * Math.max(Math.abs(lo), Math.abs(hi), 1e-300)) still.push(s);
  });
  if (still.length === run.result.names.length) {
    return `${name} settled on a steady state (${still.join(', ')} constant to ${REST_TOL} of their size for t from ${formatValue(t[from], 6)} to ${formatValue(t[t.length - 1], 6)}): there is no oscillation to continue. Continue the steady state on the bifurcation diagram, or simulate where the model oscillates.`;
  }
  return null;
}

/**
 * The request for the family through the oscillation `run` settled on, continued in `drafts.param`
 * over the typed range (the engine's default settings and mesh for cycles); or the issues: `run`
 * (a run that cannot start a family), `param`, `bounds`, the rest as the validator names them.
 */
export function buildOrbitCycleRequest(run: RunSource, def: ModelDef, drafts: OrbitDrafts): BuiltOrbitCycles {
  const from = settledFrom(run);
  const problem = runProblem(run, from);
  if (problem !== null) return { ok: false, issues: [{ field: 'run', message: problem }] };
  const issues: FieldIssue[] = [];
  const num = (text: string): number => {
    const p = parseNumber(text);
    if (p.ok) return p.value;
    if (!issues.some((i) => i.field === 'bounds')) issues.push({ field: 'bounds', message: p.message });
    return NaN;
  };
  const bounds: [number, number] = [num(drafts.pFrom), num(drafts.pTo)];
  const t = run.result.t;
  const tEnd = t[t.length - 1];
  const values: Record<string, number> = { ...run.request.params };
  for (const [name, spec] of Object.entries(run.request.inputs)) values[name] = inputValueAt(spec, tEnd, run.request.solver.dt);
  const known = [...def.params, ...def.inputs].find((q) => q.name === drafts.param);
  if (!known) return { ok: false, issues: [{ field: 'param', message: `choose a parameter or input of ${def.name}` }] };
  const p = values[drafts.param] ?? known.default;
  delete values[drafts.param];
  // Thinned from the last sample backwards, so that the last sample is always sent.
  const stride = Math.max(1, Math.ceil((t.length - from) / MAX_SAMPLES));
  const picks: number[] = [];
  for (let k = t.length - 1; k >= from; k -= stride) picks.push(k);
  picks.reverse();
  const request: CycleRequest = {
    model: run.request.model,
    ...(run.request.def ? { def: run.request.def } : {}),
    param: drafts.param,
    values,
    start: {
      kind: 'orbit',
      label: `run ${run.id}`,
      t: picks.map((k) => t[k]),
      y: run.result.columns.map((c) => picks.map((k) => c[k])),
      p,
    },
    bounds,
    settings: {},
  };
  if (issues.length === 0) issues.push(...validateCycle(request, def));
  return issues.length === 0 ? { ok: true, request } : { ok: false, issues };
}

/** "g = 1.5" of the run's value of `param` (exact), for the form's note. */
export function runValueText(run: RunSource, param: string): string {
  const t = run.result.t;
  const v =
    param in run.request.params
      ? run.request.params[param]
      : run.request.inputs[param]
        ? inputValueAt(run.request.inputs[param], t[t.length - 1], run.request.solver.dt)
        : NaN;
  return `${param} = ${formatExact(v)}`;
}
