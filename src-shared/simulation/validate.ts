/**
 * Refusing bad simulation requests before any work, with one issue per problem naming the field
 * (`solver.dt`, `params.tau`, `inputs.I_ext.windows[0].start`, ...).
 *
 * `checkSimulationRequestShape` accepts any value (it checks arguments arriving over IPC or from a
 * file) and never throws; `validateSimulation` runs it first, then checks the values against the
 * model definition and the solver's rules. A request with no issues runs.
 */
import type { ModelDef } from '../models/types';
import { isMultiple, sampleGrid, stepsToCover } from './grid';
import { checkNamed, checkNumberRecord, finiteIssue, isObject } from '../field-checks';
import { keysOf } from '../settings';
import { MIN_RTOL, SOLVER_SETTINGS } from './settings';
import { MAX_OUTPUT_VALUES, METHODS, isAdaptive, type FieldIssue, type SimulationRequest } from './types';

/** Fixed-step runs longer than this many steps are refused (a run of 10^12 steps takes hours). */
export const MAX_STEPS = 1e12;
export { MIN_RTOL } from './settings';

const SOLVER_NUMBERS = keysOf(SOLVER_SETTINGS);

const isNumberArray = (x: unknown): boolean => x instanceof Float64Array || (Array.isArray(x) && x.every((v) => typeof v === 'number'));

/** `1234567` -> `1,234,567`. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function checkInputShape(x: unknown, field: string, issues: FieldIssue[]): void {
  if (!isObject(x)) {
    issues.push({ field, message: "must be an input signal ({ kind: 'schedule' | 'array', ... })" });
    return;
  }
  if (x.kind === 'array') {
    if (!isNumberArray(x.values)) issues.push({ field: `${field}.values`, message: 'must be an array of numbers' });
    return;
  }
  if (x.kind !== 'schedule') {
    issues.push({ field: `${field}.kind`, message: "must be 'schedule' or 'array'" });
    return;
  }
  if (typeof x.baseline !== 'number') issues.push({ field: `${field}.baseline`, message: 'must be a number' });
  if (!Array.isArray(x.windows)) {
    issues.push({ field: `${field}.windows`, message: 'must be an array of { start, stop, value }' });
    return;
  }
  x.windows.forEach((w: unknown, i: number) => {
    const wf = `${field}.windows[${i}]`;
    if (!isObject(w)) issues.push({ field: wf, message: 'must be an object { start, stop, value }' });
    else for (const key of ['start', 'stop', 'value']) if (typeof w[key] !== 'number') issues.push({ field: `${wf}.${key}`, message: 'must be a number' });
  });
}

/** Checks that `x` has the structure of a SimulationRequest (types only, not values). Never throws. */
export function checkSimulationRequestShape(x: unknown): FieldIssue[] {
  if (!isObject(x)) {
    return [{ field: 'request', message: 'must be an object with model, params, initial, inputs and solver' }];
  }
  const issues: FieldIssue[] = [];
  if (typeof x.model !== 'string') issues.push({ field: 'model', message: 'must be a model name' });
  checkNumberRecord(x.params, 'params', issues);
  checkNumberRecord(x.initial, 'initial', issues);
  if (!isObject(x.inputs)) issues.push({ field: 'inputs', message: 'must be an object mapping input names to signals' });
  else for (const key of Object.keys(x.inputs)) checkInputShape(x.inputs[key], `inputs.${key}`, issues);
  const solver = x.solver;
  if (!isObject(solver)) {
    issues.push({ field: 'solver', message: 'must be an object with method, dt, tEnd, sample, cutoff, rtol, atol' });
  } else {
    if (typeof solver.method !== 'string') issues.push({ field: 'solver.method', message: 'must be a method name' });
    for (const key of SOLVER_NUMBERS) if (typeof solver[key] !== 'number') issues.push({ field: `solver.${key}`, message: 'must be a number' });
  }
  return issues;
}

function checkDomain(name: string, v: number, domain: string | undefined): string | null {
  if (domain === 'positive' && !(v > 0)) return `${name} must be > 0 (got ${v})`;
  if (domain === 'nonnegative' && !(v >= 0)) return `${name} must be >= 0 (got ${v})`;
  if (domain === 'nonzero' && v === 0) return `${name} must not be 0`;
  return null;
}

function checkSolver(req: SimulationRequest, def: ModelDef, issues: FieldIssue[]): boolean {
  const s = req.solver;
  const before = issues.length;
  const method = s.method as string;
  if (!(METHODS as readonly string[]).includes(method)) {
    issues.push({ field: 'solver.method', message: `unknown method '${method}' (use ${METHODS.slice(0, -1).join(', ')} or ${METHODS[METHODS.length - 1]})` });
  }
  for (const key of SOLVER_NUMBERS) if (!Number.isFinite(s[key])) issues.push(finiteIssue(`solver.${key}`, s[key]));
  if (issues.length > before) return false;
  if (s.dt <= 0) issues.push({ field: 'solver.dt', message: `must be > 0 (got ${s.dt})` });
  if (s.tEnd <= 0) issues.push({ field: 'solver.tEnd', message: `must be > 0 (got ${s.tEnd})` });
  if (s.cutoff < 0) issues.push({ field: 'solver.cutoff', message: `must be >= 0 (got ${s.cutoff})` });
  const adaptive = isAdaptive(s.method);
  if (adaptive) {
    if (!(s.rtol >= MIN_RTOL)) issues.push({ field: 'solver.rtol', message: `must be > 0 and at least ${MIN_RTOL.toExponential(1)} (got ${s.rtol})` });
    if (!(s.atol > 0)) issues.push({ field: 'solver.atol', message: `must be > 0 (got ${s.atol})` });
  }
  if (issues.length > before) return false;
  if (s.sample < s.dt) {
    issues.push({ field: 'solver.sample', message: `must be >= dt (${s.dt}) (got ${s.sample})` });
  } else if (s.sample > s.tEnd) {
    issues.push({ field: 'solver.sample', message: `must be <= tEnd (${s.tEnd}) (got ${s.sample})` });
  } else if (!adaptive && !isMultiple(s.sample, s.dt)) {
    issues.push({
      field: 'solver.sample',
      message: `must be a multiple of dt for ${method} (${s.sample} is ${s.sample / s.dt} steps of ${s.dt})`,
    });
  }
  if (issues.length > before) return false;
  const grid = sampleGrid(s);
  if (grid.count === 0) {
    issues.push({ field: 'solver.cutoff', message: `drops every sample: must be <= ${grid.tStop} (the last sample time)` });
  }
  const values = grid.count * (def.states.length + 1);
  if (values > MAX_OUTPUT_VALUES) {
    issues.push({
      field: 'solver.sample',
      message:
        `would produce ${groupDigits(values)} values, more than the limit of ${groupDigits(MAX_OUTPUT_VALUES)}; ` +
        'increase solver.sample or shorten solver.tEnd',
    });
  }
  const steps = stepsToCover(s);
  if (!adaptive && steps > MAX_STEPS) {
    issues.push({
      field: 'solver.dt',
      message: `the run would take ${steps.toExponential(2)} steps, more than ${MAX_STEPS.toExponential(0)}; increase solver.dt`,
    });
  }
  return issues.length === before;
}

function checkInputs(req: SimulationRequest, def: ModelDef, solverOk: boolean, issues: FieldIssue[]): void {
  const names = def.inputs.map((i) => i.name);
  for (const name of Object.keys(req.inputs)) {
    const field = `inputs.${name}`;
    if (!names.includes(name)) {
      issues.push({ field, message: `unknown input '${name}' (${def.name} has: ${names.join(', ') || 'none'})` });
      continue;
    }
    const spec = req.inputs[name];
    if (spec.kind === 'array') {
      const bad = Array.prototype.findIndex.call(spec.values, (v: number) => !Number.isFinite(v));
      if (bad >= 0) issues.push(finiteIssue(`${field}.values[${bad}]`, spec.values[bad]));
      if (solverOk) {
        const needed = stepsToCover(req.solver);
        if (spec.values.length < needed) {
          issues.push({
            field: `${field}.values`,
            message:
              `has ${groupDigits(spec.values.length)} values but the run needs ${groupDigits(needed)} ` +
              `(one per step of dt = ${req.solver.dt} up to t = ${sampleGrid(req.solver).tStop})`,
          });
        }
      }
      continue;
    }
    if (!Number.isFinite(spec.baseline)) issues.push(finiteIssue(`${field}.baseline`, spec.baseline));
    spec.windows.forEach((w, i) => {
      const wf = `${field}.windows[${i}]`;
      let ok = true;
      for (const key of ['start', 'stop', 'value'] as const) {
        if (!Number.isFinite(w[key])) {
          issues.push(finiteIssue(`${wf}.${key}`, w[key]));
          ok = false;
        }
      }
      if (!ok) return;
      if (w.start < 0) issues.push({ field: `${wf}.start`, message: `must be >= 0 (got ${w.start})` });
      if (w.stop <= w.start) {
        issues.push({ field: `${wf}.stop`, message: `must be greater than start (${w.start}) (got ${w.stop})` });
      }
    });
  }
}

/**
 * All reasons `req` cannot run `def`, or [] when it can. Never throws, whatever `req` holds.
 * Checks: the shape, the model name, parameter/state/input names and values (finite, inside each
 * parameter's domain), the solver (method, dt > 0, tEnd > 0, dt <= sample <= tEnd, sample a multiple
 * of dt for fixed-step methods, rtol/atol for the adaptive ones), input windows (start >= 0, stop > start),
 * array inputs long enough for the run, and the output size (MAX_OUTPUT_VALUES).
 */
export function validateSimulation(req: SimulationRequest, def: ModelDef): FieldIssue[] {
  const shape = checkSimulationRequestShape(req);
  if (shape.length > 0) return shape;
  const issues: FieldIssue[] = [];
  if (req.model !== def.name) {
    issues.push({ field: 'model', message: `model '${req.model}' does not match the definition '${def.name}'` });
  }
  checkNamed(req.params, 'parameter', 'params', def.params, def, issues);
  for (const p of def.params) {
    if (!Object.prototype.hasOwnProperty.call(req.params, p.name)) continue;
    const v = req.params[p.name];
    const problem = Number.isFinite(v) ? checkDomain(p.name, v, p.domain) : null;
    if (problem !== null) issues.push({ field: `params.${p.name}`, message: problem });
  }
  checkNamed(req.initial, 'state variable', 'initial', def.states, def, issues);
  const solverOk = checkSolver(req, def, issues);
  checkInputs(req, def, solverOk, issues);
  return issues;
}
