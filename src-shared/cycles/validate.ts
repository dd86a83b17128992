/**
 * Refusing bad cycle requests (./types.ts CycleRequest) before any work, one issue per problem naming
 * the field (`param`, `values.tau`, `start.state[2]`, `start.omega`, `bounds`, `ntst`, `at[0]`,
 * `settings.dsMax`, ...).
 *
 * `checkCycleRequestShape` accepts any value (arguments arriving over IPC or from a file) and never
 * throws; `validateCycle` runs it first, then checks the values against the model: the parameter
 * exists, every number is finite, the range goes from a smaller to a larger value inside the
 * parameter's domain and contains the Hopf point, the start's state has one value per state
 * variable and a positive frequency, the mesh sizes are whole numbers in the engine's limits, and
 * the continuation settings given are valid (@shared/continuation/validate).
 */
import { checkSettings, checkSettingsShape, domainProblem } from '../continuation/validate';
import type { ModelDef } from '../models/types';
import type { FieldIssue } from '../simulation/types';
import { CYCLE_MESH_LIMITS, type CycleRequest } from './types';

type Obj = Record<string, unknown>;

const isObject = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);
const isNumberPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2 && x.every((v) => typeof v === 'number');

/** Checks that `x` has the structure of a CycleRequest (types only, not values). Never throws. */
export function checkCycleRequestShape(x: unknown): FieldIssue[] {
  if (!isObject(x)) return [{ field: 'request', message: 'must be an object with model, param, values, start, bounds and settings' }];
  const issues: FieldIssue[] = [];
  const bad = (field: string, message: string) => issues.push({ field, message });
  if (typeof x.model !== 'string') bad('model', 'must be a model name');
  if (typeof x.param !== 'string') bad('param', 'must name a parameter or input');
  if (!isObject(x.values)) bad('values', 'must be an object mapping names to numbers');
  else for (const key of Object.keys(x.values)) if (typeof x.values[key] !== 'number') bad(`values.${key}`, 'must be a number');
  const s = x.start;
  if (!isObject(s)) bad('start', 'must be the Hopf point: an object with label, state, p and omega');
  else {
    if (typeof s.label !== 'string' || s.label.trim() === '') bad('start.label', 'must be the label of the Hopf point (e.g. HB1)');
    if (!Array.isArray(s.state) || !s.state.every((v) => typeof v === 'number')) bad('start.state', 'must be a list of numbers (the state)');
    if (typeof s.p !== 'number') bad('start.p', 'must be a number (the parameter value of the Hopf point)');
    if (typeof s.omega !== 'number') bad('start.omega', 'must be a number (the frequency of the Hopf point)');
  }
  if (!isNumberPair(x.bounds)) bad('bounds', 'must be two numbers [from, to]');
  for (const key of ['ntst', 'ncol'] as const) if (x[key] !== undefined && typeof x[key] !== 'number') bad(key, 'must be a number');
  if (x.at !== undefined && (!Array.isArray(x.at) || !x.at.every((v) => typeof v === 'number'))) bad('at', 'must be a list of parameter values (numbers)');
  checkSettingsShape(x.settings, issues);
  return issues;
}

/** All reasons `req` cannot be traced on `def`, or [] when it can. Never throws, whatever `req` holds. */
export function validateCycle(req: CycleRequest, def: ModelDef): FieldIssue[] {
  const shape = checkCycleRequestShape(req);
  if (shape.length > 0) return shape;
  const issues: FieldIssue[] = [];
  const bad = (field: string, message: string) => issues.push({ field, message });
  if (req.model !== def.name) bad('model', `model '${req.model}' does not match the definition '${def.name}'`);
  const names = [...def.params, ...def.inputs].map((q) => q.name);
  const domainOf = (name: string) => def.params.find((q) => q.name === name)?.domain;

  for (const key of Object.keys(req.values)) {
    const v = req.values[key];
    if (!names.includes(key)) bad(`values.${key}`, `unknown parameter or input '${key}' (${def.name} has: ${names.join(', ')})`);
    else if (!Number.isFinite(v)) bad(`values.${key}`, `must be a finite number (got ${v})`);
    else {
      const problem = domainProblem(v, domainOf(key));
      if (problem !== null) bad(`values.${key}`, `${key} ${problem} (got ${v})`);
    }
  }
  const known = names.includes(req.param);
  if (!known) bad('param', `unknown parameter or input '${req.param}' (${def.name} has: ${names.join(', ')})`);

  const n = def.states.length;
  const { state, p, omega } = req.start;
  if (state.length !== n)
    bad('start.state', `must hold ${n} values, one per state variable (${def.states.map((q) => q.name).join(', ')}), got ${state.length}`);
  else state.forEach((v, i) => Number.isFinite(v) || bad(`start.state[${i}]`, `must be a finite number (got ${v})`));
  if (!Number.isFinite(p)) bad('start.p', `must be a finite number (got ${p})`);
  if (!Number.isFinite(omega) || !(omega > 0)) bad('start.omega', `the Hopf point's frequency must be a finite number > 0 (got ${omega})`);

  const [lo, hi] = req.bounds;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) bad('bounds', `must be finite numbers (got [${lo}, ${hi}])`);
  else if (!(lo < hi)) bad('bounds', `the range of ${req.param} must go from a smaller to a larger value (got [${lo}, ${hi}])`);
  else {
    const problem = known ? domainProblem(lo, domainOf(req.param)) : null;
    if (problem !== null) bad('bounds', `${req.param} ${problem}: the range [${lo}, ${hi}] leaves the model's domain`);
    if (Number.isFinite(p) && (p < lo || p > hi))
      bad('bounds', `the range [${lo}, ${hi}] does not contain the Hopf point's ${req.param} = ${p}; widen the range`);
    (req.at ?? []).forEach((v, i) => {
      if (!Number.isFinite(v) || !(v >= lo && v <= hi))
        bad(`at[${i}]`, `a user point must be a value of ${req.param} inside the range [${lo}, ${hi}] (got ${v})`);
    });
  }
  for (const key of ['ntst', 'ncol'] as const) {
    const v = req[key];
    const [min, max] = CYCLE_MESH_LIMITS[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max)) bad(key, `must be a whole number from ${min} to ${max} (got ${v})`);
  }
  checkSettings(req.settings, issues);
  return issues;
}
